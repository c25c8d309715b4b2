"""Key pages run a fixed number of queries, whatever the size of the programme."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from puente.people import services as people
from tests.conftest import client_for, make_participant

MAX_QUERIES = 20


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def grow(world, extra: int) -> None:
    for index in range(extra):
        participant = make_participant(
            world.coordinator, world.site_a, f"SCL-{100 + index}", consent_form=world.form_a
        )
        people.do_assign_worker(
            actor=world.coordinator, participant=participant, worker=world.psw, role="psw"
        )
        people.do_assign_worker(
            actor=world.coordinator, participant=participant, worker=world.cmhw, role="cmhw"
        )


@pytest.mark.parametrize(
    ("persona", "url_name"),
    [
        ("psw", "home"),
        ("coordinator", "home"),
        ("researcher", "home"),
        ("admin", "home"),
        ("trainer", "home"),
        ("data_entry", "home"),
        ("coordinator", "participant_list"),
        ("admin", "audit_log"),
    ],
)
def test_page_queries_do_not_grow_with_data(world, persona, url_name):
    client = client_for(world.persona(persona))
    url = reverse(url_name)
    small = queries_for(client, url)
    grow(world, 12)
    large = queries_for(client, url)
    assert small == large <= MAX_QUERIES, (small, large)


def test_participant_page_queries_do_not_grow_with_history(world):
    client = client_for(world.coordinator)
    url = reverse("participant_detail", kwargs={"pk": world.own_participant.pk})
    small = queries_for(client, url)
    for _ in range(5):
        people.do_withdraw_consent(
            actor=world.coordinator,
            participant=world.own_participant,
            scopes=["research"],
            event_date=world.own_participant.created_at.date(),
        )
        people.do_give_consent(
            actor=world.coordinator,
            participant=world.own_participant,
            form=world.form_a,
            scopes=["research"],
            event_date=world.own_participant.created_at.date(),
        )
    assert queries_for(client, url) == small <= MAX_QUERIES
