"""Key workforce pages run a fixed number of queries, whatever the size of the programme."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from puente.workforce.services import placement, supervision, wellbeing
from tests.conftest import client_for, make_user
from tests.workforce.conftest import TODAY, P, accredited, attend, enrol, ensure_supervision, make_candidate

MAX_QUERIES = 20


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def grow(world, cohort, extra: int) -> None:
    from puente.accounts.roles import Role

    for index in range(extra):
        trainee = enrol(world, cohort)
        attend(world, trainee, [P] * 10)
        make_candidate(world)
        worker = make_user(f"grow{index}-{cohort.pk}", (world.site_a, Role.PSW))
        issued = accredited(world, user=worker, cohort=cohort)
        placement.do_create_placement(
            actor=world.coordinator,
            accreditation=issued,
            site=world.site_a,
            service_kind="cti_team",
            service_name=f"Team {index}",
            hours_per_week=Decimal(10),
            starts_on=TODAY - dt.timedelta(days=2),
            ends_on=TODAY + dt.timedelta(days=100),
            reference_professional=world.cmhw,
        )
        supervision.do_assign_supervisor(
            actor=world.coordinator,
            worker=worker,
            supervisor=world.coordinator,
            site=world.site_a,
            starts_on=TODAY,
        )
        supervision.do_record_supervision(
            actor=world.coordinator,
            site=world.site_a,
            held_on=TODAY,
            kind="group",
            supervisor=world.coordinator,
            topics=["boundaries"],
            attendance={worker.pk: True, world.psw.pk: index % 2 == 0},
        )
        wellbeing.do_check_in(
            actor=world.psw,
            checked_on=TODAY - dt.timedelta(days=7 * (index + 1)),
            stress=2,
            workload=3,
            sleep=4,
            support=4,
        )
        wellbeing.do_check_in(actor=worker, stress=5, workload=5, sleep=1, support=1)


@pytest.fixture
def scene(world):
    from tests.workforce.access_routes import workforce_objects

    objects = workforce_objects(world)
    ensure_supervision(world)
    supervision.do_record_supervision(
        actor=world.coordinator,
        site=world.site_a,
        held_on=TODAY - dt.timedelta(days=1),
        kind="individual",
        supervisor=world.coordinator,
        topics=["role_clarity"],
        attendance={world.psw.pk: True},
    )
    return objects


PAGES = [
    ("trainer", "attendance_sheet", "session"),
    ("trainer", "cohort_detail", "cohort"),
    ("researcher", "cohort_flow", "cohort"),
    ("psw", "trainee_detail", "enrollment"),
    ("trainer", "home", None),
    ("trainer", "cohort_list", None),
    ("coordinator", "candidate_list", None),
    ("coordinator", "placement_list", None),
    ("coordinator", "supervision_overview", None),
    ("coordinator", "alert_list", None),
    ("coordinator", "wellbeing_detail", "worker"),
    ("psw", "my_workforce", None),
]


@pytest.mark.parametrize(("persona", "url_name", "key"), PAGES)
def test_page_queries_do_not_grow_with_data(world, scene, persona, url_name, key):
    from puente.workforce.models import Cohort

    kwargs = {} if key is None else {"worker_id": world.psw.pk} if key == "worker" else {"pk": scene[key]}
    url = reverse(url_name, kwargs=kwargs)
    client = client_for(world.persona(persona))
    client.get(url)  # the first visit may raise missed check-in alerts; count steady pages
    small = queries_for(client, url)
    grow(world, Cohort.objects.get(pk=scene["cohort"]), 4)
    client.get(url)
    large = queries_for(client, url)
    print(url_name, small, large)
    assert small == large <= MAX_QUERIES, (small, large)
