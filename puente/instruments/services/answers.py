"""Saving answers: range checks, consent, scores, and an append-only history of every change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from puente.accounts.models import User
from puente.audit import services as audit
from puente.instruments.models import Administration, AdministrationStatus, Mode, ResponseRevision
from puente.instruments.presentation import questions
from puente.instruments.scores import compiled_for, score_one
from puente.instruments.services.schedules import check_can_collect
from puente.people.services import StaleEdit


def check_answers(definition: Mapping[str, Any], answers: Mapping[str, Any]) -> dict[str, int | None]:
    """Answers as integers (None: left blank); every problem named in one clear error."""
    by_id = {q.item_id: q for q in questions(definition, "en")}
    clean: dict[str, int | None] = {}
    problems = []
    for item_id, raw in answers.items():
        question = by_id.get(item_id)
        if question is None:
            problems.append(
                _("%(item)s is not an item of %(instrument)s.")
                % {"item": item_id, "instrument": definition["abbreviation"]}
            )
            continue
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            clean[item_id] = None
            continue
        try:
            value = int(str(raw).strip())
        except ValueError:
            problems.append(
                _("Item %(number)s: %(value)s is not a number.") % {"number": question.number, "value": raw}
            )
            continue
        if not (question.low <= value <= question.high or value in question.special_codes):
            problems.append(
                _("Item %(number)s: %(value)s is not an answer on its scale (%(scale)s).")
                % {"number": question.number, "value": value, "scale": question.describe_scale()}
            )
            continue
        clean[item_id] = value
    if problems:
        raise ValidationError(problems, code="answers")
    return clean


def check_required_answered(definition: Mapping[str, Any], answers: Mapping[str, Any]) -> None:
    """Items marked required must be answered before a questionnaire is completed."""
    numbers = [
        str(item.get("number", position))
        for position, item in enumerate(definition["items"], start=1)
        if item.get("required") and answers.get(item["id"]) is None
    ]
    if numbers:
        raise ValidationError(
            _("Answer the required item(s) %(numbers)s before saving the questionnaire as complete.")
            % {"numbers": ", ".join(numbers)},
            code="required",
        )


def _next_revision_number(administration: Administration) -> int:
    last = administration.history.order_by("-number").values_list("number", flat=True).first()
    return (last or 0) + 1


def save_answers(
    *,
    actor: User | None,
    administration: Administration,
    answers: Mapping[str, Any],
    expected_version: int | None,
    complete: bool,
    mode: str,
    reason: str = "",
    administered_on: dt.date | None = None,
) -> Administration:
    """The shared write behind staff entry and self-report; call inside a transaction."""
    current = (
        Administration.objects.select_for_update(of=("self",))
        .select_related("revision", "respondent__participant")
        .get(pk=administration.pk)
    )
    if current.status == AdministrationStatus.RETIRED or current.respondent.retired_at is not None:
        raise ValidationError(_("This questionnaire was retired and cannot be changed."), code="retired")
    if expected_version is not None and current.version != expected_version:
        raise StaleEdit(
            _("Someone else saved this questionnaire while you were working on it. Reload it and try again."),
            code="stale",
        )
    check_can_collect(current.respondent)
    definition = current.revision.definition
    clean = check_answers(definition, answers)
    if administered_on is not None and administered_on > timezone.localdate():
        raise ValidationError(_("A questionnaire cannot be answered in the future."), code="date")
    merged = {**current.answers, **clean}
    merged = {item_id: value for item_id, value in merged.items() if value is not None}
    changed_items = sorted(
        set(current.answers) ^ set(merged)
        | {k for k in merged if k in current.answers and current.answers[k] != merged[k]}
    )
    was_completed = current.status == AdministrationStatus.COMPLETED
    will_complete = was_completed or complete
    if will_complete:
        check_required_answered(definition, merged)
    date_changes = administered_on is not None and administered_on != current.administered_on
    if not changed_items and not date_changes and will_complete == was_completed:
        return current  # a retried or empty save changes nothing
    reason = reason.strip()
    if was_completed and not reason:
        raise ValidationError(_("Give a reason for changing a saved questionnaire."), code="reason")
    previous = {item_id: current.answers.get(item_id) for item_id in changed_items}
    now = timezone.now()
    before_status = current.status
    current.answers = merged
    current.mode = current.mode or mode
    current.started_at = current.started_at or now
    if actor is not None:
        current.entered_by = current.entered_by or actor
    if administered_on is not None:
        current.administered_on = administered_on
    if will_complete:
        current.status = AdministrationStatus.COMPLETED
        current.completed_at = current.completed_at or now
        current.administered_on = current.administered_on or timezone.localdate()
        current.scores = score_one(compiled_for(definition, current.revision.digest), merged)
    else:
        current.status = AdministrationStatus.IN_PROGRESS
    current.version += 1
    current.save()
    ResponseRevision.objects.create(
        administration=current,
        number=_next_revision_number(current),
        answers=merged,
        previous=previous,
        reason=reason,
        mode=mode,
        saved_by=actor,
    )
    action = (
        "administration.edit"
        if was_completed
        else ("administration.complete" if will_complete else "administration.save")
    )
    audit.record(
        actor=actor,
        action=action,
        obj=current,
        site_id=current.site_id,
        before={"status": before_status, "answers": previous},
        after={
            "status": current.status,
            "answers": {item_id: merged.get(item_id) for item_id in changed_items},
            "reason": reason,
            "mode": mode,
        },
    )
    return current


def do_enter_answers(
    *,
    actor: User,
    administration: Administration,
    answers: Mapping[str, Any],
    expected_version: int,
    complete: bool = True,
    reason: str = "",
    administered_on: dt.date | None = None,
) -> Administration:
    """Staff entry of a questionnaire (or a correction of one, which needs a reason)."""
    with transaction.atomic():
        return save_answers(
            actor=actor,
            administration=administration,
            answers=answers,
            expected_version=expected_version,
            complete=complete,
            mode=Mode.STAFF_ENTRY,
            reason=reason,
            administered_on=administered_on,
        )


def do_retire_administration(*, actor: User, administration: Administration, reason: str) -> Administration:
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give a reason for retiring this questionnaire."), code="reason")
    with transaction.atomic():
        current = Administration.objects.select_for_update().get(pk=administration.pk)
        if current.status == AdministrationStatus.RETIRED:
            raise ValidationError(_("This questionnaire is already retired."), code="retired")
        before = current.status
        current.status = AdministrationStatus.RETIRED
        current.retired_reason = reason
        current.version += 1
        current.save()
        audit.record(
            actor=actor,
            action="administration.retire",
            obj=current,
            site_id=current.site_id,
            before={"status": before},
            after={"status": current.status, "reason": reason},
        )
    return current
