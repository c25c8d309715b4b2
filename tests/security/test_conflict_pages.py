"""Two people edit one record: the second save of a stale version shows both versions (HTTP 409) and
changes nothing; saving over it is a deliberate second post with the current version."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from puente.audit.models import AuditEvent
from puente.programs.models import CrisisPlan, FocusArea, Linkage, RecoveryPlan
from puente.programs.services import plans
from tests.conftest import client_for
from tests.programs.helpers import matrix_objects

TODAY = dt.date.today()


def assert_conflict(response, *values: str) -> None:
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else saved this record" in page
    for value in values:
        assert value in page, value


def test_a_stale_focus_area_progress_shows_both_versions(world):
    area = matrix_objects(world)["area"]
    url = reverse("focus_area_progress", kwargs={"pk": area.pk})
    opened = area.version
    first = client_for(world.psw).post(url, {"progress": "started", "note": "First steps", "version": opened})
    assert first.status_code == 302
    events = AuditEvent.objects.count()
    second = client_for(world.coordinator).post(
        url, {"progress": "achieved", "note": "Moved in", "version": opened}
    )
    assert_conflict(second, "First steps", "Moved in", "Achieved", "Started")
    area = FocusArea.objects.get(pk=area.pk)
    assert (area.progress, area.progress_note) == ("started", "First steps")
    assert AuditEvent.objects.count() == events
    # The conflict page re-posts the coordinator's values with the current version.
    over = client_for(world.coordinator).post(
        url, {"progress": "achieved", "note": "Moved in", "version": area.version}
    )
    assert over.status_code == 302
    assert FocusArea.objects.get(pk=area.pk).progress == "achieved"


def test_a_stale_linkage_update_shows_both_versions(world):
    linkage = matrix_objects(world)["linkage"]
    url = reverse("linkage_update", kwargs={"pk": linkage.pk})
    opened = linkage.version
    day = TODAY.isoformat()
    assert (
        client_for(world.psw)
        .post(url, {"status": "first_contact", "on": day, "note": "Went together", "version": opened})
        .status_code
        == 302
    )
    events = AuditEvent.objects.count()
    second = client_for(world.coordinator).post(
        url, {"status": "ended", "on": day, "note": "Did not suit him", "version": opened}
    )
    assert_conflict(second, "Went together", "Did not suit him")
    assert Linkage.objects.get(pk=linkage.pk).status == "first_contact"
    assert AuditEvent.objects.count() == events


def test_a_stale_recovery_plan_shows_both_versions(world):
    enrolment = matrix_objects(world)["enrolment"]
    plans.do_save_recovery_plan(
        actor=world.coordinator,
        enrolment=enrolment,
        expected_version=None,
        values={"interests": "Football", "strengths": "Patient"},
    )
    opened = RecoveryPlan.objects.get(enrolment=enrolment).version
    url = reverse("recovery_plan", kwargs={"pk": enrolment.pk})
    post = {"action": "plan", "strengths": "Patient", "vulnerabilities": "", "version": opened}
    assert client_for(world.psw).post(url, post | {"interests": "Football and cooking"}).status_code == 302
    events = AuditEvent.objects.count()
    second = client_for(world.cmhw).post(url, post | {"interests": "Chess"})
    assert_conflict(second, "Football and cooking", "Chess")
    assert RecoveryPlan.objects.get(enrolment=enrolment).interests == "Football and cooking"
    assert AuditEvent.objects.count() == events


def test_a_refused_recovery_plan_still_shows_its_message_on_the_form(world):
    enrolment = matrix_objects(world)["enrolment"]
    url = reverse("recovery_plan", kwargs={"pk": enrolment.pk})
    events = AuditEvent.objects.count()
    response = client_for(world.psw).post(url, {"action": "plan", "interests": "", "strengths": ""})
    assert response.status_code == 200
    assert "A recovery plan starts from interests or strengths" in response.content.decode()
    assert not RecoveryPlan.objects.filter(enrolment=enrolment).exists()
    assert AuditEvent.objects.count() == events


def test_two_first_crisis_plans_written_at_once_do_not_overwrite_each_other(world):
    enrolment = matrix_objects(world)["enrolment"]
    url = reverse("crisis_plan_edit", kwargs={"pk": enrolment.pk})
    blank = {
        "warning_signs": "Stops sleeping",
        "what_to_avoid": "",
        "call_name_1": "Carla",
        "call_phone_1": "+56 9 5555 0000",
        "version": "",
    }
    assert client_for(world.psw).post(url, blank | {"what_helps": "Music"}).status_code == 302
    events = AuditEvent.objects.count()
    second = client_for(world.coordinator).post(url, blank | {"what_helps": "A quiet room"})
    assert_conflict(second, "Music", "A quiet room")
    assert CrisisPlan.objects.get(enrolment=enrolment).what_helps == "Music"
    assert AuditEvent.objects.count() == events


def test_a_stale_safeguarding_plan_shows_both_versions(world):
    from puente.workforce.models import SafeguardingPlan
    from puente.workforce.services import wellbeing
    from tests.workforce.conftest import ensure_supervision

    ensure_supervision(world)
    values = {
        "early_signs": "Short temper",
        "what_helps": "A walk",
        "agreed_on": TODAY - dt.timedelta(days=2),
    }
    plan = wellbeing.do_save_safeguarding_plan(actor=world.coordinator, worker=world.psw, values=values)
    url = reverse("safeguarding_edit", kwargs={"worker_id": world.psw.pk})
    post = {"early_signs": "Short temper", "agreed_on": TODAY.isoformat(), "version": plan.version}
    assert client_for(world.psw).post(url, post | {"what_helps": "Music"}).status_code == 302
    events = AuditEvent.objects.count()
    second = client_for(world.coordinator).post(url, post | {"what_helps": "Fewer night shifts"})
    assert_conflict(second, "Music", "Fewer night shifts")
    assert SafeguardingPlan.objects.get(worker=world.psw).what_helps == "Music"
    assert AuditEvent.objects.count() == events


def test_a_stale_candidate_stage_change_shows_both_versions(world):
    from puente.workforce.models import Candidate
    from tests.workforce.conftest import make_candidate

    candidate = make_candidate(world)
    candidate.refresh_from_db()
    url = reverse("candidate_stage", kwargs={"pk": candidate.pk})
    post = {"changed_on": TODAY.isoformat(), "version": candidate.version}
    assert client_for(world.coordinator).post(url, post | {"to_stage": "in_training"}).status_code == 302
    events = AuditEvent.objects.count()
    second = client_for(world.admin).post(url, post | {"to_stage": "left", "reason": "Moved away"})
    assert_conflict(second, "In training", "Left")
    assert Candidate.objects.get(pk=candidate.pk).stage == "in_training"
    assert AuditEvent.objects.count() == events


def test_stale_phase_dates_show_both_versions(world):
    enrolment = matrix_objects(world)["enrolment"]
    url = reverse("enrolment_phases", kwargs={"pk": enrolment.pk})
    opened = client_for(world.coordinator).get(url).context["form"].initial
    first_key = next(name for name in opened if name.startswith("end_"))
    post = {
        name: value.isoformat() if hasattr(value, "isoformat") else value for name, value in opened.items()
    }
    post["reason"] = "Hospital stay"
    moved = opened[first_key] - dt.timedelta(days=3)
    later = post | {first_key: moved.isoformat()}
    # The admin saves first; the coordinator, on the page opened before, saves a different change.
    first = client_for(world.admin).post(url, later)
    assert first.status_code == 302, first.content.decode()[:2000]
    events = AuditEvent.objects.count()
    earlier = opened[first_key] - dt.timedelta(days=5)
    second = client_for(world.coordinator).post(url, post | {first_key: earlier.isoformat()})
    assert second.status_code == 409
    assert AuditEvent.objects.count() == events
    enrolment.refresh_from_db()
    assert enrolment.phases.order_by("order").first().ends_on == moved


def test_a_stale_code_edit_shows_both_versions(world):
    from puente.qualitative.models import Code
    from tests.qualitative.conftest import build_qda

    qda = build_qda(world)
    code = next(iter(qda.codes.values()))
    url = reverse("qda_code_edit", kwargs={"pk": qda.project.pk, "code": code.pk})
    post = {"colour": "#4a7fb5", "definition": "", "version": code.version}
    # The lead edits the same code in two tabs; the second tab was opened before the first saved.
    client = client_for(world.researcher)
    assert client.post(url, post | {"name": "Walking alongside"}).status_code == 302
    events = AuditEvent.objects.count()
    second = client.post(url, post | {"name": "Being there"})
    assert_conflict(second, "Walking alongside", "Being there")
    assert Code.objects.get(pk=code.pk).name == "Walking alongside"
    assert AuditEvent.objects.count() == events


def test_the_conflict_page_runs_a_small_fixed_number_of_queries(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    enrolment = matrix_objects(world)["enrolment"]
    url = reverse("crisis_plan_edit", kwargs={"pk": enrolment.pk})
    post = {"warning_signs": "Stops sleeping", "what_helps": "Music", "call_name_1": "Carla"}
    post |= {"call_phone_1": "+56 9 5555 0000", "version": ""}
    client_for(world.psw).post(url, post)
    client = client_for(world.coordinator)
    client.get(url)  # the session and memberships are read once
    with CaptureQueriesContext(connection) as queries:
        assert client.post(url, post | {"what_helps": "Rest"}).status_code == 409
    assert len(queries.captured_queries) <= 20, len(queries.captured_queries)
