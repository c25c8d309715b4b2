"""Check-ins, alerts, safeguarding plans and leave: private to the PSW and their supervisor."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from puente.audit.models import AuditEvent
from puente.workforce.models import AlertKind, CheckIn, LeaveRecord, WellbeingAlert
from puente.workforce.selectors.research import exportable_leave_records
from puente.workforce.services import supervision, wellbeing
from tests.conftest import client_for, make_user
from tests.workforce.conftest import TODAY, another_coordinator

PAGES = ["wellbeing_detail", "safeguarding_edit", "leave_create"]


def check_in(user, day, stress, workload, sleep, support, comment=""):
    return wellbeing.do_check_in(
        actor=user,
        checked_on=day,
        stress=stress,
        workload=workload,
        sleep=sleep,
        support=support,
        comment=comment,
    )


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("persona", ["other_psw", "cmhw", "researcher", "admin", "trainer", "data_entry"])
def test_a_psws_wellbeing_does_not_exist_for_anyone_else(world, supervised_psw, persona, page):
    check_in(world.psw, TODAY, 2, 2, 4, 4, comment="private words")
    response = client_for(world.persona(persona)).get(reverse(page, args=[world.psw.pk]))
    assert response.status_code == 404
    assert b"private words" not in response.content


def test_a_coordinator_who_is_not_their_supervisor_sees_nothing(world, supervised_psw):
    check_in(world.psw, TODAY - dt.timedelta(days=1), 2, 2, 4, 4, comment="private words")
    other = another_coordinator(world)
    for page in PAGES:
        assert client_for(other).get(reverse(page, args=[world.psw.pk])).status_code == 404
    wellbeing.do_check_in(actor=world.psw, stress=5, workload=5, sleep=1, support=1, checked_on=TODAY)
    alert = WellbeingAlert.objects.get()
    assert client_for(other).get(reverse("alert_acknowledge", args=[alert.pk])).status_code == 404
    assert b"Psw" not in client_for(other).get(reverse("alert_list")).content.split(b"<main")[1]


def test_the_psw_and_their_supervisor_see_the_check_ins_and_trend(world, supervised_psw):
    for weeks in range(3, 0, -1):
        check_in(world.psw, TODAY - dt.timedelta(days=7 * weeks), 2, 2, 4, 4, comment=f"week {weeks}")
    for user in (world.psw, world.coordinator):
        body = client_for(user).get(reverse("wellbeing_detail", args=[world.psw.pk])).content.decode()
        assert "week 3" in body and "<svg" in body and body.count("<circle") == 3


def test_when_the_supervisor_changes_the_old_one_loses_sight(world, supervised_psw):
    new = another_coordinator(world)
    supervision.do_assign_supervisor(
        actor=world.admin, worker=world.psw, supervisor=new, site=world.site_a, starts_on=TODAY
    )
    url = reverse("wellbeing_detail", args=[world.psw.pk])
    assert client_for(world.coordinator).get(url).status_code == 404
    assert client_for(new).get(url).status_code == 200


def test_a_rising_trend_alerts_the_supervisor_once(world, supervised_psw):
    check_in(world.psw, TODAY - dt.timedelta(days=14), 2, 2, 4, 4)
    check_in(world.psw, TODAY - dt.timedelta(days=7), 3, 3, 3, 3)
    assert not WellbeingAlert.objects.exists()
    check_in(world.psw, TODAY, 4, 4, 2, 3)
    alert = WellbeingAlert.objects.get()
    assert alert.kind == AlertKind.WORSENING and alert.supervisor == world.coordinator
    check_in(world.psw, TODAY + dt.timedelta(days=0) - dt.timedelta(days=1), 5, 5, 1, 1)
    assert WellbeingAlert.objects.count() == 1


def test_check_in_answers_never_enter_the_audit_log(world, supervised_psw):
    check_in(world.psw, TODAY, 5, 4, 1, 2, comment="very private")
    event = AuditEvent.objects.get(action="checkin.create")
    assert "very private" not in str(event.after) and "stress" not in str(event.after)


def test_a_second_check_in_on_the_same_day_is_refused_kindly(world, supervised_psw):
    client = client_for(world.psw)
    data = {"stress": 2, "workload": 2, "sleep": 4, "support": 4, "comment": ""}
    assert client.post(reverse("checkin_create"), data).status_code == 302
    before = (CheckIn.objects.count(), AuditEvent.objects.count())
    response = client.post(reverse("checkin_create"), data)
    assert "already checked in" in response.content.decode()
    assert (CheckIn.objects.count(), AuditEvent.objects.count()) == before


def test_a_missed_check_in_alerts_the_supervisor_when_they_look(world, supervised_psw):
    check_in(world.psw, TODAY - dt.timedelta(days=20), 2, 2, 4, 4)
    body = client_for(world.coordinator).get(reverse("alert_list")).content.decode()
    assert "Check-in missed" in body
    assert WellbeingAlert.objects.filter(kind=AlertKind.MISSED).count() == 1
    client_for(world.coordinator).get(reverse("alert_list"))
    assert WellbeingAlert.objects.filter(kind=AlertKind.MISSED).count() == 1


def test_the_supervisor_acknowledges_an_alert(world, supervised_psw):
    check_in(world.psw, TODAY, 5, 5, 1, 1)
    alert = WellbeingAlert.objects.get()
    client = client_for(world.coordinator)
    response = client.post(
        reverse("alert_acknowledge", args=[alert.pk]), {"note": "Called; lighter week agreed."}
    )
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.acknowledged_by == world.coordinator and alert.response_note.startswith("Called")
    again = client.post(reverse("alert_acknowledge", args=[alert.pk]), {"note": ""})
    assert "already been acknowledged" in again.content.decode()


def test_the_safeguarding_plan_is_kept_with_versions_and_masked_in_the_audit(world, supervised_psw):
    client = client_for(world.psw)
    url = reverse("safeguarding_edit", args=[world.psw.pk])
    data = {
        "early_signs": "Not sleeping",
        "what_helps": "A walk",
        "adjustments": "Fewer visits",
        "reduced_hours_per_week": "8",
        "agreed_on": TODAY.isoformat(),
        "review_on": "",
        "version": "",
    }
    assert client.post(url, data).status_code == 302
    stale = client_for(world.coordinator).post(url, {**data, "what_helps": "Music", "version": "0"})
    # A stale version answers the conflict page with both versions (puente.web.conflicts).
    assert stale.status_code == 409 and "Someone else saved this record" in stale.content.decode()
    event = AuditEvent.objects.get(action="safeguarding_plan.create")
    assert "Not sleeping" not in str(event.after)


def test_leave_stays_out_of_research_exports_unless_the_psw_agreed(world, supervised_psw):
    wellbeing.do_record_leave(actor=world.coordinator, worker=world.psw, kind="recovery", starts_on=TODAY)
    agreed = wellbeing.do_record_leave(
        actor=world.coordinator, worker=world.psw, kind="sick", starts_on=TODAY, research_consent=True
    )
    assert LeaveRecord.objects.count() == 2
    assert list(exportable_leave_records([world.site_a.pk])) == [agreed]


def test_only_psws_check_in(world):
    assert client_for(world.cmhw).get(reverse("checkin_create")).status_code == 403
    nobody = make_user("lonely")
    assert client_for(nobody).get(reverse("wellbeing_detail", args=[world.psw.pk])).status_code == 404
