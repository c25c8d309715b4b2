"""Logging contacts: quick on a phone, refused when dated impossibly, idempotent on retries."""

from __future__ import annotations

import datetime as dt

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
from puente.programs.phases import PhaseSpan, phase_on
from puente.programs.services.common import check_active, check_not_future, check_within_enrolment

MAX_DURATION_MINUTES = 12 * 60


def _keys(definition: dict, section: str) -> set[str]:
    return {item["key"] for item in definition.get(section) or []}


def _target_keys(definition: dict) -> set[str]:
    return {t["key"] for role in definition.get("roles") or [] for t in role["targets"]}


def do_log_contact(
    *,
    actor: User,
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
    client_token: str | None = None,
) -> Contact:
    targets, areas, outside_role_tasks = targets or [], areas or [], outside_role_tasks or []
    if client_token:
        earlier = Contact.objects.filter(client_token=client_token, enrolment=enrolment).first()
        if earlier is not None:
            return earlier  # the same form submitted again
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
    spans = [PhaseSpan(p.key, p.order, p.starts_on, p.ends_on) for p in enrolment.phases.order_by("order")]
    with transaction.atomic():
        contact = Contact.objects.create(
            enrolment=enrolment,
            phase_key=phase_on(contact_on, spans),
            contact_on=contact_on,
            kind=kind,
            place=place,
            attendees=sorted(set(attendees)),
            duration_minutes=duration_minutes,
            targets=sorted(set(targets)),
            areas=sorted(set(areas)),
            outside_role_tasks=sorted(set(outside_role_tasks)),
            # A task outside the peer role is a warning only when a peer worker was there to be given it.
            role_boundary=bool(outside_role_tasks) and Attendee.PSW in attendees,
            in_community=kind in COMMUNITY_KINDS,
            with_supports=bool(set(attendees) & SUPPORT_ATTENDEES),
            note=note.strip(),
            logged_by=actor,
            client_token=client_token or None,
        )
        audit.record(
            actor=actor,
            action="contact.create",
            obj=contact,
            site_id=enrolment.site_id,
            after=audit.snapshot(contact, Contact.AUDITED_FIELDS),
        )
    return contact


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
