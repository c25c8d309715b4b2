"""Issuing accreditation when the curriculum's rule is met, and revoking it with a reason."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from puente.accounts.models import User
from puente.audit import services as audit
from puente.workforce import rules
from puente.workforce.models import Accreditation, Attendance, Enrollment, Stage, TrainingSession
from puente.workforce.services.common import check_not_future, check_reason
from puente.workforce.services.recruitment import move_stage


def progress_of(enrollment: Enrollment) -> rules.Progress:
    """Two queries: the cohort's sessions and this trainee's attendance."""
    statuses = dict(Attendance.objects.filter(enrollment=enrollment).values_list("session_id", "status"))
    sessions = TrainingSession.objects.filter(cohort_id=enrollment.cohort_id).values_list("pk", "hours")
    return rules.progress(
        enrollment.cohort.rule,
        [(hours, statuses.get(pk)) for pk, hours in sessions],
        practice_done=enrollment.practice_completed_on is not None,
    )


def check_accreditation_rule(progress: rules.Progress) -> None:
    problems = []
    if not progress.attendance_met:
        problems.append(
            _("attendance is %(percent)s %% and this curriculum asks for at least %(required)s %%")
            % {"percent": number_format(progress.percent, 1), "required": progress.required_percent}
        )
    if not progress.practice_met:
        problems.append(_("the practice is not yet complete"))
    if problems:
        raise ValidationError(
            _("This trainee does not meet the accreditation rule yet: %(problems)s.")
            % {"problems": "; ".join(problems)},
            code="rule",
        )


def do_accredit(*, actor: User, enrollment: Enrollment, issued_on: dt.date) -> Accreditation:
    check_not_future(issued_on, _("Accreditation cannot be dated in the future."))
    with transaction.atomic():
        current = (
            Enrollment.objects.select_for_update()
            .select_related("cohort__site", "candidate")
            .get(pk=enrollment.pk)
        )
        if current.withdrawn_on is not None:
            raise ValidationError(_("This trainee has left the training."))
        if current.accreditations.filter(revoked_on__isnull=True).exists():
            raise ValidationError(_("This trainee is already accredited."))
        progress = progress_of(current)
        check_accreditation_rule(progress)
        issue = current.accreditations.count() + 1
        number = f"{current.cohort.site.code.upper()}-{current.cohort_id}-{current.pk}"
        if issue > 1:
            number += f"-{issue}"
        accreditation = Accreditation.objects.create(
            enrollment=current,
            certificate_number=number,
            issued_on=issued_on,
            issued_by=actor,
            attendance_percent=progress.percent,
        )
        audit.record(
            actor=actor,
            action="accreditation.issue",
            obj=accreditation,
            site_id=current.cohort.site_id,
            after={
                "enrollment": current.pk,
                "number": number,
                "issued_on": issued_on,
                "attendance": progress.percent,
            },
        )
        candidate = current.candidate
        if candidate.stage == Stage.IN_TRAINING:
            move_stage(
                actor=actor,
                candidate=candidate,
                to_stage=Stage.ACCREDITED,
                changed_on=max(issued_on, candidate.stage_since),
            )
    return accreditation


def do_revoke(
    *, actor: User, accreditation: Accreditation, reason: str, revoked_on: dt.date
) -> Accreditation:
    reason = check_reason(reason, _("Give the reason for revoking the accreditation."))
    check_not_future(revoked_on)
    with transaction.atomic():
        current = (
            Accreditation.objects.select_for_update()
            .select_related("enrollment__cohort")
            .get(pk=accreditation.pk)
        )
        if current.revoked_on is not None:
            raise ValidationError(_("This accreditation has already been revoked."))
        if revoked_on < current.issued_on:
            raise ValidationError(_("An accreditation cannot be revoked before it was issued."))
        current.revoked_on, current.revoked_by, current.revoked_reason = revoked_on, actor, reason
        current.save(update_fields=["revoked_on", "revoked_by", "revoked_reason"])
        audit.record(
            actor=actor,
            action="accreditation.revoke",
            obj=current,
            site_id=current.enrollment.cohort.site_id,
            before={"revoked_on": None},
            after={"revoked_on": revoked_on, "reason": reason},
        )
    return current
