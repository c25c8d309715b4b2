"""Cohorts, the attendance sheet and accreditation, through the pages a trainer uses."""

from __future__ import annotations

import datetime as dt
import re

from django.urls import reverse

from puente.audit.models import AuditEvent
from puente.workforce.models import Accreditation, Attendance, Candidate, Stage
from puente.workforce.services import accreditation as accreditation_services
from puente.workforce.services import training
from tests.conftest import client_for
from tests.workforce.conftest import TODAY, A, E, P, attend, enrol, make_cohort


def counts():
    return Attendance.objects.count(), Accreditation.objects.count(), AuditEvent.objects.count()


def test_a_cohort_plans_one_session_per_module_at_weekly_intervals(world, cohort):
    sessions = list(cohort.sessions.order_by("held_on"))
    assert len(sessions) == 10
    assert sessions[1].held_on - sessions[0].held_on == dt.timedelta(days=7)
    assert cohort.rule["min_attendance_percent"] == 80


def test_the_attendance_sheet_saves_every_trainee_in_one_post(world, cohort):
    first, second = enrol(world, cohort), enrol(world, cohort)
    session = cohort.sessions.order_by("held_on").first()
    client = client_for(world.trainer)
    url = reverse("attendance_sheet", args=[session.pk])
    page = client.get(url).content.decode()
    assert f'name="status_{first.pk}"' in page
    assert re.search(r"<script(?![^>]*\bsrc=)|\son[a-z]+=", page) is None  # no inline JS
    response = client.post(url, {f"status_{first.pk}": P, f"status_{second.pk}": E})
    assert response.status_code == 302
    assert dict(Attendance.objects.values_list("enrollment_id", "status")) == {first.pk: P, second.pk: E}
    assert AuditEvent.objects.filter(action="attendance.record").count() == 1


def test_it_refuses_attendance_for_a_session_in_the_future(world):
    cohort = make_cohort(world, starts_on=TODAY + dt.timedelta(days=7))
    trainee = enrol(world, cohort)
    session = cohort.sessions.order_by("held_on").first()
    before = counts()
    response = client_for(world.trainer).post(
        reverse("attendance_sheet", args=[session.pk]), {f"status_{trainee.pk}": P}
    )
    assert response.status_code == 400
    assert "once the session has happened" in response.content.decode()
    assert counts() == before


def test_a_sheet_with_someone_unmarked_is_refused_and_keeps_the_marks(world, cohort):
    first, second = enrol(world, cohort), enrol(world, cohort)
    session = cohort.sessions.order_by("held_on").first()
    before = counts()
    response = client_for(world.trainer).post(
        reverse("attendance_sheet", args=[session.pk]), {f"status_{first.pk}": P}
    )
    body = response.content.decode()
    assert response.status_code == 400 and "Mark every trainee" in body
    assert 'value="present" checked' in body
    assert counts() == before
    assert second


def test_accreditation_is_issued_at_exactly_80_percent(world, cohort):
    trainee = enrol(world, cohort)
    attend(world, trainee, [P, P, A, P, P, P, A, P, P, P])
    training.do_record_practice(actor=world.trainer, enrollment=trainee, completed_on=TODAY)
    response = client_for(world.trainer).post(
        reverse("trainee_accredit", args=[trainee.pk]), {"on": TODAY.isoformat()}
    )
    assert response.status_code == 302
    issued = Accreditation.objects.get(enrollment=trainee)
    assert issued.attendance_percent == 80
    assert Candidate.objects.get(pk=trainee.candidate_id).stage == Stage.ACCREDITED


def test_it_refuses_accreditation_below_the_rule_with_a_clear_message(world, cohort):
    trainee = enrol(world, cohort)
    attend(world, trainee, [P, P, A, P, P, E, A, P, P, P])  # excused does not count here: 70 %
    training.do_record_practice(actor=world.trainer, enrollment=trainee, completed_on=TODAY)
    before = counts()
    response = client_for(world.trainer).post(
        reverse("trainee_accredit", args=[trainee.pk]), {"on": TODAY.isoformat()}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "does not meet the accreditation rule" in body and "70.0 %" in body and "80 %" in body
    assert counts() == before
    assert Candidate.objects.get(pk=trainee.candidate_id).stage == Stage.IN_TRAINING


def test_excused_absences_count_toward_accreditation_when_the_curriculum_allows(world):
    cohort = make_cohort(world, curriculum_key="cti_ts")
    trainee = enrol(world, cohort)
    attend(world, trainee, [P, P, E, P, E, P])  # 54 h, all attended or excused
    training.do_record_practice(actor=world.trainer, enrollment=trainee, completed_on=TODAY)
    issued = accreditation_services.do_accredit(actor=world.trainer, enrollment=trainee, issued_on=TODAY)
    assert issued.attendance_percent == 100


def test_it_refuses_accreditation_without_the_practice(world, cohort):
    trainee = enrol(world, cohort)
    attend(world, trainee, [P] * 10)
    before = counts()
    response = client_for(world.coordinator).post(
        reverse("trainee_accredit", args=[trainee.pk]), {"on": TODAY.isoformat()}
    )
    assert "practice is not yet complete" in response.content.decode()
    assert counts() == before


def test_revoking_keeps_the_record_with_its_reason(world, cohort):
    trainee = enrol(world, cohort)
    attend(world, trainee, [P] * 10)
    training.do_record_practice(actor=world.trainer, enrollment=trainee, completed_on=TODAY)
    issued = accreditation_services.do_accredit(actor=world.trainer, enrollment=trainee, issued_on=TODAY)
    client = client_for(world.trainer)
    empty = client.post(
        reverse("accreditation_revoke", args=[issued.pk]), {"on": TODAY.isoformat(), "reason": " "}
    )
    assert empty.status_code == 200
    response = client.post(
        reverse("accreditation_revoke", args=[issued.pk]),
        {"on": TODAY.isoformat(), "reason": "Issued in error"},
    )
    assert response.status_code == 302
    issued.refresh_from_db()
    assert issued.revoked_on == TODAY and issued.revoked_reason == "Issued in error"
    # A new accreditation can follow, with its own number.
    again = accreditation_services.do_accredit(actor=world.trainer, enrollment=trainee, issued_on=TODAY)
    assert again.certificate_number.endswith("-2")


def test_the_trainee_sees_their_own_progress(world, psw_trainee):
    attend(world, psw_trainee, [P, P, A])
    body = client_for(world.psw).get(reverse("trainee_detail", args=[psw_trainee.pk])).content.decode()
    assert "2 of 10 sessions attended" in body
    assert reverse("trainee_accredit", args=[psw_trainee.pk]) not in body


def test_leaving_the_training_moves_the_candidate_out_with_the_reason(world, cohort):
    trainee = enrol(world, cohort)
    training.do_withdraw_trainee(
        actor=world.trainer, enrollment=trainee, withdrawn_on=TODAY, reason="New job"
    )
    candidate = Candidate.objects.get(pk=trainee.candidate_id)
    assert candidate.stage == Stage.LEFT
    assert candidate.stage_changes.last().reason == "New job"
