"""The evaluation pages: builder, saved evaluation, plan overrides, reports through the worker."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from puente.analysis.models import Evaluation, Report, ReportStatus
from puente.analysis.options import EvaluationOptions
from puente.analysis.services import do_save_evaluation
from puente.analysis.tasks import render_report
from puente.audit.models import AuditEvent
from tests.analysis.conftest import build_cohort
from tests.conftest import client_for

BUILD = {
    "groups": ["psw", "professional"],
    "instruments": ["swls", "ras_r"],
    "time_points": ["T1", "T2", "T3"],
    "scores": "main",
    "alpha": "0.05",
    "correction": "holm",
    "trial_cluster": "site",
    "trial_model": "gee",
}


def saved(world, cohort) -> Evaluation:
    options = EvaluationOptions(
        groups=("psw", "professional"), instruments=("swls", "ras_r"), time_points=("T1", "T2", "T3")
    )
    return do_save_evaluation(
        actor=world.researcher, programme=cohort.programme, title="Cohort", options=options
    )


def test_the_builder_shows_the_plan_and_the_results_table(world, cohort):
    client = client_for(world.researcher)
    response = client.get(reverse("evaluation_build"), {"programme": cohort.programme.pk, **BUILD})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Analysis plan" in html and "Shapiro-Wilk" in html
    assert "SWLS: Total score" in html and "<svg" in html
    assert "Participant flow" in html
    assert "1 person without research consent was left out" in html


def test_the_builder_offers_the_schedule_before_running(world, cohort):
    response = client_for(world.researcher).get(
        reverse("evaluation_build"), {"programme": cohort.programme.pk}
    )
    assert response.status_code == 200
    assert 'value="ras_r"' in response.content.decode()


def test_saving_from_the_builder_records_an_audit_event(world, cohort):
    client = client_for(world.researcher)
    response = client.post(
        reverse("evaluation_build"), {"programme": cohort.programme.pk, **BUILD, "title": "PSWs"}
    )
    evaluation = Evaluation.objects.get(title="PSWs")
    assert response.status_code == 302 and response["Location"] == reverse(
        "evaluation_detail", args=[evaluation.pk]
    )
    assert AuditEvent.objects.filter(action="evaluation.create", object_id=str(evaluation.pk)).exists()


def test_one_time_point_is_refused_with_a_message_and_nothing_is_saved(world, cohort):
    client = client_for(world.researcher)
    data = {"programme": cohort.programme.pk, **BUILD, "time_points": ["T1"], "title": "Bad"}
    response = client.post(reverse("evaluation_build"), data)
    assert response.status_code == 200
    assert "at least two time points" in response.content.decode()
    assert not Evaluation.objects.exists()


def test_an_override_switches_the_test_and_says_so(world, cohort):
    evaluation = saved(world, cohort)
    client = client_for(world.researcher)
    page = client.get(reverse("evaluation_plan", args=[evaluation.pk])).content.decode()
    key = "pair|psw|swls|total|T1|T2"
    assert f'name="override:{key}"' in page
    response = client.post(
        reverse("evaluation_plan", args=[evaluation.pk]),
        {"version": evaluation.version, f"override:{key}": "nonparametric"},
    )
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.options["overrides"] == {key: "nonparametric"} and evaluation.version == 2
    detail = client.get(reverse("evaluation_detail", args=[evaluation.pk])).content.decode()
    assert "overridden" in detail and "Wilcoxon signed-rank test" in detail


def test_a_stale_plan_is_refused_and_changes_nothing(world, cohort):
    evaluation = saved(world, cohort)
    response = client_for(world.researcher).post(
        reverse("evaluation_plan", args=[evaluation.pk]),
        {"version": 99, "override:pair|psw|swls|total|T1|T2": "nonparametric"},
    )
    assert response.status_code == 200 and "Someone else changed this evaluation" in response.content.decode()
    evaluation.refresh_from_db()
    assert evaluation.options["overrides"] == {} and evaluation.version == 1


def test_a_report_is_rendered_by_the_task_and_downloads_are_audited(world, cohort):
    evaluation = saved(world, cohort)
    client = client_for(world.researcher)
    response = client.post(reverse("report_request", args=[evaluation.pk]), {"language": "es"})
    report = Report.objects.get()
    assert response["Location"] == reverse("report_status", args=[report.pk])
    assert report.status == ReportStatus.QUEUED and report.task_id
    status = client.get(reverse("report_status_json", args=[report.pk])).json()
    assert status["finished"] is False and status["progress"] == 0
    render_report.call(report_id=report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE, report.error
    assert client.get(reverse("report_status_json", args=[report.pk])).json()["finished"] is True
    html = client.get(reverse("report_view", args=[report.pk])).content.decode()
    assert "Métodos" in html or "Methods" in html
    pdf = client.get(reverse("report_pdf", args=[report.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"report.request", "report.download_html", "report.download_pdf"} <= actions


def test_a_report_of_site_a_is_hidden_from_a_coordinator_of_site_b_only(world, cohort):
    from puente.accounts.roles import Role
    from tests.conftest import make_user

    evaluation = saved(world, cohort)
    cohort.programme.sites.add(world.site_b)
    report = Report.objects.create(
        evaluation=evaluation,
        language="en",
        requested_by=world.admin,
        site_ids=[world.site_a.pk, world.site_b.pk],
        status=ReportStatus.DONE,
    )
    coordinator_b = make_user("coordb2", (world.site_b, Role.COORDINATOR))
    assert client_for(coordinator_b).get(reverse("report_status", args=[report.pk])).status_code == 404
    assert client_for(world.admin).get(reverse("report_status", args=[report.pk])).status_code == 200


@pytest.mark.parametrize("url_name", ["evaluation_detail"])
def test_the_evaluation_page_runs_a_fixed_number_of_queries(world, url_name):
    small = build_cohort(world, psws=3, seed=1)
    evaluation = saved(world, small)
    client = client_for(world.researcher)
    client.get(reverse(url_name, args=[evaluation.pk]))
    with CaptureQueriesContext(connection) as first:
        assert client.get(reverse(url_name, args=[evaluation.pk])).status_code == 200
    from puente.instruments.models import Respondent

    Respondent.objects.all().update(programme=small.programme)
    bigger = build_cohort_more(world, small)
    assert bigger > 0
    with CaptureQueriesContext(connection) as second:
        assert client.get(reverse(url_name, args=[evaluation.pk])).status_code == 200
    assert len(first.captured_queries) == len(second.captured_queries) <= 20


def build_cohort_more(world, cohort) -> int:
    """More PSWs answering in the same programme."""
    import random

    from puente.instruments.models import Administration, RespondentGroup
    from puente.instruments.services import schedules
    from tests.analysis.conftest import COHORT_START, PSW_TARGETS, complete_all

    for index in range(20, 32):
        schedules.do_register_staff_respondent(
            actor=world.coordinator,
            programme=cohort.programme,
            site=world.site_a,
            group=RespondentGroup.PSW,
            code=f"PSW-{index}",
            enrolled_on=COHORT_START,
            language="es",
            research_consent=True,
            consent_recorded_on=COHORT_START,
        )
    todo = list(
        Administration.objects.filter(respondent__code__gte="PSW-20", status="planned").select_related(
            "respondent", "revision", "instrument"
        )
    )
    step = {"T1": 0, "T2": 1, "T3": 2}
    complete_all(
        world.researcher, todo, lambda a: PSW_TARGETS[a.instrument.code][step[a.time_point]], random.Random(3)
    )
    return len(todo)
