"""Logging contacts: quick on a phone, refused when dated impossibly, idempotent on retries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from puente.accounts.models import User
from puente.audit import services as audit
from puente.programs import definitions
from puente.programs.models import (
    COMMUNITY_KINDS,
    SUPPORT_ATTENDEES,
    Attendee,
    Contact,
    ContactKind,
    ContactPlace,
    Enrolment,
)
from puente.programs.phases import phase_on
from puente.programs.services.common import (
    check_active,
    check_not_future,
    check_within_enrolment,
    phase_spans,
)
from puente.web.compiled_queries import CompiledInsert

MAX_DURATION_MINUTES = 12 * 60

# The busiest insert of the application, written out once (see puente.web.compiled_queries).
_CONTACTS = CompiledInsert(Contact)


def _keys(definition: dict, section: str) -> set[str]:
    return {item["key"] for item in definition.get(section) or []}


def _target_keys(definition: dict) -> set[str]:
    return {t["key"] for role in definition.get("roles") or [] for t in role["targets"]}


@dataclass(frozen=True)
class ContactDraft:
    """A contact that passed every check, ready to write (made by :func:`check_contact`, which only reads)."""

    enrolment: Enrolment
    values: dict[str, Any]


def check_contact(
    *,
    enrolment: Enrolment,
    contact_on: dt.date,
    kind: str,
    attendees: list[str],
    duration_minutes: int,
    place: str = "",
    targets: list[str] | None = None,
    areas: list[str] | None = None,
    outside_role_tasks: list[str] | None = None,
    note: str = "",
) -> ContactDraft:
    """Refuse an impossible contact (ValidationError) or return it ready to record, with its phase.

    Only reads, so a caller can run it before taking the database's write lock: on SQLite every other
    writer waits while that lock is held, so the less work inside it, the more contacts per second."""
    targets, areas, outside_role_tasks = targets or [], areas or [], outside_role_tasks or []
    check_active(enrolment)
    check_not_future(contact_on, _("A contact"))
    check_within_enrolment(enrolment, contact_on, _("A contact"))
    definition = enrolment.programme.definition
    if not definitions.arm_delivers_intervention(definition, enrolment.arm):
        raise ValidationError(_("Participants in this trial arm receive usual care only."), code="arm")
    if kind not in ContactKind.values:
        raise ValidationError(_("Choose the type of contact."), code="kind")
    if place and place not in ContactPlace.values:
        raise ValidationError(_("Choose a place from the list."), code="place")
    if not attendees or not set(attendees) <= set(Attendee.values):
        raise ValidationError(_("Say who attended."), code="attendees")
    if not 1 <= duration_minutes <= MAX_DURATION_MINUTES:
        raise ValidationError(_("The duration must be between 1 minute and 12 hours."), code="duration")
    if not set(targets) <= _target_keys(definition) or not set(areas) <= _keys(definition, "areas_of_focus"):
        raise ValidationError(_("A target or area is not part of this programme."), code="targets")
    if not set(outside_role_tasks) <= _keys(definition, "outside_peer_role"):
        raise ValidationError(_("Choose tasks from the list."), code="tasks")
    values = {
        "phase_key": phase_on(contact_on, phase_spans(enrolment)),
        "contact_on": contact_on,
        "kind": kind,
        "place": place,
        "attendees": sorted(set(attendees)),
        "duration_minutes": duration_minutes,
        "targets": sorted(set(targets)),
        "areas": sorted(set(areas)),
        "outside_role_tasks": sorted(set(outside_role_tasks)),
        # A task outside the peer role is a warning only when a peer worker was there to be given it.
        "role_boundary": bool(outside_role_tasks) and Attendee.PSW in attendees,
        "in_community": kind in COMMUNITY_KINDS,
        "with_supports": bool(set(attendees) & SUPPORT_ATTENDEES),
        "note": note.strip(),
    }
    return ContactDraft(enrolment=enrolment, values=values)


def do_record_contact(*, actor: User, draft: ContactDraft) -> Contact:
    """Write a checked contact and its audit event: the contact and nothing else, in one transaction."""
    # No savepoint of its own: nothing in here needs a partial rollback, and inside the form's idempotent
    # save (an outer transaction) a savepoint is two wasted statements per contact. Called alone, this is
    # the outermost transaction as usual.
    with transaction.atomic(savepoint=False):
        contact = _CONTACTS.create(enrolment=draft.enrolment, logged_by=actor, **draft.values)
        audit.record(
            actor=actor,
            action="contact.create",
            obj=contact,
            site_id=draft.enrolment.site_id,
            after=audit.snapshot(contact, Contact.AUDITED_FIELDS),
        )
    return contact


def do_log_contact(*, actor: User, enrolment: Enrolment, **fields: Any) -> Contact:
    """Check (``fields`` as :func:`check_contact` takes them) and record one contact. A retried form is
    recorded once by the view (puente.web.idempotency.run_once)."""
    return do_record_contact(actor=actor, draft=check_contact(enrolment=enrolment, **fields))


def do_retire_contact(*, actor: User, contact: Contact, reason: str) -> Contact:
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give a reason for removing this contact."), code="reason")
    with transaction.atomic():
        current = Contact.objects.select_for_update().get(pk=contact.pk)
        if current.retired_at is not None:
            raise ValidationError(_("This contact was already removed."), code="retired")
        current.retired_at, current.retired_reason = timezone.now(), reason
        current.save(update_fields=["retired_at", "retired_reason"])
        audit.record(
            actor=actor,
            action="contact.retire",
            obj=current,
            site_id=current.enrolment.site_id,
            before={"retired_at": None},
            after={"retired_at": current.retired_at, "reason": reason},
        )
    return current
