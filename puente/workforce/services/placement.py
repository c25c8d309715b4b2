"""Placing accredited PSWs in teams and services, and logging the hours they work."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from puente.accounts.models import Site, User
from puente.accounts.roles import Role
from puente.audit import services as audit
from puente.workforce.models import Accreditation, HoursEntry, Placement, PlacementOutcome, Stage
from puente.workforce.services.common import check_not_future, check_reason, show_date, today
from puente.workforce.services.recruitment import move_stage

MAX_WEEKLY_HOURS = Decimal(40)


def check_weekly_hours(
    worker: User, starts_on: dt.date, ends_on: dt.date, hours: Decimal, *, exclude_pk: int | None = None
) -> None:
    """Refuse a placement that would take the worker's placements over 40 hours in any week."""
    others = [
        placement
        for placement in Placement.objects.filter(worker=worker, starts_on__lte=ends_on).exclude(
            pk=exclude_pk
        )
        if placement.effective_end >= starts_on
    ]
    # The load only changes when a placement starts, so checking those days is enough.
    for day in sorted({starts_on} | {p.starts_on for p in others if p.starts_on > starts_on}):
        total = hours + sum(
            (p.hours_per_week for p in others if p.starts_on <= day <= p.effective_end), Decimal(0)
        )
        if total > MAX_WEEKLY_HOURS:
            raise ValidationError(
                _(
                    "With the placements that overlap it, %(worker)s would work %(total)s hours a week from "
                    "%(date)s; the most is %(limit)s."
                )
                % {
                    "worker": worker,
                    "total": number_format(total, 1),
                    "date": show_date(day),
                    "limit": number_format(MAX_WEEKLY_HOURS, 0),
                },
                code="hours",
            )


def do_create_placement(
    *,
    actor: User,
    accreditation: Accreditation,
    site: Site,
    service_kind: str,
    service_name: str,
    hours_per_week: Decimal,
    starts_on: dt.date,
    ends_on: dt.date,
    reference_professional: User,
) -> Placement:
    service_name = check_reason(service_name, _("Name the team or service."))
    if not Decimal(0) < hours_per_week <= MAX_WEEKLY_HOURS:
        raise ValidationError(_("Hours per week must be more than 0 and at most 40."))
    if ends_on < starts_on:
        raise ValidationError(_("A placement cannot end before it starts."))
    with transaction.atomic():
        current = Accreditation.objects.select_related("enrollment__candidate__user").get(pk=accreditation.pk)
        if current.revoked_on is not None:
            raise ValidationError(_("Only a PSW with a valid accreditation can be placed."))
        candidate = current.enrollment.candidate
        worker = candidate.user
        if worker is None:
            raise ValidationError(_("This PSW has no account yet; create one before placing them."))
        if not worker.memberships.filter(site=site, role=Role.PSW).exists():
            raise ValidationError(
                _("%(worker)s is not a peer support worker at this site.") % {"worker": worker}
            )
        # Lock the worker's row so two placements saved at once cannot both pass the hours check.
        User.objects.select_for_update().filter(pk=worker.pk).first()
        check_weekly_hours(worker, starts_on, ends_on, hours_per_week)
        placement = Placement.objects.create(
            accreditation=current,
            worker=worker,
            site=site,
            service_kind=service_kind,
            service_name=service_name,
            hours_per_week=hours_per_week,
            starts_on=starts_on,
            ends_on=ends_on,
            reference_professional=reference_professional,
        )
        audit.record(
            actor=actor,
            action="placement.create",
            obj=placement,
            site_id=site.pk,
            after=audit.snapshot(placement, Placement.AUDITED_FIELDS),
        )
        if candidate.stage == Stage.ACCREDITED:
            move_stage(
                actor=actor,
                candidate=candidate,
                to_stage=Stage.PLACED,
                changed_on=max(starts_on, candidate.stage_since),
            )
    return placement


def do_log_hours(
    *, actor: User, placement: Placement, worked_on: dt.date, hours: Decimal, note: str = ""
) -> HoursEntry:
    check_not_future(worked_on, _("Hours cannot be logged for a day that has not come yet."))
    if not Decimal(0) < hours <= Decimal(12):
        raise ValidationError(_("Log more than 0 and at most 12 hours for one day."))
    if not placement.starts_on <= worked_on <= placement.effective_end:
        raise ValidationError(
            _("That day is outside the placement (%(start)s to %(end)s).")
            % {"start": show_date(placement.starts_on), "end": show_date(placement.effective_end)}
        )
    with transaction.atomic():
        entry = HoursEntry.objects.create(
            placement=placement, worked_on=worked_on, hours=hours, note=note.strip(), recorded_by=actor
        )
        audit.record(
            actor=actor,
            action="placement.hours",
            obj=entry,
            site_id=placement.site_id,
            after={"placement": placement.pk, "worked_on": worked_on, "hours": hours},
        )
    return entry


def do_end_placement(
    *, actor: User, placement: Placement, outcome: str, outcome_on: dt.date, reason: str = ""
) -> Placement:
    if outcome not in (PlacementOutcome.COMPLETED, PlacementOutcome.LEFT):
        raise ValidationError(_("Choose whether the placement was completed or ended early."))
    if outcome == PlacementOutcome.LEFT:
        reason = check_reason(reason, _("Give the reason the placement ended early."))
    check_not_future(outcome_on, _("The end of a placement cannot be recorded ahead of time."))
    with transaction.atomic():
        current = (
            Placement.objects.select_for_update()
            .select_related("accreditation__enrollment__candidate")
            .get(pk=placement.pk)
        )
        if current.outcome != PlacementOutcome.ONGOING:
            raise ValidationError(_("This placement has already ended."))
        if outcome_on < current.starts_on:
            raise ValidationError(_("A placement cannot end before it starts."))
        before = audit.snapshot(current, Placement.AUDITED_FIELDS)
        current.outcome, current.outcome_on, current.outcome_reason = outcome, outcome_on, reason.strip()
        current.version += 1
        current.save()
        old, new = audit.changed(before, audit.snapshot(current, Placement.AUDITED_FIELDS))
        audit.record(
            actor=actor, action="placement.end", obj=current, site_id=current.site_id, before=old, after=new
        )
        candidate = current.accreditation.enrollment.candidate
        if outcome == PlacementOutcome.LEFT and candidate.stage != Stage.LEFT:
            move_stage(
                actor=actor,
                candidate=candidate,
                to_stage=Stage.LEFT,
                changed_on=max(outcome_on, candidate.stage_since),
                reason=reason,
            )
    return current


__all__ = [
    "MAX_WEEKLY_HOURS",
    "check_weekly_hours",
    "do_create_placement",
    "do_end_placement",
    "do_log_hours",
    "today",
]
