"""Candidates, their identity, stages and the interview panel's scores."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from puente.accounts.models import Site, User
from puente.audit import services as audit
from puente.people.identity_records import save_identity_record
from puente.people.services import StaleEdit
from puente.workforce.criteria import DEFAULT_CRITERIA
from puente.workforce.models import (
    Candidate,
    CandidateIdentity,
    InterviewScore,
    SelectionCriterion,
    Stage,
    StageChange,
)
from puente.workforce.models.recruitment import STAGE_ORDER
from puente.workforce.services.common import check_not_future, check_reason, show_date


def check_candidate_code(code: str) -> None:
    if Candidate.objects.filter(code__iexact=code).exists():
        raise ValidationError(
            _("The candidate code %(code)s is already in use.") % {"code": code}, code="duplicate"
        )


def do_create_candidate(
    *,
    actor: User,
    site: Site,
    code: str,
    source: str,
    language: str,
    applied_on: dt.date,
    identity: dict[str, str],
    user: User | None = None,
) -> Candidate:
    code = code.strip().upper()
    check_not_future(applied_on, _("The application date cannot be in the future."))
    with transaction.atomic():
        check_candidate_code(code)
        candidate = Candidate.objects.create(
            site=site, code=code, source=source, language=language, stage_since=applied_on, user=user
        )
        StageChange.objects.create(
            candidate=candidate, to_stage=Stage.APPLIED, changed_on=applied_on, recorded_by=actor
        )
        audit.record(
            actor=actor,
            action="candidate.create",
            obj=candidate,
            site_id=site.pk,
            after=audit.snapshot(candidate, Candidate.AUDITED_FIELDS),
        )
        _save_identity(actor=actor, candidate=candidate, values=identity)
        do_ensure_default_criteria(actor=actor, site=site)
    return candidate


def _save_identity(
    *, actor: User, candidate: Candidate, values: dict[str, str], expected_version: int | None = None
) -> CandidateIdentity:
    return save_identity_record(
        CandidateIdentity,
        {"candidate": candidate},
        values,
        actor=actor,
        site_id=candidate.site_id,
        action_prefix="candidate_identity",
        expected_version=expected_version,
    )


def do_save_candidate_identity(
    *, actor: User, candidate: Candidate, values: dict[str, str], expected_version: int | None = None
) -> CandidateIdentity:
    """Create or change a candidate's contact details; ``expected_version`` is the version the editor saw."""
    with transaction.atomic():
        return _save_identity(
            actor=actor, candidate=candidate, values=values, expected_version=expected_version
        )


def check_stage_move(candidate: Candidate, to_stage: str, changed_on: dt.date, reason: str) -> None:
    if candidate.stage == Stage.LEFT:
        raise ValidationError(_("This candidate has left the programme; their record is kept as it is."))
    if to_stage == Stage.LEFT:
        check_reason(reason, _("Give the reason for leaving, in the person's own terms where possible."))
    elif to_stage not in STAGE_ORDER or STAGE_ORDER.index(to_stage) <= STAGE_ORDER.index(candidate.stage):
        raise ValidationError(
            _("A candidate can only move forward in the pipeline, or leave it."), code="order"
        )
    check_not_future(changed_on)
    if changed_on < candidate.stage_since:
        raise ValidationError(
            _("The date cannot be earlier than the current stage began (%(date)s).")
            % {"date": show_date(candidate.stage_since)}
        )


def move_stage(
    *, actor: User, candidate: Candidate, to_stage: str, changed_on: dt.date, reason: str = ""
) -> None:
    """Inside a transaction: record the move and its audit event (callers have checked it)."""
    before = candidate.stage
    StageChange.objects.create(
        candidate=candidate,
        from_stage=before,
        to_stage=to_stage,
        changed_on=changed_on,
        reason=reason.strip(),
        recorded_by=actor,
    )
    candidate.stage, candidate.stage_since = to_stage, changed_on
    candidate.version += 1
    Candidate.objects.filter(pk=candidate.pk).update(
        stage=to_stage, stage_since=changed_on, version=candidate.version
    )
    audit.record(
        actor=actor,
        action="candidate.stage",
        obj=candidate,
        site_id=candidate.site_id,
        before={"stage": before},
        after={"stage": to_stage, "on": changed_on, "reason": reason.strip()},
    )


def do_move_stage(
    *,
    actor: User,
    candidate: Candidate,
    to_stage: str,
    changed_on: dt.date,
    reason: str = "",
    expected_version: int | None = None,
) -> Candidate:
    with transaction.atomic():
        current = Candidate.objects.select_for_update().get(pk=candidate.pk)
        if expected_version is not None and current.version != expected_version:
            raise StaleEdit(
                _("Someone else changed this record while you were editing it. Reload it and try again.")
            )
        check_stage_move(current, to_stage, changed_on, reason)
        move_stage(actor=actor, candidate=current, to_stage=to_stage, changed_on=changed_on, reason=reason)
    return current


def do_ensure_default_criteria(*, actor: User | None, site: Site) -> list[SelectionCriterion]:
    with transaction.atomic():
        if not SelectionCriterion.objects.filter(site=site).exists():
            for position, (key, label) in enumerate(DEFAULT_CRITERIA.items()):
                criterion = SelectionCriterion.objects.create(
                    site=site, key=key, name=str(label), position=position
                )
                audit.record(
                    actor=actor, action="criterion.create", obj=criterion, site_id=site.pk, after={"key": key}
                )
    return list(SelectionCriterion.objects.filter(site=site, retired_at__isnull=True))


def do_add_criterion(*, actor: User, site: Site, name: str) -> SelectionCriterion:
    name = check_reason(name, _("Name the criterion."))
    with transaction.atomic():
        if SelectionCriterion.objects.filter(site=site, name__iexact=name).exists():
            raise ValidationError(_("This site already has that criterion."))
        position = SelectionCriterion.objects.filter(site=site).count()
        criterion = SelectionCriterion.objects.create(site=site, name=name, position=position)
        audit.record(
            actor=actor, action="criterion.create", obj=criterion, site_id=site.pk, after={"name": name}
        )
    return criterion


def do_retire_criterion(*, actor: User, criterion: SelectionCriterion) -> None:
    with transaction.atomic():
        if criterion.retired_at is not None:
            raise ValidationError(_("This criterion is no longer in use."))
        criterion.retired_at = timezone.now()
        criterion.save(update_fields=["retired_at"])
        audit.record(actor=actor, action="criterion.retire", obj=criterion, site_id=criterion.site_id)


def do_score_interview(
    *, actor: User, candidate: Candidate, scores: dict[int, int], interviewed_on: dt.date, note: str = ""
) -> list[InterviewScore]:
    """One panel member's scores for every criterion of the site's checklist, saved together."""
    criteria = {
        c.pk: c for c in SelectionCriterion.objects.filter(site=candidate.site, retired_at__isnull=True)
    }
    if set(scores) != set(criteria):
        raise ValidationError(_("Score every criterion of the checklist."), code="incomplete")
    if any(not 1 <= value <= 5 for value in scores.values()):
        raise ValidationError(_("Scores go from 1 to 5."), code="range")
    check_not_future(interviewed_on, _("The interview date cannot be in the future."))
    with transaction.atomic():
        current = Candidate.objects.select_for_update().get(pk=candidate.pk)
        saved = []
        for criterion_id, value in scores.items():
            score, _created = InterviewScore.objects.update_or_create(
                candidate=current,
                criterion_id=criterion_id,
                panel_member=actor,
                defaults={"score": value, "note": note.strip()[:500]},
            )
            saved.append(score)
        audit.record(
            actor=actor,
            action="candidate.interview",
            obj=current,
            site_id=current.site_id,
            after={"scores": {str(k): v for k, v in sorted(scores.items())}},
        )
        if current.stage == Stage.APPLIED and interviewed_on >= current.stage_since:
            move_stage(actor=actor, candidate=current, to_stage=Stage.INTERVIEWED, changed_on=interviewed_on)
    return saved
