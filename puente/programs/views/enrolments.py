"""Enrolling (with the concealed allocation), the enrolment page, teams, phases and the end."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from puente.accounts.access import roles
from puente.accounts.roles import IDENTITY_READERS
from puente.accounts.selectors import site_ids_for
from puente.people import selectors as people
from puente.programs.course import phase_name
from puente.programs.forms import (
    CloseForm,
    EnrolForm,
    ExitForm,
    PhaseDatesForm,
    StartForm,
    TeamChoiceForm,
    TransitionForm,
)
from puente.programs.selectors import delivery, scope
from puente.programs.services import enrolment as services
from puente.programs.services import teams as team_services
from puente.programs.views.common import managed_enrolment, worked_enrolment
from puente.web.conflicts import save_or_conflict
from puente.web.forms_flow import save_form
from puente.web.languages import language


@roles(scope.MANAGERS)
def enrol(request: HttpRequest, pk: int) -> HttpResponse:
    """Two steps: the checklist is shown for confirmation; the allocation is drawn only on confirm."""
    programme = scope.get_programme(request.user, pk)
    if not scope.can_manage_programme(request.user, programme):
        raise PermissionDenied
    participants = delivery.enrollable_participants(request.user, programme)
    form = EnrolForm(request.POST or None, participants=participants)
    checklist, confirming = [], False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        participant = data["participant"]
        try:
            services.check_can_enrol(
                programme=programme,
                participant=participant,
                site=participant.site,
                enrolled_on=data["enrolled_on"],
            )
            checklist = services.check_eligibility(
                programme=programme,
                participant=participant,
                first_visit_on=data["first_visit_on"],
                on=data["enrolled_on"],
                language=language(),
            )
            if request.POST.get("confirm") == "yes":
                enrolment = services.do_enrol(
                    actor=request.user,
                    programme=programme,
                    participant=participant,
                    enrolled_on=data["enrolled_on"],
                    first_visit_on=data["first_visit_on"],
                    start_date=data["start_date"],
                    language=language(),
                )
                if enrolment.arm:
                    messages.success(
                        request,
                        _("%(code)s is enrolled and was allocated to: %(arm)s.")
                        % {
                            "code": participant.study_code,
                            "arm": delivery.arm_name(programme.definition, enrolment.arm, language()),
                        },
                    )
                else:
                    messages.success(request, _("%(code)s is enrolled.") % {"code": participant.study_code})
                return redirect("enrolment_detail", pk=enrolment.pk)
            confirming = all(item.ok for item in checklist)
            if not confirming:
                form.add_error(
                    None, _("%(code)s does not meet every criterion.") % {"code": participant.study_code}
                )
        except ValidationError as error:
            form.add_error(None, error)
    return render(
        request,
        "programs/enrol.html",
        {"programme": programme, "form": form, "checklist": checklist, "confirming": confirming},
    )


@roles(scope.ENROLMENT_READERS)
def enrolment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = scope.get_enrolment(request.user, pk)
    context = delivery.enrolment_page(enrolment, language())
    context.update(
        enrolment=enrolment,
        can_manage=scope.can_manage(request.user, enrolment),
        can_work=scope.can_work(request.user, enrolment),
        can_read_plans=scope.can_read_plans(request.user, enrolment),
        active=enrolment.status == "active",
    )
    return render(request, "programs/enrolment_detail.html", context)


def _form_page(request, template, enrolment, form, title, **extra) -> HttpResponse:
    return render(request, template, {"enrolment": enrolment, "form": form, "title": title, **extra})


@roles(scope.ENROLMENT_READERS)
def enrolment_start(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = managed_enrolment(request, pk)
    form = StartForm(request.POST or None)
    saved = save_form(
        request,
        form,
        lambda data: services.do_set_start_date(
            actor=request.user, enrolment=enrolment, start_date=form.cleaned_data["start_date"]
        ),
    )
    if saved.ok:
        messages.success(request, _("The intervention has started; its phases are planned."))
        return redirect("enrolment_detail", pk=enrolment.pk)
    return _form_page(request, "programs/enrolment_form.html", enrolment, form, _("Start the intervention"))


@roles(scope.ENROLMENT_READERS)
def enrolment_team(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = managed_enrolment(request, pk)
    suggestions = delivery.team_suggestions(request.user, enrolment)
    choices = [(str(c.team.pk), c.team.name) for c in suggestions]
    initial = {"team": choices[0][0]} if choices and not suggestions[0].suggestion.full else {}
    form = TeamChoiceForm(request.POST or None, teams=choices, initial=initial)
    if request.method == "POST" and form.is_valid():
        team = next(c.team for c in suggestions if str(c.team.pk) == form.cleaned_data["team"])
        try:
            team_services.do_assign_team(
                actor=request.user, enrolment=enrolment, team=team, on=form.cleaned_data["on"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(team)s now supports %(code)s.")
                % {"team": team.name, "code": enrolment.participant.study_code},
            )
            return redirect("enrolment_detail", pk=enrolment.pk)
    return render(
        request,
        "programs/team_assign.html",
        {"enrolment": enrolment, "form": form, "suggestions": suggestions},
    )


@roles(scope.ENROLMENT_READERS)
def enrolment_phases(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = managed_enrolment(request, pk)
    lang = language()
    phases = list(enrolment.phases.order_by("order"))
    names = [(p.key, phase_name(enrolment.programme.definition, p.key, lang)) for p in phases]
    initial = _phase_dates(phases) | {"version": enrolment.version}
    form = PhaseDatesForm(request.POST or None, initial=initial, phases=names)

    def reload() -> tuple[dict, int]:
        saved = managed_enrolment(request, pk)
        return _phase_dates(saved.phases.order_by("order")), saved.version

    saved = save_or_conflict(
        request,
        form,
        lambda data: services.do_edit_phase_dates(
            actor=request.user,
            enrolment=enrolment,
            dates={key: (data[f"start_{key}"], data[f"end_{key}"]) for key, _name in names},
            reason=data["reason"],
            expected_version=data["version"],
        ),
        reload=reload,
        title=enrolment.participant.study_code,
        cancel_url=reverse("enrolment_detail", kwargs={"pk": enrolment.pk}),
    )
    if isinstance(saved, HttpResponse):
        return saved
    if saved.ok:
        messages.success(request, _("Phase dates changed."))
        return redirect("enrolment_detail", pk=enrolment.pk)
    return _form_page(request, "programs/enrolment_form.html", enrolment, form, _("Change the phase dates"))


def _phase_dates(phases) -> dict:
    return {f"start_{p.key}": p.starts_on for p in phases} | {f"end_{p.key}": p.ends_on for p in phases}


@roles(scope.ENROLMENT_READERS)
def enrolment_transition(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = worked_enrolment(request, pk)
    form = TransitionForm(request.POST or None)
    saved = save_form(
        request,
        form,
        lambda data: services.do_record_transition(
            actor=request.user,
            enrolment=enrolment,
            on=form.cleaned_data["on"],
            note=form.cleaned_data["note"],
        ),
    )
    if saved.ok:
        key = saved.value
        name = phase_name(enrolment.programme.definition, key, language())
        messages.success(request, _("Moved to %(phase)s.") % {"phase": name})
        return redirect("enrolment_detail", pk=enrolment.pk)
    return _form_page(request, "programs/enrolment_form.html", enrolment, form, _("Move to the next phase"))


@roles(scope.ENROLMENT_READERS)
def enrolment_exit(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = managed_enrolment(request, pk)
    form = ExitForm(request.POST or None)
    saved = save_form(
        request,
        form,
        lambda data: services.do_exit(
            actor=request.user,
            enrolment=enrolment,
            reason=data["reason"],
            on=data["on"],
            note=data["note"],
        ),
    )
    if saved.ok:
        messages.success(request, _("The early exit is recorded."))
        return redirect("enrolment_detail", pk=enrolment.pk)
    return _form_page(request, "programs/enrolment_form.html", enrolment, form, _("Record an early exit"))


@roles(scope.ENROLMENT_READERS)
def enrolment_close(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = worked_enrolment(request, pk)
    form = CloseForm(request.POST or None)
    saved = save_form(
        request,
        form,
        lambda data: services.do_complete(
            actor=request.user,
            enrolment=enrolment,
            final_meeting_on=data["final_meeting_on"],
            closing_note=data["closing_note"],
        ),
    )
    if saved.ok:
        messages.success(request, _("The intervention is closed."))
        return redirect("participant_timeline", pk=enrolment.participant_id)
    return _form_page(
        request, "programs/enrolment_form.html", enrolment, form, _("Final meeting and closing note")
    )


@roles(scope.ENROLMENT_READERS)
def participant_timeline(request: HttpRequest, pk: int) -> HttpResponse:
    participant = people.get_participant(request.user, pk)
    show_notes = participant.site_id in site_ids_for(request.user, IDENTITY_READERS)
    items = delivery.timeline(request.user, participant, language(), show_notes)
    return render(
        request,
        "programs/timeline.html",
        {"participant": participant, "items": items, "today": dt.date.today()},
    )
