from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from puente.accounts.access import roles
from puente.accounts.roles import Role
from puente.accounts.selectors import members_of_sites, site_ids_for, sites_for
from puente.workforce import curricula
from puente.workforce.access import FLOW_READERS, TRAINING_STAFF
from puente.workforce.forms import CohortForm, DateOnlyForm, EnrolForm, ReasonForm, SessionForm
from puente.workforce.models import AttendanceStatus, Stage
from puente.workforce.selectors import recruitment as candidates
from puente.workforce.selectors import training as selectors
from puente.workforce.selectors.flow import cohort_flow_svg
from puente.workforce.services import training as services
from puente.workforce.services.common import today
from puente.workforce.views.common import form_page

TRAINEE_VIEWERS = TRAINING_STAFF | {Role.PSW}


@roles(FLOW_READERS)
def cohort_list(request: HttpRequest) -> HttpResponse:
    cohorts = list(selectors.visible_cohorts(request.user))
    language = get_language() or "en"
    for cohort in cohorts:
        cohort.curriculum_title = curricula.get(cohort.curriculum_key).title(language)
    return render(
        request,
        "workforce/cohort_list.html",
        {"cohorts": cohorts, "can_create": bool(site_ids_for(request.user, TRAINING_STAFF))},
    )


@roles(TRAINING_STAFF)
def cohort_create(request: HttpRequest) -> HttpResponse:
    sites = sites_for(request.user, TRAINING_STAFF)
    trainers = members_of_sites([s.pk for s in sites], [Role.TRAINER])
    form = CohortForm(request.POST or None, sites=sites, trainers=trainers, initial={"plan_sessions": True})
    return form_page(
        request,
        form,
        title=_("New training cohort"),
        submit=_("Create the cohort"),
        cancel_url=reverse("cohort_list"),
        action=lambda data: services.do_create_cohort(actor=request.user, **data),
        success=_("Cohort created."),
        next_url=lambda cohort: reverse("cohort_detail", args=[cohort.pk]),
    )


@roles(FLOW_READERS)
def cohort_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = selectors.get_cohort(request.user, pk)
    if not selectors.is_training_staff(request.user, cohort.site_id):
        raise PermissionDenied  # researchers read the flow, not the trainees
    rows = selectors.trainee_rows(cohort)
    steps, svg = cohort_flow_svg(cohort, rows)
    curriculum = curricula.get(cohort.curriculum_key)
    return render(
        request,
        "workforce/cohort_detail.html",
        {
            "cohort": cohort,
            "curriculum_title": curriculum.title(cohort.language),
            "sessions": selectors.sessions_of(cohort),
            "rows": rows,
            "steps": steps,
            "flow_svg": mark_safe(svg),  # built by svg.flow_svg, which escapes every text
            "today": today(),
        },
    )


@roles(FLOW_READERS)
def cohort_flow(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = selectors.get_cohort(request.user, pk)
    steps, svg = cohort_flow_svg(cohort)
    return render(
        request,
        "workforce/cohort_flow.html",
        {"cohort": cohort, "steps": steps, "flow_svg": mark_safe(svg)},
    )


@roles(TRAINING_STAFF)
def cohort_enrol(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = selectors.get_cohort(request.user, pk, TRAINING_STAFF)
    selected = candidates.visible_candidates(request.user).filter(site=cohort.site, stage=Stage.SELECTED)
    form = EnrolForm(request.POST or None, candidates=selected)
    url = reverse("cohort_detail", args=[cohort.pk])
    return form_page(
        request,
        form,
        title=_("Add a trainee to %(cohort)s") % {"cohort": cohort.name},
        submit=_("Add to the cohort"),
        cancel_url=url,
        action=lambda data: services.do_enrol(
            actor=request.user, cohort=cohort, candidate=data["candidate"], enrolled_on=data["enrolled_on"]
        ),
        success=_("Trainee added."),
        next_url=url,
    )


@roles(TRAINING_STAFF)
def session_create(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = selectors.get_cohort(request.user, pk, TRAINING_STAFF)
    curriculum = curricula.get(cohort.curriculum_key)
    modules = [(m.key, m.title(get_language() or "en")) for m in curriculum.modules]
    trainers = members_of_sites([cohort.site_id], [Role.TRAINER])
    form = SessionForm(request.POST or None, modules=modules, trainers=trainers)
    url = reverse("cohort_detail", args=[cohort.pk])
    return form_page(
        request,
        form,
        title=_("Add a session to %(cohort)s") % {"cohort": cohort.name},
        submit=_("Add the session"),
        cancel_url=url,
        action=lambda data: services.do_add_session(actor=request.user, cohort=cohort, **data),
        success=_("Session added."),
        next_url=url,
    )


@roles(TRAINING_STAFF)
def attendance_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """The sheet a trainer fills in the room on a tablet: one big toggle row per trainee, one POST."""
    session = selectors.get_session(request.user, pk)
    rows = selectors.attendance_sheet(session)
    errors: list[str] = []
    if request.method == "POST":
        statuses = {}
        for enrollment, _current in rows:
            value = request.POST.get(f"status_{enrollment.pk}", "")
            if value:
                statuses[enrollment.pk] = value
        missing = len(rows) - len(statuses)
        if missing:
            errors.append(_("Mark every trainee before saving (%(count)s not marked).") % {"count": missing})
        else:
            try:
                services.do_record_attendance(actor=request.user, session=session, statuses=statuses)
            except ValidationError as error:
                errors.extend(error.messages)
            else:
                messages.success(request, _("Attendance saved."))
                return redirect("cohort_detail", pk=session.cohort_id)
        posted = {
            int(k.removeprefix("status_")): v for k, v in request.POST.items() if k.startswith("status_")
        }
        rows = [(enrollment, posted.get(enrollment.pk, current)) for enrollment, current in rows]
    module = curricula.get(session.cohort.curriculum_key).module(session.module_key)
    return render(
        request,
        "workforce/attendance_sheet.html",
        {
            "session": session,
            "module_title": module.title(session.cohort.language) if module else session.module_key,
            "rows": rows,
            "choices": AttendanceStatus.choices,
            "errors": errors,
            "in_future": session.held_on > today(),
        },
        status=400 if errors else 200,
    )


@roles(TRAINEE_VIEWERS)
def trainee_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enrollment = selectors.get_enrollment(request.user, pk)
    progress, sessions = selectors.trainee_detail(enrollment)
    accreditations = list(selectors.accreditations_of(enrollment))
    for accreditation in accreditations:
        accreditation.printable = selectors.can_print_certificate(request.user, accreditation)
    return render(
        request,
        "workforce/trainee_detail.html",
        {
            "enrollment": enrollment,
            "progress": progress,
            "sessions": sessions,
            "accreditations": accreditations,
            "valid": next((a for a in accreditations if a.is_valid), None),
            "is_staff": selectors.is_training_staff(request.user, enrollment.cohort.site_id),
        },
    )


def _staff_enrollment(request: HttpRequest, pk: int):
    enrollment = selectors.get_enrollment(request.user, pk)
    if not selectors.is_training_staff(request.user, enrollment.cohort.site_id):
        raise PermissionDenied
    return enrollment


@roles(TRAINEE_VIEWERS)
def trainee_practice(request: HttpRequest, pk: int) -> HttpResponse:
    enrollment = _staff_enrollment(request, pk)
    url = reverse("trainee_detail", args=[enrollment.pk])
    return form_page(
        request,
        DateOnlyForm(request.POST or None),
        title=_("Practice completed by %(code)s") % {"code": enrollment.candidate.code},
        submit=_("Record the practice as complete"),
        cancel_url=url,
        action=lambda data: services.do_record_practice(
            actor=request.user, enrollment=enrollment, completed_on=data["on"]
        ),
        success=_("Practice recorded."),
        next_url=url,
    )


@roles(TRAINEE_VIEWERS)
def trainee_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    enrollment = _staff_enrollment(request, pk)
    url = reverse("trainee_detail", args=[enrollment.pk])
    return form_page(
        request,
        ReasonForm(request.POST or None),
        title=_("%(code)s leaves the training") % {"code": enrollment.candidate.code},
        submit=_("Record that they left"),
        cancel_url=url,
        action=lambda data: services.do_withdraw_trainee(
            actor=request.user, enrollment=enrollment, withdrawn_on=data["on"], reason=data["reason"]
        ),
        success=_("Recorded."),
        next_url=url,
        intro=_("People leave for many reasons. Write the reason without blame."),
    )
