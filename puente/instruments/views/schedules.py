"""A programme's assessment schedule and the people who answer it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from puente.accounts.access import roles
from puente.accounts.roles import ALL_ROLES
from puente.accounts.selectors import members_of_sites, site_ids_for
from puente.instruments import selectors
from puente.instruments.forms import RegisterServiceUserForm, ScheduleEntryForm, StaffRespondentForm
from puente.instruments.permissions import INSTRUMENT_READERS, SCHEDULE_EDITORS
from puente.instruments.services import schedules


def _editable_programme(request: HttpRequest, pk: int):
    programme = selectors.get_programme(request.user, pk)
    if not selectors.can_edit_schedule(request.user, programme):
        raise PermissionDenied
    return programme


@roles(INSTRUMENT_READERS)
def schedule_list(request: HttpRequest) -> HttpResponse:
    programmes = selectors.programmes_for(request.user).prefetch_related("sites")
    return render(request, "instruments/schedule_list.html", {"programmes": programmes})


@roles(INSTRUMENT_READERS)
def schedule_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = selectors.get_programme(request.user, pk)
    entries = list(selectors.schedule_of(programme))
    by_group: dict[str, list] = {}
    for entry in entries:
        by_group.setdefault(entry.get_group_display(), []).append(entry)
    return render(
        request,
        "instruments/schedule_detail.html",
        {
            "programme": programme,
            "by_group": by_group,
            "respondents": selectors.respondents_of(request.user, programme),
            "can_edit": selectors.can_edit_schedule(request.user, programme),
        },
    )


@roles(INSTRUMENT_READERS)
def schedule_entry_add(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _editable_programme(request, pk)
    form = ScheduleEntryForm(request.POST or None, instruments=selectors.instruments())
    if request.method == "POST" and form.is_valid():
        try:
            schedules.do_add_schedule_entry(actor=request.user, programme=programme, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Added to the schedule."))
            return redirect("schedule_detail", pk=programme.pk)
    return render(
        request,
        "instruments/form_page.html",
        {"form": form, "title": _("Add to the schedule of %(name)s") % {"name": programme.name}},
    )


@roles(INSTRUMENT_READERS)
def respondent_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Register a PSW, professional or family member who answers with their own consent."""
    programme = _editable_programme(request, pk)
    site_ids = site_ids_for(request.user, SCHEDULE_EDITORS)
    sites = programme.sites.filter(pk__in=site_ids)
    form = StaffRespondentForm(request.POST or None, sites=sites, users=members_of_sites(site_ids, ALL_ROLES))
    if request.method == "POST" and form.is_valid():
        try:
            schedules.do_register_staff_respondent(
                actor=request.user, programme=programme, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Respondent registered."))
            return redirect("schedule_detail", pk=programme.pk)
    return render(
        request,
        "instruments/form_page.html",
        {
            "form": form,
            "title": _("Register a respondent"),
            "note": _(
                "Staff and family respondents answer with their own consent, recorded here. Service users' "
                "consent comes from their consent record."
            ),
        },
    )


@roles(INSTRUMENT_READERS)
def respondent_register(request: HttpRequest, pk: int) -> HttpResponse:
    """Make an enrolled service user answer the programme's schedule (research consent required)."""
    programme = _editable_programme(request, pk)
    form = RegisterServiceUserForm(
        request.POST or None, enrolments=selectors.enrolments_to_register(request.user, programme)
    )
    if request.method == "POST" and form.is_valid():
        try:
            schedules.do_register_service_user(actor=request.user, enrolment=form.cleaned_data["enrolment"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The participant's questionnaires are planned."))
            return redirect("schedule_detail", pk=programme.pk)
    return render(
        request,
        "instruments/form_page.html",
        {"form": form, "title": _("Plan a service user's questionnaires")},
    )
