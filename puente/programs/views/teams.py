"""Teams, the coordinator's weekly caseload review."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from puente.accounts.access import roles
from puente.accounts.roles import Role
from puente.accounts.selectors import members_of_sites, site_ids_for, sites_for
from puente.programs.forms import ReviewForm, TeamForm
from puente.programs.selectors import scope
from puente.programs.selectors.overview import (
    review_attendee_choices,
    review_choices,
    reviews_at,
    site_overview,
)
from puente.programs.services import reviews as review_services
from puente.programs.services import teams as services
from puente.web.languages import language


@roles(scope.MANAGERS)
def team_list(request: HttpRequest) -> HttpResponse:
    overview = site_overview(request.user, site_ids_for(request.user, scope.MANAGERS), language())
    return render(
        request,
        "programs/team_list.html",
        {"teams": overview.teams, "waiting": overview.waiting, "more_waiting": overview.waiting_more},
    )


@roles(scope.MANAGERS)
def team_create(request: HttpRequest) -> HttpResponse:
    site_ids = site_ids_for(request.user, scope.MANAGERS)
    form = TeamForm(
        request.POST or None,
        sites=sites_for(request.user, scope.MANAGERS),
        psws=members_of_sites(site_ids, [Role.PSW]),
        cmhws=members_of_sites(site_ids, [Role.CMHW]),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        members = [
            services.MemberSpec(
                worker=data["psw"],
                role="psw",
                fte=data["psw_fte"],
                gender=data["psw_gender"],
                age_band=data["psw_age_band"],
            )
        ]
        if data["cmhw"]:
            members.append(services.MemberSpec(worker=data["cmhw"], role="cmhw", fte=data["cmhw_fte"]))
        try:
            services.do_create_team(
                actor=request.user,
                site=data["site"],
                name=data["name"],
                members=members,
                languages=data["languages"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Team created."))
            return redirect("team_list")
    return render(request, "programs/team_form.html", {"form": form})


@roles(scope.MANAGERS)
def caseload_review(request: HttpRequest) -> HttpResponse:
    site_ids = site_ids_for(request.user, scope.MANAGERS)
    overview = site_overview(request.user, site_ids, language())
    discussed = [(str(r.enrolment.pk), r.participant.study_code) for r in review_choices(overview)]
    form = ReviewForm(
        request.POST or None,
        sites=sites_for(request.user, scope.MANAGERS),
        attendees=review_attendee_choices(site_ids),
        discussed=discussed,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = {int(pk) for pk in data["discussed"]}
        site = data["site"]
        site_figures = site_overview(request.user, {site.pk}, language()).figures
        try:
            review_services.do_record_review(
                actor=request.user,
                site=site,
                held_on=data["held_on"],
                attendees=list(data["attendees"]),
                discussed=[r.enrolment for r in review_choices(overview) if r.enrolment.pk in chosen],
                notes=data["notes"],
                decisions=data["decisions"],
                figures=site_figures,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Review meeting recorded."))
            return redirect("caseload_review")
    return render(
        request,
        "programs/caseload_review.html",
        {"overview": overview, "form": form, "reviews": reviews_at(site_ids)},
    )
