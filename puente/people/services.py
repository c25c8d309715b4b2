"""Every write of participant data: one transaction each, with its audit event inside it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from puente.accounts.models import Site, User
from puente.audit import services as audit
from puente.people.consent import ConsentRequired, consent_states, has_research_consent
from puente.people.identity_records import save_identity_record
from puente.people.models import (
    CaseAssignment,
    ConsentEvent,
    ConsentEventKind,
    ConsentForm,
    ErasureRequest,
    Identity,
    Participant,
)

EARLIEST_BIRTH_YEAR = 1900
YOUNGEST_AGE = 12


class StaleEdit(ValidationError):
    """Someone else saved the record after this form was opened."""


def check_birth_year(birth_year: int | None, today: dt.date | None = None) -> None:
    if birth_year is None:
        return
    latest = (today or dt.date.today()).year - YOUNGEST_AGE
    if not EARLIEST_BIRTH_YEAR <= birth_year <= latest:
        raise ValidationError(
            _("The year of birth must be between %(low)s and %(high)s.")
            % {"low": EARLIEST_BIRTH_YEAR, "high": latest},
            code="birth_year",
        )


def check_study_code(study_code: str, *, exclude_pk: int | None = None) -> None:
    duplicates = Participant.objects.filter(study_code__iexact=study_code)
    if exclude_pk is not None:
        duplicates = duplicates.exclude(pk=exclude_pk)
    if duplicates.exists():
        raise ValidationError(
            _("The study code %(code)s is already in use.") % {"code": study_code}, code="duplicate"
        )


def do_create_participant(
    *,
    actor: User,
    site: Site,
    study_code: str,
    gender: str,
    birth_year: int | None,
    diagnosis_group: str,
    family_support: str,
    language: str,
    identity: dict[str, str] | None = None,
) -> Participant:
    study_code = study_code.strip().upper()
    check_birth_year(birth_year)
    with transaction.atomic():
        check_study_code(study_code)
        participant = Participant.objects.create(
            site=site,
            study_code=study_code,
            gender=gender,
            birth_year=birth_year,
            diagnosis_group=diagnosis_group,
            family_support=family_support,
            language=language,
        )
        audit.record(
            actor=actor,
            action="participant.create",
            obj=participant,
            site_id=site.pk,
            after=audit.snapshot(participant, Participant.AUDITED_FIELDS),
        )
        if identity:
            _save_identity(actor=actor, participant=participant, values=identity)
    return participant


def do_update_participant(
    *, actor: User, participant: Participant, expected_version: int, changes: dict[str, Any]
) -> Participant:
    if "birth_year" in changes:
        check_birth_year(changes["birth_year"])
    if "study_code" in changes:
        changes["study_code"] = changes["study_code"].strip().upper()
    with transaction.atomic():
        current = Participant.objects.select_for_update().get(pk=participant.pk)
        if current.version != expected_version:
            raise StaleEdit(
                _("Someone else changed this record while you were editing it. Reload it and try again."),
                code="stale",
            )
        if "study_code" in changes:
            check_study_code(changes["study_code"], exclude_pk=current.pk)
        before = audit.snapshot(current, Participant.AUDITED_FIELDS)
        for name, value in changes.items():
            setattr(current, name, value)
        after = audit.snapshot(current, Participant.AUDITED_FIELDS)
        audit.save_versioned(
            current, before, after, actor=actor, action="participant.update", site_id=current.site_id
        )
    return current


def do_retire_participant(*, actor: User, participant: Participant, reason: str) -> Participant:
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give a reason for retiring this record."), code="reason")
    with transaction.atomic():
        current = Participant.objects.select_for_update().get(pk=participant.pk)
        if current.retired_at is not None:
            raise ValidationError(_("This record is already retired."), code="retired")
        current.retired_at = timezone.now()
        current.retired_reason = reason
        current.version += 1
        current.save()
        audit.record(
            actor=actor,
            action="participant.retire",
            obj=current,
            site_id=current.site_id,
            before={"retired_at": None},
            after={"retired_at": current.retired_at, "reason": reason},
        )
    return current


def _save_identity(
    *, actor: User, participant: Participant, values: dict[str, str], expected_version: int | None = None
) -> Identity:
    return save_identity_record(
        Identity,
        {"participant": participant},
        values,
        actor=actor,
        site_id=participant.site_id,
        action_prefix="identity",
        expected_version=expected_version,
    )


def do_save_identity(
    *, actor: User, participant: Participant, values: dict[str, str], expected_version: int | None = None
) -> Identity:
    """Create or change the contact details; ``expected_version`` is the version the editor saw."""
    with transaction.atomic():
        return _save_identity(
            actor=actor, participant=participant, values=values, expected_version=expected_version
        )


def do_assign_worker(
    *, actor: User, participant: Participant, worker: User, role: str, started_on: dt.date | None = None
) -> CaseAssignment:
    if not worker.memberships.filter(site_id=participant.site_id, role=role).exists():
        raise ValidationError(_("%(worker)s does not work in that role at this site.") % {"worker": worker})
    with transaction.atomic():
        if CaseAssignment.objects.filter(
            participant=participant, worker=worker, ended_on__isnull=True
        ).exists():
            raise ValidationError(_("%(worker)s already supports this participant.") % {"worker": worker})
        assignment = CaseAssignment.objects.create(
            participant=participant, worker=worker, role=role, started_on=started_on or dt.date.today()
        )
        audit.record(
            actor=actor,
            action="assignment.create",
            obj=assignment,
            site_id=participant.site_id,
            after={
                "participant": participant.pk,
                "worker": worker.pk,
                "role": role,
                "started_on": assignment.started_on,
            },
        )
    return assignment


def do_end_assignment(*, actor: User, assignment: CaseAssignment, ended_on: dt.date | None = None) -> None:
    ended_on = ended_on or dt.date.today()
    if ended_on < assignment.started_on:
        raise ValidationError(_("An assignment cannot end before it started."))
    with transaction.atomic():
        CaseAssignment.objects.filter(pk=assignment.pk).update(ended_on=ended_on)
        audit.record(
            actor=actor,
            action="assignment.end",
            obj=assignment,
            site_id=assignment.participant.site_id,
            before={"ended_on": None},
            after={"ended_on": ended_on},
        )


def do_give_consent(
    *,
    actor: User,
    participant: Participant,
    form: ConsentForm,
    scopes: list[str],
    event_date: dt.date,
    note: str = "",
) -> ConsentEvent:
    if form.site_id != participant.site_id:
        raise ValidationError(_("This consent form belongs to another site."))
    unknown = set(scopes) - set(form.scopes)
    if not scopes or unknown:
        raise ValidationError(_("Choose at least one scope that this form covers."))
    if event_date > dt.date.today():
        raise ValidationError(_("Consent cannot be dated in the future."))
    if event_date < form.effective_from:
        raise ValidationError(_("This form version was not yet in use on that date."))
    return _record_consent(actor, participant, form, ConsentEventKind.GIVEN, scopes, event_date, note)


def do_withdraw_consent(
    *, actor: User, participant: Participant, scopes: list[str], event_date: dt.date, note: str = ""
) -> ConsentEvent:
    with transaction.atomic():
        states = consent_states(ConsentEvent.objects.filter(participant=participant))
        active = {scope: state for scope, state in states.items() if state.active}
        if not scopes or not set(scopes) <= set(active):
            raise ValidationError(_("Only consent that is currently given can be withdrawn."))
        if event_date > dt.date.today():
            raise ValidationError(_("A withdrawal cannot be dated in the future."))
        for scope in scopes:
            given_on = active[scope].given_on
            if given_on is not None and event_date < given_on:
                raise ValidationError(
                    _("The withdrawal date cannot be earlier than the consent it withdraws (%(date)s).")
                    % {"date": given_on.isoformat()}
                )
        return _record_consent(actor, participant, None, ConsentEventKind.WITHDRAWN, scopes, event_date, note)


def _record_consent(
    actor: User,
    participant: Participant,
    form: ConsentForm | None,
    kind: str,
    scopes: list[str],
    event_date: dt.date,
    note: str,
) -> ConsentEvent:
    with transaction.atomic():
        event = ConsentEvent.objects.create(
            participant=participant,
            form=form,
            kind=kind,
            scopes=sorted(scopes),
            event_date=event_date,
            recorded_by=actor,
            note=note.strip(),
        )
        audit.record(
            actor=actor,
            action=f"consent.{kind}",
            obj=event,
            site_id=participant.site_id,
            after=audit.snapshot(event, ConsentEvent.AUDITED_FIELDS),
        )
        research = has_research_consent(ConsentEvent.objects.filter(participant=participant))
        if research != participant.research_consent:
            Participant.objects.filter(pk=participant.pk).update(research_consent=research)
            participant.research_consent = research
    return event


def check_research_consent(participant: Participant) -> None:
    """Raise ConsentRequired unless the participant has active consent for research data."""
    if not has_research_consent(ConsentEvent.objects.filter(participant=participant)):
        raise ConsentRequired(participant.study_code)


def do_create_consent_form(
    *,
    actor: User,
    site: Site,
    language: str,
    version: str,
    title: str,
    scopes: list[str],
    effective_from: dt.date,
) -> ConsentForm:
    with transaction.atomic():
        if ConsentForm.objects.filter(site=site, language=language, version=version).exists():
            raise ValidationError(_("This version of the form already exists for that site and language."))
        form = ConsentForm.objects.create(
            site=site,
            language=language,
            version=version,
            title=title,
            scopes=sorted(scopes),
            effective_from=effective_from,
        )
        audit.record(
            actor=actor,
            action="consent_form.create",
            obj=form,
            site_id=site.pk,
            after={
                "language": language,
                "version": version,
                "title": title,
                "scopes": form.scopes,
                "effective_from": effective_from,
            },
        )
    return form


ERASED = "[erased]"


def do_request_erasure(*, actor: User, participant: Participant, reason: str) -> ErasureRequest:
    """Ask for the person's identity data to be erased; a second person must approve."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            _("Give the reason for erasing, e.g. the person's request under data protection law.")
        )
    with transaction.atomic():
        if ErasureRequest.objects.filter(participant=participant, decided_at__isnull=True).exists():
            raise ValidationError(_("An erasure request for this person is already waiting for approval."))
        request = ErasureRequest.objects.create(participant=participant, reason=reason, requested_by=actor)
        audit.record(
            actor=actor,
            action="erasure.request",
            obj=request,
            site_id=participant.site_id,
            after={"participant": participant.pk, "reason": reason},
        )
    return request


def do_decide_erasure(*, actor: User, request: ErasureRequest, approve: bool) -> ErasureRequest:
    """Approve (identity fields are blanked, the research record stays) or reject an erasure request."""
    with transaction.atomic():
        current = ErasureRequest.objects.select_for_update().get(pk=request.pk)
        if current.decided_at is not None:
            raise ValidationError(_("This request has already been decided."))
        if current.requested_by_id == actor.pk:
            raise ValidationError(_("Another person must approve an erasure you requested."))
        current.decided_by, current.decided_at, current.approved = actor, timezone.now(), approve
        current.save()
        erased: list[str] = []
        if approve:
            identity = Identity.objects.filter(participant_id=current.participant_id).first()
            if identity is not None:
                erased = [name for name in Identity.AUDITED_FIELDS if getattr(identity, name)]
                identity.full_name = ERASED
                identity.phone = identity.address = identity.national_id = identity.national_id_kind = ""
                identity.save()
        audit.record(
            actor=actor,
            action="erasure.approve" if approve else "erasure.reject",
            obj=current,
            site_id=current.participant.site_id,
            after={"erased_fields": erased},
        )
    return current
