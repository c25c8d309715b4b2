"""Every read of participant data goes through here, scoped to the requesting user.

A worker sees their own open caseload; coordinators, administrators, researchers and data-entry
staff see the participants of their sites. Anything else does not exist for them (404).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from puente.accounts.models import User
from puente.accounts.roles import (
    FIELD_WORKERS,
    IDENTITY_READERS,
    PARTICIPANT_EDITORS,
    SITE_WIDE_PARTICIPANT_ROLES,
    Role,
)
from puente.accounts.selectors import site_ids_for
from puente.audit import services as audit
from puente.people.models import (
    CaseAssignment,
    ConsentEvent,
    ConsentForm,
    ErasureRequest,
    Identity,
    Participant,
)


def scope_condition(user: User, path: str = "") -> Q | None:
    """The participants the user may see, as a condition on ``path`` (``""`` on participants,
    ``"participant__"`` on rows that belong to one), or None when they may see none. Applied through
    the row's own join rather than as a subquery of participants: cheaper to build on every request."""
    scope = scope_values(user)
    return None if scope is None else scope_q(user.pk, *scope, path)


def scope_values(user: User) -> tuple[list[int], list[int]] | None:
    """(sites where the user sees every participant, sites where they see their own caseload), or None
    when they may see nobody: the values :func:`scope_q` takes."""
    if not user.is_authenticated:
        return None
    site_ids = site_ids_for(user, SITE_WIDE_PARTICIPANT_ROLES)
    worker_sites = site_ids_for(user, FIELD_WORKERS)
    if not site_ids and not worker_sites:
        return None
    return sorted(site_ids), sorted(worker_sites)


def scope_q(user_id: int, site_ids: list[int], worker_sites: list[int], path: str = "") -> Q:
    """The rule itself, from plain values: every participant of ``site_ids``, and at ``worker_sites``
    those with an open case assignment to the user."""
    condition = Q(pk__in=[])
    if site_ids:
        condition |= Q(**{f"{path}site_id__in": site_ids})
    if worker_sites:
        # A subquery, not a join, so the result needs no DISTINCT and aggregates stay simple.
        own_cases = CaseAssignment.objects.filter(worker_id=user_id, ended_on__isnull=True).values(
            "participant_id"
        )
        condition |= Q(**{f"{path}pk__in": own_cases, f"{path}site_id__in": worker_sites})
    return condition


def visible_participants(user: User, *, include_retired: bool = False) -> QuerySet[Participant]:
    condition = scope_condition(user)
    if condition is None:
        return Participant.objects.none()
    queryset = Participant.objects.filter(condition).select_related("site")
    if not include_retired:
        queryset = queryset.filter(retired_at__isnull=True)
    return queryset


def caseload(user: User) -> QuerySet[Participant]:
    """The worker's own open caseload, with their fellow workers prefetched."""
    open_assignments = CaseAssignment.objects.filter(ended_on__isnull=True).select_related("worker")
    return (
        Participant.objects.filter(
            assignments__worker=user,
            assignments__ended_on__isnull=True,
            retired_at__isnull=True,
            site_id__in=site_ids_for(user, FIELD_WORKERS),
        )
        .select_related("site")
        .prefetch_related(Prefetch("assignments", queryset=open_assignments, to_attr="open_assignments"))
        .order_by("study_code")
    )


def get_participant(user: User, pk: int) -> Participant:
    """The participant if the user may see them; 404 otherwise (their existence is not revealed)."""
    participant = visible_participants(user, include_retired=True).filter(pk=pk).first()
    if participant is None:
        raise Http404
    return participant


def can_edit_participant(user: User, participant: Participant) -> bool:
    return participant.site_id in site_ids_for(user, PARTICIPANT_EDITORS)


def can_read_identity(user: User, participant: Participant) -> bool:
    if participant.site_id in site_ids_for(user, IDENTITY_READERS - FIELD_WORKERS):
        return True
    if participant.site_id in site_ids_for(user, FIELD_WORKERS):
        return participant.assignments.filter(worker=user, ended_on__isnull=True).exists()
    return False


def read_identity(user: User, participant: Participant) -> Identity | None:
    """The participant's identity record, if the user has a need to know; every read is logged."""
    if not can_read_identity(user, participant):
        return None
    identity = Identity.objects.filter(participant=participant).first()
    if identity is not None:
        with transaction.atomic():
            audit.record(actor=user, action="identity.read", obj=identity, site_id=participant.site_id)
    return identity


def consent_events(participant: Participant) -> list[ConsentEvent]:
    return list(ConsentEvent.objects.filter(participant=participant).select_related("form", "recorded_by"))


def assignments_of(participant: Participant) -> QuerySet[CaseAssignment]:
    return participant.assignments.select_related("worker").order_by("-ended_on", "started_on")


def consent_forms_for(user: User) -> QuerySet[ConsentForm]:
    return ConsentForm.objects.filter(site_id__in=site_ids_for(user, PARTICIPANT_EDITORS)).select_related(
        "site"
    )


PARTICIPANT_READER_ROLES = SITE_WIDE_PARTICIPANT_ROLES | FIELD_WORKERS


def erasure_requests_for(user: User) -> QuerySet[ErasureRequest]:
    """Erasure requests at the sites the user administers."""
    return ErasureRequest.objects.filter(
        participant__site_id__in=site_ids_for(user, [Role.ADMINISTRATOR])
    ).select_related("participant", "requested_by")
