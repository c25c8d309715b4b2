"""Areas of focus per phase, the recovery plan and its reviews, the crisis plan, and linkages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from puente.accounts.models import User
from puente.audit import services as audit
from puente.programs import definitions
from puente.programs.definitions import MAX_AREAS_PER_PHASE
from puente.programs.models import (
    LINKAGE_ORDER,
    CrisisPlan,
    Enrolment,
    FocusArea,
    GoalStatus,
    Linkage,
    LinkageStatus,
    PlanReview,
    Progress,
    RecoveryGoal,
    RecoveryPlan,
    SupportKind,
    SupportType,
)
from puente.programs.services.common import (
    check_active,
    check_not_future,
    check_within_enrolment,
    stale,
    today,
)

MAX_CRISIS_CONTACTS = 6


def do_add_focus_area(
    *, actor: User, enrolment: Enrolment, phase_key: str, area_key: str, goal: str
) -> FocusArea:
    check_active(enrolment)
    definition = enrolment.programme.definition
    if definitions.phase_by_key(definition, phase_key) is None:
        raise ValidationError(_("Choose a phase of this programme."), code="phase")
    if area_key not in {a["key"] for a in definition.get("areas_of_focus") or []}:
        raise ValidationError(_("Choose an area of focus of this programme."), code="area")
    if not goal.strip():
        raise ValidationError(_("Write the goal for this area."), code="goal")
    with transaction.atomic():
        current = FocusArea.objects.filter(enrolment=enrolment, phase_key=phase_key, retired_at__isnull=True)
        if current.count() >= MAX_AREAS_PER_PHASE:
            raise ValidationError(
                _("A phase has at most %(n)s areas of focus.") % {"n": MAX_AREAS_PER_PHASE}, code="too_many"
            )
        if current.filter(area_key=area_key).exists():
            raise ValidationError(_("This area is already a focus of the phase."), code="duplicate")
        area = FocusArea.objects.create(
            enrolment=enrolment, phase_key=phase_key, area_key=area_key, goal=goal.strip()
        )
        audit.record(
            actor=actor,
            action="focus_area.create",
            obj=area,
            site_id=enrolment.site_id,
            after={"phase": phase_key, "area": area_key, "goal": area.goal},
        )
    return area


def do_update_focus_progress(
    *, actor: User, area: FocusArea, expected_version: int, progress: str, note: str
) -> FocusArea:
    if progress not in Progress.values:
        raise ValidationError(_("Choose how it is going."), code="progress")
    with transaction.atomic():
        current = FocusArea.objects.select_for_update().get(pk=area.pk)
        if current.version != expected_version:
            raise stale()
        before = {"progress": current.progress, "progress_note": current.progress_note}
        current.progress, current.progress_note = progress, note.strip()
        current.version += 1
        current.save()
        audit.record(
            actor=actor,
            action="focus_area.progress",
            obj=current,
            site_id=current.enrolment.site_id,
            before=before,
            after={"progress": progress, "progress_note": current.progress_note},
        )
    return current


def do_save_recovery_plan(
    *, actor: User, enrolment: Enrolment, expected_version: int | None, values: dict[str, str]
) -> RecoveryPlan:
    check_active(enrolment)
    with transaction.atomic():
        plan = RecoveryPlan.objects.select_for_update().filter(enrolment=enrolment).first()
        if plan is not None and plan.version != expected_version:
            raise stale()
        before = audit.snapshot(plan, RecoveryPlan.AUDITED_FIELDS) if plan else {}
        if plan is None:
            plan = RecoveryPlan(enrolment=enrolment, updated_by=actor)
        for name in RecoveryPlan.AUDITED_FIELDS:
            setattr(plan, name, (values.get(name) or "").strip())
        if not (plan.interests or plan.strengths):
            raise ValidationError(
                _("A recovery plan starts from interests or strengths: write at least one.")
            )
        old, new = audit.changed(before, audit.snapshot(plan, RecoveryPlan.AUDITED_FIELDS))
        if not new:
            return plan
        plan.updated_by = actor
        plan.version = (plan.version or 0) + (1 if before else 0)
        plan.save()
        audit.record(
            actor=actor,
            action="recovery_plan.update" if before else "recovery_plan.create",
            obj=plan,
            site_id=enrolment.site_id,
            before=old,
            after=new,
        )
    return plan


def do_add_goal(*, actor: User, plan: RecoveryPlan, text: str, built_on: str) -> RecoveryGoal:
    if not text.strip():
        raise ValidationError(_("Write the goal."), code="goal")
    check_active(plan.enrolment)
    with transaction.atomic():
        goal = RecoveryGoal.objects.create(
            plan=plan, text=text.strip(), built_on=built_on.strip(), created_on=today()
        )
        audit.record(
            actor=actor,
            action="recovery_goal.create",
            obj=goal,
            site_id=plan.enrolment.site_id,
            after={"text": goal.text, "built_on": goal.built_on},
        )
    return goal


def do_set_goal_status(*, actor: User, goal: RecoveryGoal, status: str) -> RecoveryGoal:
    if status not in GoalStatus.values:
        raise ValidationError(_("Choose a status from the list."), code="status")
    with transaction.atomic():
        before = goal.status
        RecoveryGoal.objects.filter(pk=goal.pk).update(status=status)
        goal.status = status
        audit.record(
            actor=actor,
            action="recovery_goal.status",
            obj=goal,
            site_id=goal.plan.enrolment.site_id,
            before={"status": before},
            after={"status": status},
        )
    return goal


def do_review_plan(
    *, actor: User, enrolment: Enrolment, phase_key: str, reviewed_on: dt.date, note: str
) -> PlanReview:
    check_active(enrolment)
    check_not_future(reviewed_on, _("A review"))
    check_within_enrolment(enrolment, reviewed_on, _("A review"))
    if (
        phase_key != "engagement"
        and definitions.phase_by_key(enrolment.programme.definition, phase_key) is None
    ):
        raise ValidationError(_("Choose a phase of this programme."), code="phase")
    with transaction.atomic():
        review = PlanReview.objects.create(
            enrolment=enrolment,
            phase_key=phase_key,
            reviewed_on=reviewed_on,
            note=note.strip(),
            reviewed_by=actor,
        )
        audit.record(
            actor=actor,
            action="recovery_plan.review",
            obj=review,
            site_id=enrolment.site_id,
            after={"phase": phase_key, "reviewed_on": reviewed_on, "note": review.note},
        )
    return review


def clean_who_to_call(rows: list[dict[str, Any]]) -> list[dict[str, str]]:
    cleaned = []
    for row in rows:
        name, phone = (row.get("name") or "").strip(), (row.get("phone") or "").strip()
        relation = (row.get("relation") or "").strip()
        if not (name or phone or relation):
            continue
        if not name or not phone:
            raise ValidationError(
                _("Each person to call needs a name and a phone number."), code="who_to_call"
            )
        cleaned.append({"name": name, "relation": relation, "phone": phone})
    if not cleaned:
        raise ValidationError(_("Add at least one person to call in a crisis."), code="who_to_call")
    return cleaned[:MAX_CRISIS_CONTACTS]


def do_save_crisis_plan(
    *,
    actor: User,
    enrolment: Enrolment,
    expected_version: int | None,
    warning_signs: str,
    what_helps: str,
    what_to_avoid: str,
    who_to_call: list[dict[str, Any]],
) -> CrisisPlan:
    check_active(enrolment)
    if not warning_signs.strip() or not what_helps.strip():
        raise ValidationError(_("Write the warning signs and what helps."), code="required")
    people = clean_who_to_call(who_to_call)
    with transaction.atomic():
        plan = CrisisPlan.objects.select_for_update().filter(enrolment=enrolment).first()
        if plan is not None and plan.version != expected_version:
            raise stale()
        created = plan is None
        plan = plan or CrisisPlan(enrolment=enrolment, updated_by=actor, version=0)
        plan.warning_signs, plan.what_helps = warning_signs.strip(), what_helps.strip()
        plan.what_to_avoid, plan.who_to_call, plan.updated_by = what_to_avoid.strip(), people, actor
        plan.version += 1
        plan.save()
        # The people to call are identifying details: the audit says they changed, not who they are.
        audit.record(
            actor=actor,
            action="crisis_plan.create" if created else "crisis_plan.update",
            obj=plan,
            site_id=enrolment.site_id,
            after={"version": plan.version, "who_to_call": "***"},
        )
    return plan


def do_add_linkage(
    *,
    actor: User,
    enrolment: Enrolment,
    kind: str,
    support_type: str,
    name: str,
    proposed_on: dt.date,
    note: str = "",
) -> Linkage:
    check_active(enrolment)
    if kind not in SupportKind.values or support_type not in SupportType.values:
        raise ValidationError(_("Choose the kind and type of support."), code="kind")
    if not name.strip():
        raise ValidationError(_("Name the support (a service, a group, a person)."), code="name")
    check_not_future(proposed_on, _("The date proposed"))
    check_within_enrolment(enrolment, proposed_on, _("The date proposed"))
    with transaction.atomic():
        linkage = Linkage.objects.create(
            enrolment=enrolment,
            kind=kind,
            support_type=support_type,
            name=name.strip(),
            proposed_on=proposed_on,
            note=note.strip(),
            created_by=actor,
        )
        audit.record(
            actor=actor,
            action="linkage.create",
            obj=linkage,
            site_id=enrolment.site_id,
            after=audit.snapshot(linkage, Linkage.AUDITED_FIELDS),
        )
    return linkage


STATUS_DATE_FIELD = {
    LinkageStatus.FIRST_CONTACT: "first_contact_on",
    LinkageStatus.ACTIVE: "active_on",
    LinkageStatus.ENDED: "ended_on",
}


def do_update_linkage(
    *, actor: User, linkage: Linkage, expected_version: int, status: str, on: dt.date, note: str = ""
) -> Linkage:
    """Move a linkage on (proposed -> first contact -> active -> ended; any state may end)."""
    if status not in STATUS_DATE_FIELD:
        raise ValidationError(_("Choose the new status."), code="status")
    check_not_future(on, _("The date"))
    with transaction.atomic():
        current = Linkage.objects.select_for_update().get(pk=linkage.pk)
        if current.version != expected_version:
            raise stale()
        if LINKAGE_ORDER.index(status) <= LINKAGE_ORDER.index(current.status):
            raise ValidationError(
                _("A linkage only moves forward; record a new one to start again."), code="order"
            )
        previous = [
            getattr(current, f)
            for f in ("proposed_on", "first_contact_on", "active_on")
            if getattr(current, f)
        ]
        if previous and on < max(previous):
            raise ValidationError(
                _("The date cannot be before the linkage's previous step (%(date)s).")
                % {"date": max(previous).isoformat()},
                code="date_order",
            )
        before = audit.snapshot(current, Linkage.AUDITED_FIELDS)
        current.status = status
        setattr(current, STATUS_DATE_FIELD[status], on)
        if note.strip():
            current.note = note.strip()
        current.version += 1
        current.save()
        old, new = audit.changed(before, audit.snapshot(current, Linkage.AUDITED_FIELDS))
        audit.record(
            actor=actor,
            action="linkage.update",
            obj=current,
            site_id=current.enrolment.site_id,
            before=old,
            after=new,
        )
    return current
