from __future__ import annotations

from django.db import transaction
from django.db.models import Avg, QuerySet
from django.http import Http404

from puente.accounts.models import User
from puente.accounts.selectors import site_ids_for
from puente.audit import services as audit
from puente.workforce.access import TRAINING_STAFF, WORKFORCE_MANAGERS
from puente.workforce.models import (
    Candidate,
    CandidateIdentity,
    InterviewScore,
    SelectionCriterion,
    StageChange,
)


def visible_candidates(user: User) -> QuerySet[Candidate]:
    return Candidate.objects.filter(site_id__in=site_ids_for(user, TRAINING_STAFF)).select_related("site")


def get_candidate(user: User, pk: int) -> Candidate:
    candidate = visible_candidates(user).filter(pk=pk).first()
    if candidate is None:
        raise Http404
    return candidate


def can_manage_candidate(user: User, candidate: Candidate) -> bool:
    return candidate.site_id in site_ids_for(user, WORKFORCE_MANAGERS)


def read_candidate_identity(user: User, candidate: Candidate) -> CandidateIdentity | None:
    """The candidate's name and contacts, for the site's coordinators and administrators; logged."""
    if not can_manage_candidate(user, candidate):
        return None
    identity = CandidateIdentity.objects.filter(candidate=candidate).first()
    if identity is not None:
        with transaction.atomic():
            audit.record(
                actor=user, action="candidate_identity.read", obj=identity, site_id=candidate.site_id
            )
    return identity


def stage_history(candidate: Candidate) -> QuerySet[StageChange]:
    return candidate.stage_changes.select_related("recorded_by")


def criteria_of(site_id: int) -> QuerySet[SelectionCriterion]:
    return SelectionCriterion.objects.filter(site_id=site_id, retired_at__isnull=True)


def interview_summary(candidate: Candidate) -> list[dict]:
    """Each criterion with the panel's mean score and how many scored it (one query)."""
    rows = (
        InterviewScore.objects.filter(candidate=candidate)
        .values("criterion_id", "criterion__key", "criterion__name")
        .annotate(mean=Avg("score"))
        .order_by("criterion__position", "criterion_id")
    )
    from puente.workforce.criteria import criterion_label

    return [
        {"label": criterion_label(r["criterion__key"], r["criterion__name"]), "mean": r["mean"]} for r in rows
    ]
