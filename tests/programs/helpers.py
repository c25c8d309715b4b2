"""Building programme data for tests through the services, as the app does."""

from __future__ import annotations

import datetime as dt
import random

from puente.programs.models import Enrolment, Programme, Team
from puente.programs.services import enrolment as enrolments
from puente.programs.services import programmes, teams

TODAY = dt.date.today()


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def cti_programme(world, *, trial: bool = False, code: str = "cti") -> Programme:
    return programmes.do_create_from_template(
        actor=world.coordinator,
        template_code="cti_ts",
        code=code,
        name="CTI-TS test",
        sites=[world.site_a, world.site_b],
        is_trial=trial,
    )


def enrol(
    world, programme: Programme, participant=None, *, start_days_ago: int | None = 30, rng=None
) -> Enrolment:
    participant = participant or world.own_participant
    enrolled_on = days_ago(start_days_ago + 5 if start_days_ago is not None else 5)
    return enrolments.do_enrol(
        actor=world.coordinator if participant.site_id == world.site_a.pk else world.admin,
        programme=programme,
        participant=participant,
        enrolled_on=enrolled_on,
        first_visit_on=enrolled_on - dt.timedelta(days=30),
        start_date=days_ago(start_days_ago) if start_days_ago is not None else None,
        rng=rng or random.Random(1),
    )


def team_a(world, name: str = "Team A") -> Team:
    return teams.do_create_team(
        actor=world.coordinator,
        site=world.site_a,
        name=name,
        members=[
            teams.MemberSpec(worker=world.psw, role="psw"),
            teams.MemberSpec(worker=world.cmhw, role="cmhw"),
        ],
        languages=["es"],
    )


def matrix_objects(world) -> dict:
    """One started enrolment of own_participant with a team, a focus area and a linkage (cached)."""
    cached = getattr(world, "_programme_objects", None)
    if cached:
        return cached
    from puente.programs.services import plans

    programme = cti_programme(world, code="matrix")
    trial = cti_programme(world, trial=True, code="matrix-trial")
    enrolment = enrol(world, programme)
    team = team_a(world)
    teams.do_assign_team(actor=world.coordinator, enrolment=enrolment, team=team, on=days_ago(20))
    area = plans.do_add_focus_area(
        actor=world.coordinator,
        enrolment=enrolment,
        phase_key="transition",
        area_key="housing",
        goal="A room",
    )
    linkage = plans.do_add_linkage(
        actor=world.coordinator,
        enrolment=enrolment,
        kind="informal",
        support_type="self_help",
        name="Hearing voices group",
        proposed_on=days_ago(10),
    )
    world._programme_objects = {
        "programme": programme,
        "trial": trial,
        "enrolment": enrolment,
        "area": area,
        "linkage": linkage,
    }
    return world._programme_objects
