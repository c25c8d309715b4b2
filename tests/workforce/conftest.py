"""Workforce fixtures on top of the shared personas.

``supervised_psw``: the ``psw`` persona supervised by the ``coordinator`` persona, so that the
coordinator is the one person besides the PSW who sees the PSW's wellbeing records.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import pytest
from faker import Faker

from puente.accounts.models import Site, User
from puente.accounts.roles import Role
from puente.workforce.models import AttendanceStatus, Cohort, Enrollment, Stage, SupervisionAssignment
from puente.workforce.services import recruitment, supervision, training
from tests.conftest import make_user

TODAY = dt.date.today()


def ensure_supervision(world) -> SupervisionAssignment:
    assignment = SupervisionAssignment.objects.filter(worker=world.psw, ends_on__isnull=True).first()
    if assignment is None:
        assignment = supervision.do_assign_supervisor(
            actor=world.coordinator,
            worker=world.psw,
            supervisor=world.coordinator,
            site=world.site_a,
            starts_on=TODAY - dt.timedelta(days=30),
        )
    return assignment


@pytest.fixture
def supervised_psw(world) -> User:
    ensure_supervision(world)
    return world.psw


_codes = iter(range(1, 10_000))


def make_candidate(
    world,
    *,
    site: Site | None = None,
    user: User | None = None,
    stage: str = Stage.SELECTED,
    name="Núria Puig",
):
    site = site or world.site_a
    actor = world.coordinator if site == world.site_a else world.admin
    candidate = recruitment.do_create_candidate(
        actor=actor,
        site=site,
        code=f"C-{next(_codes):04d}",
        source="current_service_user",
        language=site.language,
        applied_on=TODAY - dt.timedelta(days=120),
        identity={
            "full_name": name,
            "phone": "+34 600 000 000",
            "email": "n@example.org",
            "national_id": "12345678Z",
        },
        user=user,
    )
    if stage != Stage.APPLIED:
        recruitment.do_move_stage(
            actor=actor, candidate=candidate, to_stage=stage, changed_on=TODAY - dt.timedelta(days=100)
        )
    return candidate


def make_cohort(world, *, curriculum_key="catalan_peer_programme", starts_on=None, site=None) -> Cohort:
    site = site or world.site_a
    return training.do_create_cohort(
        actor=world.trainer if site == world.site_a else world.admin,
        site=site,
        name=f"Cohort {curriculum_key}",
        curriculum_key=curriculum_key,
        language=site.language,
        starts_on=starts_on or TODAY - dt.timedelta(days=90),
        trainers=[world.trainer],
        place="Sala 1",
    )


def enrol(world, cohort: Cohort, **candidate_kwargs) -> Enrollment:
    candidate = make_candidate(world, site=cohort.site, **candidate_kwargs)
    return training.do_enrol(
        actor=world.admin, cohort=cohort, candidate=candidate, enrolled_on=TODAY - dt.timedelta(days=95)
    )


def attend(world, enrollment: Enrollment, pattern: list[str]) -> None:
    """Record the trainee's attendance for the cohort's sessions in order."""
    for session, status in zip(enrollment.cohort.sessions.order_by("held_on"), pattern, strict=False):
        training.do_record_attendance(actor=world.admin, session=session, statuses={enrollment.pk: status})


P, A, E = AttendanceStatus.PRESENT, AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED


@pytest.fixture
def cohort(world) -> Cohort:
    return make_cohort(world)


@pytest.fixture
def psw_trainee(world, cohort) -> Enrollment:
    """The ``psw`` persona as a trainee of a Catalan cohort at site A."""
    return enrol(world, cohort, user=world.psw, name="Paula Serra")


def accredited(world, *, user: User | None = None, cohort=None):
    from puente.workforce.services import accreditation

    cohort = cohort or make_cohort(world)
    enrollment = enrol(world, cohort, user=user)
    attend(world, enrollment, [P] * 10)
    training.do_record_practice(
        actor=world.admin, enrollment=enrollment, completed_on=TODAY - dt.timedelta(days=5)
    )
    return accreditation.do_accredit(
        actor=world.admin, enrollment=enrollment, issued_on=TODAY - dt.timedelta(days=4)
    )


def another_coordinator(world) -> User:
    return make_user("coord2", (world.site_a, Role.COORDINATOR))


def demo_rng() -> random.Random:
    return random.Random(1)


__all__ = ["Decimal", "Faker"]
