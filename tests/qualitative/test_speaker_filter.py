"""Codings filtered by speaker: in the workspace margin and in the coded-segments retrieval page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from puente.audit.models import AuditEvent
from puente.qualitative.models import Coding
from puente.qualitative.selectors.segments import coded_segments, speakers_of_span
from puente.qualitative.services import coding
from tests.conftest import client_for

from .conftest import span_of
from .test_query_budgets import grow

QUESTION = "¿Cómo fue trabajar con su par?"


@pytest.fixture
def spoken(world, coded):
    """The coded transcript plus one coding on the interviewer's question."""
    s, e = span_of(coded.document.text, QUESTION)
    coding.do_code_selection(
        actor=world.researcher, document=coded.document, start=s, end=e, codes=[coded.codes["Love labour"]]
    )
    return coded


def _margin(page: str) -> str:
    return page.split('id="margin-title"')[1].split("</aside>")[0]


def test_a_coding_belongs_to_the_speakers_whose_turns_it_overlaps():
    spans = [(0, 10, "Interviewer"), (10, 30, "P7"), (30, 40, "Interviewer")]
    assert speakers_of_span(12, 20, spans) == ["P7"]
    assert speakers_of_span(5, 35, spans) == ["Interviewer", "P7"]
    assert speakers_of_span(10, 30, spans) == ["P7"]  # touching a turn is not overlapping it
    assert speakers_of_span(50, 60, spans) == []


def test_the_workspace_margin_shows_only_the_chosen_speakers_codings(world, spoken):
    url = reverse("qda_workspace", args=[spoken.project.pk, spoken.document.pk])
    client = client_for(world.researcher)
    everyone = _margin(client.get(url).content.decode())
    assert QUESTION in everyone and "Me acompañó al banco" in everyone
    assert 'name="speaker"' in everyone and '<option value="P7">P7</option>' in everyone
    p7 = _margin(client.get(url, {"speaker": "P7"}).content.decode())
    assert "Me acompañó al banco" in p7 and QUESTION not in p7
    assert "5 of 6 codings fall on turns of P7." in p7
    interviewer = _margin(client.get(url, {"speaker": "Entrevistador"}).content.decode())
    assert QUESTION in interviewer and "Me acompañó al banco" not in interviewer


def test_an_unknown_speaker_is_named_and_every_coding_shown(world, spoken):
    url = reverse("qda_workspace", args=[spoken.project.pk, spoken.document.pk])
    codings, events = Coding.objects.count(), AuditEvent.objects.count()
    page = client_for(world.researcher).get(url, {"speaker": "P99"}).content.decode()
    assert "Nobody called P99 speaks in this document" in page
    assert QUESTION in _margin(page) and "Me acompañó al banco" in _margin(page)
    assert Coding.objects.count() == codings and AuditEvent.objects.count() == events


def test_independent_coding_still_hides_other_coders_when_filtering(world, spoken):
    coding.do_set_independent_coding(actor=world.researcher, project=spoken.project, independent=True)
    url = reverse("qda_workspace", args=[spoken.project.pk, spoken.document.pk])
    margin = _margin(client_for(world.coordinator).get(url, {"speaker": "P7"}).content.decode())
    assert "Love labour" in margin  # the coordinator's own coding
    assert margin.count('class="coding"') == 3  # their two codes on P7, never the researcher's


def test_the_segments_page_filters_by_code_and_speaker(world, spoken):
    url = reverse("qda_segments", args=[spoken.project.pk])
    client = client_for(world.coordinator)
    page = client.get(url).content.decode()
    assert "6 coded segments" in page and QUESTION in page
    love = spoken.codes["Love labour"]
    page = client.get(url, {"code": love.pk, "speaker": "P7"}).content.decode()
    assert "1 coded segment" in page and "Cuando me lo dijo" in page and QUESTION not in page
    assert "Speaker: P7" in page
    page = client.get(url, {"speaker": "Entrevistador"}).content.decode()
    assert "1 coded segment" in page and QUESTION in page


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"code": "999999"}, "That code is not in this project"),
        ({"code": "abc"}, "That code is not in this project"),
        ({"speaker": "Nadie"}, "Nobody called Nadie speaks"),
    ],
)
def test_the_segments_page_explains_a_bad_filter_and_changes_nothing(world, spoken, params, message):
    codings, events = Coding.objects.count(), AuditEvent.objects.count()
    response = client_for(world.coordinator).get(reverse("qda_segments", args=[spoken.project.pk]), params)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and "6 coded segments" in page
    assert Coding.objects.count() == codings and AuditEvent.objects.count() == events


def test_during_independent_coding_a_coder_retrieves_only_their_own_segments(world, spoken):
    coding.do_set_independent_coding(actor=world.researcher, project=spoken.project, independent=True)
    spoken.project.refresh_from_db()
    coder = spoken.project.members.get(user=world.coordinator)
    own = coded_segments(spoken.project, coder, is_lead=False)
    assert {s.coder for s in own.items} == {coder.name} and len(own.items) == 3
    everyone = coded_segments(spoken.project, spoken.lead, is_lead=True)
    assert len(everyone.items) == 6
    assert coded_segments(spoken.project, None, is_lead=False).items == []


def test_the_segments_page_runs_a_fixed_number_of_queries(world, coded):
    client = client_for(world.coordinator)
    url = reverse("qda_segments", args=[coded.project.pk])

    def count(params):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, params).status_code == 200
        return len(captured.captured_queries)

    count({})  # warm caches (site roles, content types)
    small = (count({}), count({"speaker": "P7", "code": next(iter(coded.codes.values())).pk}))
    grow(world, coded, 12)
    assert (count({}), count({"speaker": "P7", "code": next(iter(coded.codes.values())).pk})) == small
    assert max(small) <= 20
    print(f"\nqda_segments: {small} queries")
