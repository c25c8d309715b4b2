"""The fidelity indicators judged on hand-made facts, and the page showing who is behind them."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from puente.programs import definitions, fidelity
from puente.programs.phases import planned_spans
from puente.programs.services import contacts, plans, teams
from tests.conftest import client_for
from tests.programs.helpers import cti_programme, days_ago, enrol, team_a

TODAY = dt.date(2025, 6, 1)
PHASES = definitions.load_template("cti_ts")["phases"]


def facts(code: str, start: dt.date, **kwargs) -> fidelity.EnrolmentFacts:
    return fidelity.EnrolmentFacts(
        enrolment_id=hash(code),
        study_code=code,
        site_id=1,
        team_id=kwargs.pop("team_id", 10),
        spans=tuple(planned_spans(start, PHASES)),
        planned_months=9,
        status=kwargs.pop("status", "active"),
        **kwargs,
    )


def test_a_faithful_course_meets_every_indicator_it_can_be_judged_on():
    good = facts(
        "GOOD",
        dt.date(2024, 8, 1),
        status="completed",
        ended_on=dt.date(2025, 4, 30),
        areas_per_phase={"transition": 2, "try_out": 1, "transfer": 3},
        contacts={
            "transition": fidelity.PhaseContacts(12, 5, 3),
            "try_out": fidelity.PhaseContacts(6, 3, 1),
            "transfer": fidelity.PhaseContacts(3, 1, 1),
        },
        first_month_contacts=4,
    )
    worker = fidelity.WorkerLoad(1, "Psw", 1, frozenset({10}), active=12, limit=20)
    result = fidelity.indicators([good], [worker], TODAY)
    assert all(ind.not_met == [] for ind in result.values())
    assert all(ind.met for ind in result.values())


def test_shortfalls_name_the_participants_and_workers_behind_them():
    poor = facts(
        "POOR",
        dt.date(2024, 10, 1),
        status="exited",
        exit_reason="drop_out",
        ended_on=dt.date(2025, 5, 1),
        areas_per_phase={"transition": 4},
        contacts={"transition": fidelity.PhaseContacts(4, 1, 0), "try_out": fidelity.PhaseContacts(6, 2, 0)},
        first_month_contacts=1,
    )
    recent = facts("NEW", TODAY - dt.timedelta(days=10))  # too early to judge most things
    busy = fidelity.WorkerLoad(2, "Busy", 1, frozenset({10}), active=23, limit=20)
    result = fidelity.indicators([poor, recent], [busy], TODAY)
    for key in (
        "community_meetings",
        "support_meetings",
        "decreasing_contacts",
        "no_early_dropout",
        "focus_areas",
    ):
        assert result[key].not_met == ["POOR"], key
    assert result["first_month_contacts"].not_met == ["POOR"]
    assert result["caseload"].not_met == ["Busy"] and result["caseload"].rating == "low"
    assert "NEW" not in result["community_meetings"].met + result["community_meetings"].not_met


def test_unequal_phases_and_an_overlong_course_are_flagged():
    spans = list(planned_spans(dt.date(2024, 1, 1), PHASES))
    longer = [
        *spans[:2],
        spans[2].__class__(spans[2].key, 3, spans[2].starts_on, spans[2].ends_on + dt.timedelta(days=60)),
    ]
    stretched = fidelity.EnrolmentFacts(1, "LONG", 1, 10, tuple(longer), 9, "active")
    result = fidelity.indicators([stretched], [], TODAY)
    assert result["length"].not_met == ["LONG"] and result["equal_phases"].not_met == ["LONG"]


def test_the_fidelity_page_shows_figures_per_site_and_team(world):
    programme = cti_programme(world)
    enrolment = enrol(world, programme, start_days_ago=120)
    teams.do_assign_team(actor=world.coordinator, enrolment=enrolment, team=team_a(world), on=days_ago(110))
    for offset in (118, 112):
        contacts.do_log_contact(
            actor=world.psw,
            enrolment=enrolment,
            contact_on=days_ago(offset),
            kind="home_visit",
            attendees=["psw", "family"],
            duration_minutes=60,
        )
    plans.do_add_focus_area(
        actor=world.psw, enrolment=enrolment, phase_key="transition", area_key="housing", goal="Room"
    )
    body = client_for(world.researcher).get(reverse("fidelity")).content.decode()
    assert "At least 2 contacts in the first month" in body
    assert "Santiago Centro" in body and "Team Team A" in body
    assert "SCL-001" in body and "Ana María" not in body
