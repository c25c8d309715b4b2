"""Cohorts, sessions, enrolment, attendance and practice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from puente.accounts.models import Site, User
from puente.audit import services as audit
from puente.workforce import curricula
from puente.workforce.models import (
    Attendance,
    AttendanceStatus,
    Candidate,
    Cohort,
    Enrollment,
    Stage,
    TrainingSession,
)
from puente.workforce.services.common import check_not_future, check_reason, show_date, today
from puente.workforce.services.recruitment import move_stage


def do_create_cohort(
    *,
    actor: User,
    site: Site,
    name: str,
    curriculum_key: str,
    language: str,
    starts_on: dt.date,
    trainers: Iterable[User] = (),
    place: str = "",
    plan_sessions: bool = True,
) -> Cohort:
    """A cohort from a curriculum template; with ``plan_sessions`` one session per module, at the
    curriculum's interval from the start date."""
    try:
        curriculum = curricula.get(curriculum_key)
    except curricula.CurriculumError as error:
        raise ValidationError(_("Choose one of the curricula offered.")) from error
    name = check_reason(name, _("Give the cohort a name."))
    if plan_sessions and not place.strip():
        raise ValidationError(_("Give the place where the sessions are held."))
    trainers = list(trainers)
    with transaction.atomic():
        cohort = Cohort.objects.create(
            site=site,
            name=name,
            curriculum_key=curriculum.key,
            rule={**curriculum.rule, "curriculum_version": curriculum.version},
            language=language,
            starts_on=starts_on,
        )
        cohort.trainers.set(trainers)
        audit.record(
            actor=actor,
            action="cohort.create",
            obj=cohort,
            site_id=site.pk,
            after={
                "name": name,
                "curriculum": curriculum.key,
                "starts_on": starts_on,
                "trainers": [t.pk for t in trainers],
            },
        )
        if plan_sessions:
            for index, module in enumerate(curriculum.modules):
                held_on = starts_on + dt.timedelta(days=curriculum.session_interval_days * index)
                _add_session(actor, cohort, module.key, held_on, module.hours, place, trainers)
    return cohort


def _add_session(
    actor: User,
    cohort: Cohort,
    module_key: str,
    held_on: dt.date,
    hours: Decimal,
    place: str,
    trainers: list[User],
) -> TrainingSession:
    session = TrainingSession.objects.create(
        cohort=cohort, module_key=module_key, held_on=held_on, hours=hours, place=place.strip()
    )
    session.trainers.set(trainers)
    audit.record(
        actor=actor,
        action="training_session.create",
        obj=session,
        site_id=cohort.site_id,
        after={"cohort": cohort.pk, "module": module_key, "held_on": held_on, "hours": hours, "place": place},
    )
    return session


def do_add_session(
    *,
    actor: User,
    cohort: Cohort,
    module_key: str,
    held_on: dt.date,
    hours: Decimal,
    place: str,
    trainers: Iterable[User] = (),
) -> TrainingSession:
    curriculum = curricula.get(cohort.curriculum_key)
    if curriculum.module(module_key) is None:
        raise ValidationError(_("Choose a module of this cohort's curriculum."))
    if not Decimal(0) < hours <= Decimal(12):
        raise ValidationError(_("A session lasts more than 0 and at most 12 hours."))
    check_reason(place, _("Give the place where the session is held."))
    with transaction.atomic():
        return _add_session(actor, cohort, module_key, held_on, hours, place, list(trainers))


def do_enrol(*, actor: User, cohort: Cohort, candidate: Candidate, enrolled_on: dt.date) -> Enrollment:
    if candidate.site_id != cohort.site_id:
        raise ValidationError(_("The candidate belongs to another site."))
    check_not_future(enrolled_on)
    with transaction.atomic():
        current = Candidate.objects.select_for_update().get(pk=candidate.pk)
        if current.stage != Stage.SELECTED:
            raise ValidationError(
                _("Only candidates selected for training can join a cohort (%(code)s is: %(stage)s).")
                % {"code": current.code, "stage": current.get_stage_display()}
            )
        if Enrollment.objects.filter(cohort=cohort, candidate=current).exists():
            raise ValidationError(_("%(code)s is already in this cohort.") % {"code": current.code})
        enrollment = Enrollment.objects.create(cohort=cohort, candidate=current, enrolled_on=enrolled_on)
        audit.record(
            actor=actor,
            action="enrollment.create",
            obj=enrollment,
            site_id=cohort.site_id,
            after={"cohort": cohort.pk, "candidate": current.pk, "enrolled_on": enrolled_on},
        )
        move_stage(
            actor=actor,
            candidate=current,
            to_stage=Stage.IN_TRAINING,
            changed_on=max(enrolled_on, current.stage_since),
        )
    return enrollment


def do_record_attendance(
    *, actor: User, session: TrainingSession, statuses: dict[int, str], on: dt.date | None = None
) -> int:
    """Save a whole attendance sheet at once: {enrollment id: status}. Returns how many rows changed."""
    if session.held_on > (on or today()):
        raise ValidationError(
            _("Attendance can only be taken once the session has happened (it is on %(date)s).")
            % {"date": show_date(session.held_on)},
            code="future",
        )
    if any(status not in AttendanceStatus.values for status in statuses.values()):
        raise ValidationError(_("Mark each trainee present, absent or excused."), code="status")
    with transaction.atomic():
        enrollments = {
            e.pk: e
            for e in Enrollment.objects.select_for_update().filter(
                cohort_id=session.cohort_id, withdrawn_on__isnull=True
            )
        }
        unknown = set(statuses) - set(enrollments)
        if unknown or not statuses:
            raise ValidationError(
                _("The sheet lists someone who is not a trainee of this cohort."), code="unknown"
            )
        existing = {a.enrollment_id: a for a in Attendance.objects.filter(session=session)}
        before, after = {}, {}
        for enrollment_id, status in statuses.items():
            row = existing.get(enrollment_id)
            if row is None:
                Attendance.objects.create(
                    session=session, enrollment_id=enrollment_id, status=status, recorded_by=actor
                )
            elif row.status != status:
                before[str(enrollment_id)] = row.status
                row.status, row.recorded_by = status, actor
                row.save(update_fields=["status", "recorded_by", "recorded_at"])
            else:
                continue
            after[str(enrollment_id)] = status
        if after:
            audit.record(
                actor=actor,
                action="attendance.record",
                obj=session,
                site_id=session.cohort.site_id,
                before=before,
                after=after,
            )
    return len(after)


def do_record_practice(*, actor: User, enrollment: Enrollment, completed_on: dt.date) -> Enrollment:
    check_not_future(completed_on, _("Practice cannot be marked complete on a future date."))
    with transaction.atomic():
        current = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
        if current.withdrawn_on is not None:
            raise ValidationError(_("This trainee has left the training."))
        if current.practice_completed_on is not None:
            raise ValidationError(_("Practice is already recorded as complete."))
        current.practice_completed_on = completed_on
        current.save(update_fields=["practice_completed_on"])
        audit.record(
            actor=actor,
            action="enrollment.practice",
            obj=current,
            site_id=current.cohort.site_id,
            after={"practice_completed_on": completed_on},
        )
    return current


def do_withdraw_trainee(
    *, actor: User, enrollment: Enrollment, withdrawn_on: dt.date, reason: str
) -> Enrollment:
    reason = check_reason(reason, _("Give the reason for leaving, in the person's own terms where possible."))
    check_not_future(withdrawn_on)
    with transaction.atomic():
        current = Enrollment.objects.select_for_update().select_related("candidate").get(pk=enrollment.pk)
        if current.withdrawn_on is not None:
            raise ValidationError(_("This trainee has already left the training."))
        if withdrawn_on < current.enrolled_on:
            raise ValidationError(_("A trainee cannot leave before they joined."))
        current.withdrawn_on, current.withdrawal_reason = withdrawn_on, reason
        current.save(update_fields=["withdrawn_on", "withdrawal_reason"])
        audit.record(
            actor=actor,
            action="enrollment.withdraw",
            obj=current,
            site_id=current.cohort.site_id,
            after={"withdrawn_on": withdrawn_on, "reason": reason},
        )
        candidate = current.candidate
        if candidate.stage != Stage.LEFT:
            move_stage(
                actor=actor,
                candidate=candidate,
                to_stage=Stage.LEFT,
                changed_on=max(withdrawn_on, candidate.stage_since),
                reason=reason,
            )
    return current
