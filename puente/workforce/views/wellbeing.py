"""A PSW's own wellbeing pages. Only the PSW and their current supervisor reach them; for anyone
else the pages do not exist (404), whatever their role."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from puente.accounts.access import roles, signed_in
from puente.accounts.roles import Role
from puente.workforce import trend
from puente.workforce.access import SUPERVISOR_ROLES
from puente.workforce.forms import AcknowledgeForm, CheckInForm, LeaveForm, SafeguardingForm
from puente.workforce.selectors import wellbeing as selectors
from puente.workforce.services import wellbeing as services
from puente.workforce.svg import trend_svg
from puente.workforce.views.common import form_page


@roles(Role.PSW)
def checkin_create(request: HttpRequest) -> HttpResponse:
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.do_check_in(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you for checking in."))
            return redirect("wellbeing_detail", worker_id=request.user.pk)
    return render(request, "workforce/checkin_form.html", {"form": form})


@signed_in
def wellbeing_detail(request: HttpRequest, worker_id: int) -> HttpResponse:
    worker = selectors.get_wellbeing_subject(request.user, worker_id)
    check_ins = selectors.check_ins_of(worker)
    chart = trend_svg(
        [(date_format(c.checked_on, "SHORT_DATE_FORMAT"), c.strain) for c in check_ins],
        title=_("Strain over the latest check-ins (0 none, 100 highest)"),
        threshold=trend.HIGH_STRAIN,
        axis_label=_("Strain"),
    )
    return render(
        request,
        "workforce/wellbeing_detail.html",
        {
            "worker": worker,
            "is_self": worker.pk == request.user.pk,
            "check_ins": list(reversed(check_ins)),
            "chart": mark_safe(chart) if check_ins else "",  # built by svg.trend_svg, which escapes its text
            "plan": selectors.plan_of(worker),
            "leave": selectors.leave_of(worker),
            "alerts": selectors.alerts_about(worker),
        },
    )


@signed_in
def safeguarding_edit(request: HttpRequest, worker_id: int) -> HttpResponse:
    worker = selectors.get_wellbeing_subject(request.user, worker_id)
    plan = selectors.plan_of(worker)
    initial = {name: getattr(plan, name) for name in plan.AUDITED_FIELDS} if plan else {}
    if plan:
        initial["version"] = plan.version
    form = SafeguardingForm(request.POST or None, initial=initial)
    url = reverse("wellbeing_detail", args=[worker.pk])

    def save(data: dict):
        values = {name: value for name, value in data.items() if name != "version"}
        return services.do_save_safeguarding_plan(
            actor=request.user, worker=worker, values=values, expected_version=data.get("version")
        )

    def reload() -> tuple[dict, int]:
        saved = selectors.plan_of(worker)
        return {name: getattr(saved, name) for name in saved.AUDITED_FIELDS}, saved.version

    return form_page(
        request,
        form,
        title=_("Safeguarding plan of %(worker)s") % {"worker": worker},
        submit=_("Save the plan"),
        cancel_url=url,
        action=save,
        success=_("Plan saved."),
        next_url=url,
        intro=_("Agreed together by the PSW and their supervisor. Nobody else can read it."),
        reload=reload,
    )


@signed_in
def leave_create(request: HttpRequest, worker_id: int) -> HttpResponse:
    worker = selectors.get_wellbeing_subject(request.user, worker_id)
    url = reverse("wellbeing_detail", args=[worker.pk])
    return form_page(
        request,
        LeaveForm(request.POST or None),
        title=_("Record leave for %(worker)s") % {"worker": worker},
        submit=_("Save"),
        cancel_url=url,
        action=lambda data: services.do_record_leave(actor=request.user, worker=worker, **data),
        success=_("Leave recorded."),
        next_url=url,
        intro=_(
            "Time away, including time to look after one's own recovery, is part of the work. "
            "It stays out of research data unless the PSW agrees."
        ),
    )


@roles(SUPERVISOR_ROLES)
def alert_list(request: HttpRequest) -> HttpResponse:
    # Missed check-ins are noticed here too, so no periodic job is needed for a supervisor to see them.
    services.do_raise_missed_checkin_alerts(supervisor=request.user)
    return render(
        request,
        "workforce/alert_list.html",
        {
            "alerts": selectors.open_alerts_for(request.user),
            "supervisees": selectors.supervisees(request.user),
        },
    )


@roles(SUPERVISOR_ROLES)
def alert_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    alert = selectors.get_alert(request.user, pk)
    return form_page(
        request,
        AcknowledgeForm(request.POST or None),
        title=_("%(alert)s: %(worker)s") % {"alert": alert.get_kind_display(), "worker": alert.worker},
        submit=_("Acknowledge"),
        cancel_url=reverse("alert_list"),
        action=lambda data: services.do_acknowledge_alert(actor=request.user, alert=alert, note=data["note"]),
        success=_("Alert acknowledged."),
        next_url=reverse("alert_list"),
        intro=_("Talk with the PSW first; write down what you agreed."),
    )
