"""Enrolment with its eligibility checklist and concealed randomisation; the course of phases."""

from __future__ import annotations

import datetime as dt
import random
import secrets
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from puente.accounts.models import Site, User
from puente.audit import services as audit
from puente.people.consent import consent_states
from puente.people.models import ConsentEvent, ConsentScope, Participant
from puente.programs import allocation, definitions
from puente.programs.models import (
    AllocationSlot,
    Contact,
    Enrolment,
    EnrolmentStatus,
    ExitReason,
    Phase,
    PhaseEvent,
    PhaseEventKind,
    Programme,
)
from puente.programs.phases import PhaseSpan, add_months, check_spans, phase_on, planned_spans
from puente.programs.services.common import (
    check_active,
    check_not_future,
    check_within_enrolment,
    phase_spans,
    stale,
    today,
)


@dataclass(frozen=True)
class CriterionResult:
    key: str
    label: str
    ok: bool
    detail: str = ""


def check_eligibility(
    *,
    programme: Programme,
    participant: Participant,
    first_visit_on: dt.date | None,
    on: dt.date,
    language: str,
) -> list[CriterionResult]:
    """The programme's eligibility checklist applied to a participant (nothing is written)."""
    results = []
    for rule in programme.definition.get("eligibility") or []:
        label = definitions.localise(rule.get("name"), language)
        if rule["kind"] == "age_between":
            if participant.birth_year is None:
                results.append(CriterionResult(rule["key"], label, False, _("year of birth not recorded")))
                continue
            age = on.year - participant.birth_year
            ok = rule["min"] <= age <= rule["max"]
            results.append(
                CriterionResult(rule["key"], label, ok, _("about %(age)s years old") % {"age": age})
            )
        elif rule["kind"] == "months_since_first_visit_at_most":
            if first_visit_on is None:
                results.append(CriterionResult(rule["key"], label, False, _("date of first visit not given")))
            elif first_visit_on > on:
                results.append(
                    CriterionResult(rule["key"], label, False, _("first visit is after enrolment"))
                )
            else:
                ok = add_months(first_visit_on, rule["max"]) >= on
                results.append(CriterionResult(rule["key"], label, ok, first_visit_on.isoformat()))
        elif rule["kind"] == "diagnosis_in":
            ok = participant.diagnosis_group in rule["values"]
            results.append(CriterionResult(rule["key"], label, ok, participant.get_diagnosis_group_display()))
    return results


def check_consent_for(programme: Programme, participant: Participant) -> None:
    states = consent_states(ConsentEvent.objects.filter(participant=participant))
    needed = [ConsentScope.PROGRAMME] + ([ConsentScope.RESEARCH] if programme.is_trial else [])
    missing = [scope for scope in needed if not (states.get(scope) and states[scope].active)]
    if missing:
        labels = ", ".join(str(ConsentScope(scope).label) for scope in missing)
        raise ValidationError(
            _("%(code)s has not consented to: %(scopes)s. Record consent before enrolling.")
            % {"code": participant.study_code, "scopes": labels},
            code="consent",
        )


def check_can_enrol(
    *, programme: Programme, participant: Participant, site: Site, enrolled_on: dt.date
) -> None:
    if programme.retired_at is not None:
        raise ValidationError(_("This programme is closed to new enrolments."), code="retired")
    if participant.retired_at is not None:
        raise ValidationError(_("This participant's record is retired."), code="retired")
    if participant.site_id != site.pk or not programme.sites.filter(pk=site.pk).exists():
        raise ValidationError(_("The programme does not run at this participant's site."), code="site")
    check_not_future(enrolled_on, _("The enrolment date"))
    if Enrolment.objects.filter(programme=programme, participant=participant).exists():
        raise ValidationError(
            _("%(code)s is already enrolled in this programme.") % {"code": participant.study_code},
            code="duplicate",
        )
    check_consent_for(programme, participant)


def do_enrol(
    *,
    actor: User,
    programme: Programme,
    participant: Participant,
    enrolled_on: dt.date,
    first_visit_on: dt.date | None = None,
    start_date: dt.date | None = None,
    language: str = "en",
    rng: random.Random | None = None,
) -> Enrolment:
    """Enrol after the checklist; in a trial, take the next concealed allocation of the site."""
    site = participant.site
    check_can_enrol(programme=programme, participant=participant, site=site, enrolled_on=enrolled_on)
    criteria = check_eligibility(
        programme=programme,
        participant=participant,
        first_visit_on=first_visit_on,
        on=enrolled_on,
        language=language,
    )
    failed = [c for c in criteria if not c.ok]
    if failed:
        raise ValidationError(
            _("%(code)s does not meet: %(criteria)s.")
            % {
                "code": participant.study_code,
                "criteria": "; ".join(f"{c.label} ({c.detail})" for c in failed),
            },
            code="ineligible",
        )
    if start_date is not None and start_date < enrolled_on:
        raise ValidationError(_("The intervention cannot start before the enrolment."), code="start")
    with transaction.atomic():
        enrolment = Enrolment.objects.create(
            programme=programme,
            participant=participant,
            site=site,
            enrolled_on=enrolled_on,
            first_visit_on=first_visit_on,
            eligibility={c.key: {"ok": c.ok, "detail": c.detail} for c in criteria},
            enrolled_by=actor,
        )
        audit.record(
            actor=actor,
            action="enrolment.create",
            obj=enrolment,
            site_id=site.pk,
            after=audit.snapshot(enrolment, Enrolment.AUDITED_FIELDS),
        )
        if programme.is_trial:
            _allocate(actor, programme, enrolment, rng or secrets.SystemRandom())
        if start_date is not None and definitions.arm_delivers_intervention(
            programme.definition, enrolment.arm
        ):
            _start(actor, enrolment, start_date)
    return enrolment


def _allocate(actor: User, programme: Programme, enrolment: Enrolment, rng: random.Random) -> AllocationSlot:
    # Locking the programme row serialises allocations, so two confirmations never share a slot.
    Programme.objects.select_for_update().filter(pk=programme.pk).first()
    slots = AllocationSlot.objects.filter(programme=programme, site=enrolment.site)
    slot = slots.filter(enrolment__isnull=True).order_by("position").first()
    if slot is None:
        trial = programme.definition["trial"]
        arm_keys = [arm["key"] for arm in trial["arms"]]
        last = slots.aggregate(position=Max("position"), block=Max("block"))
        block = allocation.draw_block(arm_keys, trial["block_sizes"], rng)
        start, number = (last["position"] or 0) + 1, (last["block"] or 0) + 1
        AllocationSlot.objects.bulk_create(
            AllocationSlot(
                programme=programme,
                site=enrolment.site,
                position=start + offset,
                block=number,
                block_size=len(block),
                arm=arm,
            )
            for offset, arm in enumerate(block)
        )
        slot = slots.filter(enrolment__isnull=True).order_by("position").first()
    slot.enrolment, slot.allocated_at, slot.allocated_by = enrolment, timezone.now(), actor
    slot.save(update_fields=["enrolment", "allocated_at", "allocated_by"])
    Enrolment.objects.filter(pk=enrolment.pk).update(arm=slot.arm)
    enrolment.arm = slot.arm
    audit.record(
        actor=actor,
        action="enrolment.randomise",
        obj=enrolment,
        site_id=enrolment.site_id,
        after={"arm": slot.arm, "stratum": enrolment.site_id, "position": slot.position, "block": slot.block},
    )
    return slot


def _write_spans(enrolment: Enrolment, spans: list[PhaseSpan]) -> None:
    existing = {p.key: p for p in enrolment.phases.all()}
    for span in spans:
        phase = existing.get(span.key) or Phase(enrolment=enrolment, key=span.key, order=span.order)
        phase.starts_on, phase.ends_on, phase.order = span.starts_on, span.ends_on, span.order
        phase.save()
    # Contacts keep the phase they fall in, so counts per phase need no date arithmetic.
    for contact in Contact.objects.filter(enrolment=enrolment).only("pk", "contact_on", "phase_key"):
        key = phase_on(contact.contact_on, spans)
        if key != contact.phase_key:
            Contact.objects.filter(pk=contact.pk).update(phase_key=key)


def _start(actor: User, enrolment: Enrolment, start_date: dt.date) -> None:
    spans = planned_spans(start_date, definitions.phases(enrolment.programme.definition))
    Enrolment.objects.filter(pk=enrolment.pk).update(start_date=start_date, version=enrolment.version + 1)
    enrolment.start_date, enrolment.version = start_date, enrolment.version + 1
    _write_spans(enrolment, spans)
    PhaseEvent.objects.create(
        enrolment=enrolment,
        kind=PhaseEventKind.STARTED,
        to_key=spans[0].key if spans else "",
        happened_on=start_date,
        recorded_by=actor,
    )
    audit.record(
        actor=actor,
        action="enrolment.start",
        obj=enrolment,
        site_id=enrolment.site_id,
        after={"start_date": start_date, "phases": [[s.key, s.starts_on, s.ends_on] for s in spans]},
    )


def do_set_start_date(*, actor: User, enrolment: Enrolment, start_date: dt.date) -> Enrolment:
    check_active(enrolment)
    if enrolment.start_date is not None:
        raise ValidationError(_("The intervention has already started; change the phase dates instead."))
    if not definitions.arm_delivers_intervention(enrolment.programme.definition, enrolment.arm):
        raise ValidationError(
            _("This participant's trial arm does not receive the intervention."), code="arm"
        )
    if start_date < enrolment.enrolled_on:
        raise ValidationError(_("The intervention cannot start before the enrolment."), code="start")
    with transaction.atomic():
        _start(actor, enrolment, start_date)
    return enrolment


def do_edit_phase_dates(
    *,
    actor: User,
    enrolment: Enrolment,
    dates: dict[str, tuple[dt.date, dt.date]],
    reason: str,
    expected_version: int | None = None,
) -> list[PhaseSpan]:
    """Change phase dates; the reason is required and kept. With ``expected_version`` (the enrolment's
    version when the form was opened) a change saved meanwhile is refused as stale."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give a reason for changing the phase dates."), code="reason")
    check_active(enrolment)
    with transaction.atomic():
        current = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if expected_version is not None and current.version != expected_version:
            raise stale()
        before = phase_spans(enrolment)
        if not before:
            raise ValidationError(_("The intervention has not started yet."), code="not_started")
        after = [PhaseSpan(s.key, s.order, *dates.get(s.key, (s.starts_on, s.ends_on))) for s in before]
        problem = check_spans(after)
        if problem == "end_before_start":
            raise ValidationError(_("A phase cannot end before it starts."), code="end_before_start")
        if problem == "overlap":
            raise ValidationError(_("Phases cannot overlap: each starts after the previous one ends."))
        if after[0].starts_on < enrolment.enrolled_on:
            raise ValidationError(_("The first phase cannot start before the enrolment."), code="start")
        if after == before:
            return before
        _write_spans(enrolment, after)
        Enrolment.objects.filter(pk=enrolment.pk).update(
            start_date=after[0].starts_on, version=current.version + 1
        )
        enrolment.version = current.version + 1
        PhaseEvent.objects.create(
            enrolment=enrolment,
            kind=PhaseEventKind.DATES_EDITED,
            happened_on=today(),
            reason=reason,
            recorded_by=actor,
        )
        audit.record(
            actor=actor,
            action="enrolment.phase_dates",
            obj=enrolment,
            site_id=enrolment.site_id,
            before={s.key: [s.starts_on, s.ends_on] for s in before},
            after={"reason": reason, **{s.key: [s.starts_on, s.ends_on] for s in after}},
        )
    return after


def do_record_transition(*, actor: User, enrolment: Enrolment, on: dt.date, note: str = "") -> str:
    """Move to the next phase on a date: the current phase ends the day before and the later
    phases keep their lengths."""
    check_active(enrolment)
    check_not_future(on, _("A transition"))
    with transaction.atomic():
        spans = phase_spans(enrolment)
        if not spans:
            raise ValidationError(_("The intervention has not started yet."), code="not_started")
        current = phase_on(on - dt.timedelta(days=1), spans)
        index = next((i for i, s in enumerate(spans) if s.key == current), -1)
        if index < 0 or index + 1 >= len(spans):
            raise ValidationError(_("There is no next phase: record the closing instead."), code="last")
        if on <= spans[index].starts_on:
            raise ValidationError(_("A phase cannot end before it starts."), code="end_before_start")
        shift = on - spans[index + 1].starts_on
        new = list(spans)
        new[index] = PhaseSpan(
            spans[index].key, spans[index].order, spans[index].starts_on, on - dt.timedelta(days=1)
        )
        for i in range(index + 1, len(spans)):
            new[i] = PhaseSpan(
                spans[i].key, spans[i].order, spans[i].starts_on + shift, spans[i].ends_on + shift
            )
        _write_spans(enrolment, new)
        PhaseEvent.objects.create(
            enrolment=enrolment,
            kind=PhaseEventKind.TRANSITION,
            from_key=spans[index].key,
            to_key=spans[index + 1].key,
            happened_on=on,
            reason=note.strip(),
            recorded_by=actor,
        )
        audit.record(
            actor=actor,
            action="enrolment.transition",
            obj=enrolment,
            site_id=enrolment.site_id,
            after={"from": spans[index].key, "to": spans[index + 1].key, "on": on, "note": note.strip()},
        )
    return spans[index + 1].key


def _end(actor: User, enrolment: Enrolment, status: str, on: dt.date, changes: dict[str, Any]) -> Enrolment:
    from puente.programs.services.teams import end_team_cases

    check_active(enrolment)
    check_not_future(on, _("The end date"))
    check_within_enrolment(enrolment, on, _("The end date"))
    with transaction.atomic():
        current = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        check_active(current)
        before = audit.snapshot(current, Enrolment.AUDITED_FIELDS)
        current.status, current.ended_on = status, on
        for name, value in changes.items():
            setattr(current, name, value)
        current.version += 1
        current.save()
        if current.team_id:
            end_team_cases(actor=actor, enrolment=current, on=on)
        PhaseEvent.objects.create(
            enrolment=current,
            kind=PhaseEventKind.COMPLETED if status == EnrolmentStatus.COMPLETED else PhaseEventKind.EXITED,
            from_key=phase_on(on, phase_spans(current)),
            happened_on=on,
            reason=changes.get("closing_note") or changes.get("exit_note", ""),
            recorded_by=actor,
        )
        old, new = audit.changed(before, audit.snapshot(current, Enrolment.AUDITED_FIELDS))
        audit.record(
            actor=actor,
            action=f"enrolment.{status}",
            obj=current,
            site_id=current.site_id,
            before=old,
            after=new,
        )
    return current


def do_exit(*, actor: User, enrolment: Enrolment, reason: str, on: dt.date, note: str = "") -> Enrolment:
    if reason not in ExitReason.values:
        raise ValidationError(_("Choose why the participant left."), code="reason")
    if reason == ExitReason.OTHER and not note.strip():
        raise ValidationError(_("Say why the participant left."), code="note")
    return _end(
        actor, enrolment, EnrolmentStatus.EXITED, on, {"exit_reason": reason, "exit_note": note.strip()}
    )


def do_complete(
    *, actor: User, enrolment: Enrolment, final_meeting_on: dt.date, closing_note: str
) -> Enrolment:
    """The final transfer-of-care meeting closes the intervention."""
    if not closing_note.strip():
        raise ValidationError(_("Write a closing note."), code="note")
    if enrolment.start_date is None:
        raise ValidationError(_("The intervention has not started yet."), code="not_started")
    if final_meeting_on < enrolment.start_date:
        raise ValidationError(_("The final meeting cannot be before the intervention started."), code="date")
    return _end(
        actor,
        enrolment,
        EnrolmentStatus.COMPLETED,
        final_meeting_on,
        {"final_meeting_on": final_meeting_on, "closing_note": closing_note.strip()},
    )
