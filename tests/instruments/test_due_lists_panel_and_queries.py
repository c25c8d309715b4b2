"""Due and overdue lists, the participant page's scores panel, and constant query counts on key pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from puente.instruments.models import Administration
from puente.instruments.services.answers import do_enter_answers
from puente.people import services as people
from tests.conftest import client_for, make_participant
from tests.instruments.conftest import SWLS_ANSWERS, plan_service_user, schedule

MAX_QUERIES = 20


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def grow(world, programme, extra: int) -> None:
    """More consented participants at site A, supported by the PSW, with questionnaires due and done."""
    for index in range(extra):
        participant = make_participant(
            world.coordinator, world.site_a, f"SCL-{200 + index}", consent_form=world.form_a
        )
        people.do_assign_worker(
            actor=world.coordinator, participant=participant, worker=world.psw, role="psw"
        )
        respondent = plan_service_user(world, programme, participant, days_ago=40 + index)
        if index % 2:
            administration = respondent.administrations.get(instrument__code="swls")
            do_enter_answers(
                actor=world.coordinator,
                administration=administration,
                answers=SWLS_ANSWERS,
                expected_version=administration.version,
            )


@pytest.mark.parametrize("persona", ["coordinator", "psw", "admin", "researcher"])
def test_due_list_queries_do_not_grow_with_data(world, programme, swls_due, persona):
    schedule(world, programme, "ras_r")
    client = client_for(world.persona(persona))
    url = reverse("due_list")
    small = queries_for(client, url)
    grow(world, programme, 12)
    large = queries_for(client, url)
    assert small == large <= MAX_QUERIES, (small, large)


def test_participant_page_queries_do_not_grow_with_questionnaires(world, programme):
    for time_point, months in (("T1", 0), ("T2", 6), ("T3", 12)):
        schedule(world, programme, "swls", time_point, months)
        schedule(world, programme, "whoqol_bref", time_point, months)
    respondent = plan_service_user(world, programme, world.own_participant, days_ago=400)
    client = client_for(world.coordinator)
    url = reverse("participant_detail", kwargs={"pk": world.own_participant.pk})
    small = queries_for(client, url)
    for administration in respondent.administrations.filter(instrument__code="swls"):
        do_enter_answers(
            actor=world.coordinator, administration=administration, answers=SWLS_ANSWERS, expected_version=1
        )
    large = queries_for(client, url)
    assert small == large <= MAX_QUERIES, (small, large)


@pytest.mark.parametrize("url_name", ["instrument_list", "schedule_list"])
def test_catalogue_pages_queries_are_small(world, programme, url_name):
    client = client_for(world.researcher)
    assert queries_for(client, reverse(url_name)) <= MAX_QUERIES


def test_entry_and_schedule_pages_queries_do_not_grow(world, programme, swls_due):
    client = client_for(world.coordinator)
    enter = reverse("administration_enter", kwargs={"pk": swls_due.pk})
    detail = reverse("schedule_detail", kwargs={"pk": programme.pk})
    small = (queries_for(client, enter), queries_for(client, detail))
    grow(world, programme, 8)
    assert (queries_for(client, enter), queries_for(client, detail)) == small
    assert max(small) <= MAX_QUERIES


def test_due_list_separates_due_overdue_and_upcoming_and_filters_by_worker(world, programme):
    schedule(world, programme, "swls", "T1", 0)
    schedule(world, programme, "swls", "T2", 3)
    respondent = plan_service_user(world, programme, world.own_participant, days_ago=50)
    t1 = respondent.administrations.get(time_point="T1")  # closed 20 days ago: overdue
    client = client_for(world.coordinator)
    open_now = client.get(reverse("due_list")).content.decode()
    assert "SWLS T1" in open_now and "overdue" in open_now
    overdue = client.get(reverse("due_list") + "?state=overdue").content.decode()
    assert "SWLS T1" in overdue and "SWLS T2" not in overdue
    upcoming = client.get(reverse("due_list") + "?state=upcoming").content.decode()
    assert "SWLS T2" in upcoming and "SWLS T1" not in upcoming
    other = client.get(reverse("due_list") + f"?worker={world.cmhw.pk}").content.decode()
    assert "SWLS T1" not in other  # the PSW, not the CMHW, is responsible
    do_enter_answers(actor=world.coordinator, administration=t1, answers=SWLS_ANSWERS, expected_version=1)
    assert "SWLS T1" not in client.get(reverse("due_list")).content.decode()
    # A worker at another site sees none of it.
    assert (
        "SWLS"
        not in client_for(world.other_psw).get(reverse("due_list") + "?state=upcoming").content.decode()
    )


def test_the_participant_page_shows_scores_over_time_with_bands(world, programme):
    schedule(world, programme, "swls", "T1", 0)
    schedule(world, programme, "swls", "T3", 12)
    schedule(world, programme, "copm", "T1", 0)
    schedule(world, programme, "copm", "T3", 12)
    respondent = plan_service_user(world, programme, world.own_participant, days_ago=380)
    swls = {a.time_point: a for a in respondent.administrations.filter(instrument__code="swls")}
    do_enter_answers(
        actor=world.coordinator, administration=swls["T1"], answers=SWLS_ANSWERS, expected_version=1
    )
    lower = {**SWLS_ANSWERS, "swls_1": 2, "swls_3": 3}
    do_enter_answers(actor=world.coordinator, administration=swls["T3"], answers=lower, expected_version=1)
    copm = {a.time_point: a for a in respondent.administrations.filter(instrument__code="copm")}
    do_enter_answers(
        actor=world.coordinator,
        administration=copm["T1"],
        answers={"copm_p1_performance": 3, "copm_p1_satisfaction": 4},
        expected_version=1,
    )
    do_enter_answers(
        actor=world.coordinator,
        administration=copm["T3"],
        answers={"copm_p1_performance": 6, "copm_p1_satisfaction": 5},
        expected_version=1,
    )
    body = (
        client_for(world.researcher)
        .get(reverse("participant_detail", kwargs={"pk": world.own_participant.pk}))
        .content.decode()
    )
    assert "Satisfaction With Life Scale (SWLS)" in body
    assert "Slightly satisfied" in body and "Slightly dissatisfied" in body  # 23 then 17
    assert body.count("clinically important change") == 1  # COPM performance +3, satisfaction +1
    assert "Not verified" in body
    assert Administration.objects.filter(status="completed").count() == 4


def test_no_panel_for_a_participant_without_questionnaires(world):
    body = (
        client_for(world.coordinator)
        .get(reverse("participant_detail", kwargs={"pk": world.unassigned_participant.pk}))
        .content.decode()
    )
    assert "questionnaires-heading" not in body


def test_overdue_means_after_the_window(world, programme):
    schedule(world, programme, "swls")
    respondent = plan_service_user(world, programme, world.own_participant, days_ago=31)
    administration = respondent.administrations.get()
    assert administration.window_closes_on == dt.date.today() - dt.timedelta(days=1)
