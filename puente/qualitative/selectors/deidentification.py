"""The names to look for when de-identifying a project's transcripts.

Participant names come from the identity vault, which researchers cannot otherwise read. This is the
one path that reads them for de-identification: it returns them only as search terms for the matcher,
and writes one audit event per run (how many names were read, never which).
"""

from __future__ import annotations

from django.db import transaction

from puente.accounts.models import Membership, User
from puente.accounts.roles import Role
from puente.audit import services as audit
from puente.people.models import Identity
from puente.qualitative.deidentify import NAME, PROFESSIONAL, PSW, NameEntry, parse_team_list
from puente.qualitative.models import Project


def names_for_deidentification(user: User, project: Project) -> list[NameEntry]:
    site_ids = list(project.sites.values_list("pk", flat=True))
    entries = parse_team_list(project.deidentify_list)
    participant_names = list(
        Identity.objects.filter(participant__site_id__in=site_ids).values_list("full_name", flat=True)
    )
    entries += [NameEntry(n, NAME, "known_name", parts=True) for n in participant_names if n.strip()]
    worker_roles: dict[int, str] = {}
    for user_id, role in Membership.objects.filter(
        site_id__in=site_ids, role__in=[Role.PSW, Role.CMHW, Role.COORDINATOR]
    ).values_list("user_id", "role"):
        if worker_roles.get(user_id) != Role.PSW:
            worker_roles[user_id] = role
    workers = User.objects.filter(pk__in=worker_roles).values_list("pk", "first_name", "last_name")
    for pk, first, last in workers:
        full = f"{first} {last}".strip()
        if full:
            replacement = PSW if worker_roles[pk] == Role.PSW else PROFESSIONAL
            entries.append(NameEntry(full, replacement, "known_name", parts=True))
    with transaction.atomic():
        audit.record(
            actor=user,
            action="identity.read_for_deidentification",
            obj=project,
            site_id=site_ids[0] if site_ids else None,
            after={"participant_names": len(participant_names), "worker_names": len(workers)},
        )
    return entries
