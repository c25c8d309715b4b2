"""The printable workforce report: recruitment and the cohort's flow, with counts and reasons, as a PDF."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from puente.accounts.models import User
from puente.workforce.models import Stage
from puente.workforce.selectors.flow import recruitment_flow
from puente.workforce.services import accreditation, recruitment, training
from tests.conftest import client_for
from tests.workforce.conftest import TODAY, A, P, attend, enrol, make_candidate, make_cohort


@pytest.fixture
def reported_cohort(world):
    """Six candidates at site A: one left before the interview, one was not selected, four trained;
    of those one left the training, one fell short of the rule, two were accredited."""
    left_early = make_candidate(world, stage=Stage.APPLIED)
    recruitment.do_move_stage(
        actor=world.coordinator,
        candidate=left_early,
        to_stage=Stage.LEFT,
        changed_on=TODAY - dt.timedelta(days=90),
        reason="Found other work",
    )
    not_selected = make_candidate(world, stage=Stage.INTERVIEWED)
    recruitment.do_move_stage(
        actor=world.coordinator,
        candidate=not_selected,
        to_stage=Stage.LEFT,
        changed_on=TODAY - dt.timedelta(days=90),
        reason="Not ready for the role yet",
    )
    cohort = make_cohort(world)
    trainees = [enrol(world, cohort) for _ in range(4)]
    for enrollment in trainees[:2]:
        attend(world, enrollment, [P] * 10)
        training.do_record_practice(
            actor=world.admin, enrollment=enrollment, completed_on=TODAY - dt.timedelta(days=5)
        )
        accreditation.do_accredit(
            actor=world.admin, enrollment=enrollment, issued_on=TODAY - dt.timedelta(days=4)
        )
    attend(world, trainees[2], [P, A, A, A, A, P, P, P, A, A])
    training.do_withdraw_trainee(
        actor=world.admin,
        enrollment=trainees[3],
        withdrawn_on=TODAY - dt.timedelta(days=60),
        reason="Moved to another city",
    )
    return cohort


def _pdf_text(response) -> str:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_recruitment_flow_counts_each_step_and_why_people_left(world, reported_cohort):
    applied, interviewed, selected = recruitment_flow(world.site_a.pk)
    assert (applied.count, interviewed.count, selected.count) == (6, 5, 4)
    assert [(e.reason, e.count) for e in applied.exits] == [("Found other work", 1)]
    assert [(e.reason, e.count) for e in interviewed.exits] == [("Not ready for the role yet", 1)]


def test_the_report_is_a_pdf_with_the_counts_and_reasons(world, reported_cohort):
    User.objects.filter(pk=world.coordinator.pk).update(language="en")
    text = _pdf_text(client_for(world.coordinator).get(reverse("cohort_report", args=[reported_cohort.pk])))
    assert reported_cohort.name in text
    for expected in (
        "Applied 6",
        "Interviewed 5",
        "Selected for training 4",
        "Recruited into the cohort 4",
        "Completed the training 3",
        "Accredited 2",
        "Placed in a team or service 0",
        "Moved to another city: 1",
        "Found other work: 1",
        "Not ready for the role yet: 1",
        "Did not meet the accreditation rule: 1",
        "n = 6",
        "n = 4",
    ):
        assert expected in text, expected
    assert "Núria" not in text  # numbers only: the candidates' names never appear


def test_the_report_is_in_the_readers_language(world, reported_cohort):
    from django.utils import formats, translation

    from puente.workforce.report import cohort_report_html

    User.objects.filter(pk=world.researcher.pk).update(language="pt")
    world.researcher.refresh_from_db()
    with translation.override("pt"):
        printed_on = formats.date_format(TODAY, "DATE_FORMAT")
    assert '<html lang="pt">' in cohort_report_html(world.researcher, reported_cohort)
    text = _pdf_text(client_for(world.researcher).get(reverse("cohort_report", args=[reported_cohort.pk])))
    assert printed_on in text


def test_the_report_of_another_sites_cohort_does_not_exist(world):
    cohort = make_cohort(world, site=world.site_b)
    assert client_for(world.coordinator).get(reverse("cohort_report", args=[cohort.pk])).status_code == 404


def test_the_cohort_pages_link_to_the_report(world, reported_cohort):
    url = reverse("cohort_report", args=[reported_cohort.pk])
    client = client_for(world.coordinator)
    for page in ("cohort_detail", "cohort_flow"):
        assert url in client.get(reverse(page, args=[reported_cohort.pk])).content.decode()
    assert url in client.get(reverse("cohort_list")).content.decode()


def test_the_report_runs_a_fixed_number_of_queries(world, reported_cohort):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(world.coordinator)
    url = reverse("cohort_report", args=[reported_cohort.pk])
    client.get(url)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    small = count()
    for _ in range(6):
        attend(world, enrol(world, reported_cohort), [P] * 10)
        make_candidate(world, stage=Stage.INTERVIEWED)
    assert count() == small <= 20
    print(f"\ncohort_report: {small} queries")
