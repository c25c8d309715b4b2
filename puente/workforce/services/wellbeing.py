"""A PSW's check-ins, the alerts they raise for the supervisor, the safeguarding plan and leave.

These are private to the PSW and their supervisor, so audit events say what happened, never the
answers or the plan's words.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from puente.accounts.models import User
from puente.accounts.roles import Role
from puente.audit import services as audit
from puente.people.services import StaleEdit
from puente.workforce import trend
from puente.workforce.models import (
    AlertKind,
    CheckIn,
    LeaveKind,
    LeaveRecord,
    SafeguardingPlan,
    SupervisionAssignment,
    WellbeingAlert,
)
from puente.workforce.services.common import check_not_future, masked, today


def _site_id_of(worker: User) -> int:
    assignment = SupervisionAssignment.objects.filter(worker=worker, ends_on__isnull=True).first()
    if assignment is not None:
        return assignment.site_id
    membership = worker.memberships.filter(role=Role.PSW).order_by("pk").first()
    if membership is None:
        raise ValidationError(_("Check-ins are for peer support workers."))
    return membership.site_id


def _raise_alert(worker: User, kind: str, on: dt.date) -> WellbeingAlert | None:
    """Inside a transaction: one open alert of each kind per PSW, for their current supervisor."""
    assignment = SupervisionAssignment.objects.filter(worker=worker, ends_on__isnull=True).first()
    if assignment is None:
        return None
    if WellbeingAlert.objects.filter(worker=worker, kind=kind, acknowledged_at__isnull=True).exists():
        return None
    alert = WellbeingAlert.objects.create(
        worker=worker, supervisor_id=assignment.supervisor_id, kind=kind, raised_on=on
    )
    audit.record(
        actor=None,
        action="wellbeing_alert.raise",
        obj=alert,
        site_id=assignment.site_id,
        after={"kind": kind},
    )
    return alert


def do_check_in(
    *,
    actor: User,
    stress: int,
    workload: int,
    sleep: int,
    support: int,
    comment: str = "",
    checked_on: dt.date | None = None,
) -> CheckIn:
    checked_on = checked_on or today()
    check_not_future(checked_on)
    try:
        strain = trend.strain(stress=stress, workload=workload, sleep=sleep, support=support)
    except ValueError as error:
        raise ValidationError(_("Answer each question with a number from 1 to 5.")) from error
    with transaction.atomic():
        site_id = _site_id_of(actor)
        if CheckIn.objects.filter(worker=actor, checked_on=checked_on).exists():
            raise ValidationError(_("You have already checked in on this day. Thank you."), code="duplicate")
        check_in = CheckIn.objects.create(
            worker=actor,
            site_id=site_id,
            checked_on=checked_on,
            stress=stress,
            workload=workload,
            sleep=sleep,
            support=support,
            comment=comment.strip(),
            strain=strain,
        )
        audit.record(
            actor=actor,
            action="checkin.create",
            obj=check_in,
            site_id=site_id,
            after={"checked_on": checked_on},
        )
        recent = list(
            CheckIn.objects.filter(worker=actor)
            .order_by("-checked_on")
            .values_list("strain", flat=True)[: trend.WINDOW]
        )
        if trend.is_worsening(list(reversed(recent))):
            _raise_alert(actor, AlertKind.WORSENING, checked_on)
    return check_in


def do_raise_missed_checkin_alerts(*, on: dt.date | None = None, supervisor: User | None = None) -> int:
    """Alert supervisors of PSWs who have not checked in for two weeks (all of them, or one
    supervisor's PSWs when they open their alerts). Safe to repeat: one open alert per PSW."""
    on = on or today()
    raised = 0
    assignments = SupervisionAssignment.objects.filter(ends_on__isnull=True).select_related("worker")
    if supervisor is not None:
        assignments = assignments.filter(supervisor=supervisor)
    last = dict(
        CheckIn.objects.filter(worker_id__in=assignments.values("worker_id"))
        .values("worker_id")
        .annotate(last=Max("checked_on"))
        .values_list("worker_id", "last")
    )
    already = set(
        WellbeingAlert.objects.filter(
            kind=AlertKind.MISSED, acknowledged_at__isnull=True, worker_id__in=assignments.values("worker_id")
        ).values_list("worker_id", flat=True)
    )
    for assignment in assignments:
        if assignment.worker_id in already:
            continue
        if trend.is_missed(last.get(assignment.worker_id), assignment.starts_on, on):
            with transaction.atomic():
                if _raise_alert(assignment.worker, AlertKind.MISSED, on) is not None:
                    raised += 1
    return raised


def do_acknowledge_alert(*, actor: User, alert: WellbeingAlert, note: str = "") -> WellbeingAlert:
    with transaction.atomic():
        current = WellbeingAlert.objects.select_for_update().get(pk=alert.pk)
        if current.acknowledged_at is not None:
            raise ValidationError(_("This alert has already been acknowledged."))
        current.acknowledged_at, current.acknowledged_by = timezone.now(), actor
        current.response_note = note.strip()
        current.save(update_fields=["acknowledged_at", "acknowledged_by", "response_note"])
        audit.record(
            actor=actor,
            action="wellbeing_alert.acknowledge",
            obj=current,
            site_id=_site_id_of(current.worker),
            after={"acknowledged_at": current.acknowledged_at},
        )
    return current


def do_save_safeguarding_plan(
    *, actor: User, worker: User, values: dict[str, Any], expected_version: int | None = None
) -> SafeguardingPlan:
    if not (values.get("early_signs") or "").strip() or not (values.get("what_helps") or "").strip():
        raise ValidationError(_("Write down the early signs and what helps; the rest is optional."))
    reduced = values.get("reduced_hours_per_week")
    if reduced is not None and not Decimal(0) < Decimal(reduced) <= Decimal(40):
        raise ValidationError(_("Reduced hours must be more than 0 and at most 40 a week."))
    if values.get("review_on") and values.get("agreed_on") and values["review_on"] < values["agreed_on"]:
        raise ValidationError(_("The review date cannot be before the plan was agreed."))
    with transaction.atomic():
        plan = SafeguardingPlan.objects.select_for_update().filter(worker=worker).first()
        if plan is not None and expected_version is not None and plan.version != expected_version:
            raise StaleEdit(
                _("Someone else changed this plan while you were editing it. Reload it and try again.")
            )
        before = audit.snapshot(plan, SafeguardingPlan.AUDITED_FIELDS) if plan else {}
        if plan is None:
            plan = SafeguardingPlan(worker=worker, updated_by=actor)
        else:
            plan.version += 1
        for name in SafeguardingPlan.AUDITED_FIELDS:
            if name in values:
                value = values[name]
                setattr(plan, name, value.strip() if isinstance(value, str) else value)
        plan.updated_by = actor
        plan.save()
        old, new = audit.changed(before, audit.snapshot(plan, SafeguardingPlan.AUDITED_FIELDS))
        audit.record(
            actor=actor,
            action="safeguarding_plan.update" if before else "safeguarding_plan.create",
            obj=plan,
            site_id=_site_id_of(worker),
            before=masked(old),
            after=masked(new),
        )
    return plan


def do_record_leave(
    *,
    actor: User,
    worker: User,
    kind: str,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    note: str = "",
    research_consent: bool = False,
) -> LeaveRecord:
    if kind not in LeaveKind.values:
        raise ValidationError(_("Choose the kind of leave."))
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError(_("Leave cannot end before it starts."))
    with transaction.atomic():
        site_id = _site_id_of(worker)
        record = LeaveRecord.objects.create(
            worker=worker,
            site_id=site_id,
            kind=kind,
            starts_on=starts_on,
            ends_on=ends_on,
            note=note.strip(),
            research_consent=research_consent,
            recorded_by=actor,
        )
        audit.record(
            actor=actor,
            action="leave.create",
            obj=record,
            site_id=site_id,
            after={"worker": worker.pk, "research_consent": research_consent},
        )
    return record
