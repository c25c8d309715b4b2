"""Programme pages run the same number of queries whatever the number of participants and contacts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from puente.programs.services import contacts, plans, teams
from tests.conftest import client_for, make_participant
from tests.programs.helpers import cti_programme, days_ago, enrol, team_a

MAX_QUERIES = 20


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def log_contacts(world, enrolment, n: int) -> None:
    for day in range(n):
        contacts.do_log_contact(
            actor=world.psw,
            enrolment=enrolment,
            contact_on=days_ago(1 + day * 3),
            kind="home_visit" if day % 2 else "phone",
            attendees=["psw", "family"],
            duration_minutes=30,
            outside_role_tasks=["administrative_duties"] if day == 1 else [],
        )


def grow(world, programme, team, extra: int) -> None:
    for index in range(extra):
        participant = make_participant(
            world.coordinator, world.site_a, f"SCL-{700 + index}", consent_form=world.form_a
        )
        enrolment = enrol(world, programme, participant, start_days_ago=100 + index)
        teams.do_assign_team(actor=world.coordinator, enrolment=enrolment, team=team, on=days_ago(90))
        log_contacts(world, enrolment, 4)
        plans.do_add_focus_area(
            actor=world.psw, enrolment=enrolment, phase_key="transition", area_key="housing", goal="Room"
        )


@pytest.fixture
def setting(world):
    programme = cti_programme(world)
    team = team_a(world)
    enrolment = enrol(world, programme, start_days_ago=100)
    teams.do_assign_team(actor=world.coordinator, enrolment=enrolment, team=team, on=days_ago(90))
    log_contacts(world, enrolment, 2)
    return programme, team, enrolment


@pytest.mark.parametrize(
    ("persona", "page"),
    [
        ("psw", "home"),
        ("coordinator", "home"),
        ("coordinator", "caseload_review"),
        ("coordinator", "fidelity"),
        ("coordinator", "team_list"),
        ("psw", "enrolment_detail"),
        ("psw", "participant_timeline"),
        ("coordinator", "participant_detail"),
        ("coordinator", "programme_list"),
    ],
)
def test_page_queries_do_not_grow_with_participants_and_contacts(world, setting, persona, page):
    programme, team, enrolment = setting
    if page == "enrolment_detail":
        url = reverse(page, kwargs={"pk": enrolment.pk})
    elif page in ("participant_timeline", "participant_detail"):
        url = reverse(page, kwargs={"pk": world.own_participant.pk})
    else:
        url = reverse(page)
    client = client_for(world.persona(persona))
    small = queries(client, url)
    grow(world, programme, team, 6)
    log_contacts(world, enrolment, 8)
    large = queries(client, url)
    assert small == large <= MAX_QUERIES, (small, large)
