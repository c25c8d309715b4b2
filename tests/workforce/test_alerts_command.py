"""`puente workforce alerts` and its background task: missed check-ins reach the supervisor once."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from puente.audit.models import AuditEvent
from puente.cli import main
from puente.workforce.models import AlertKind, WellbeingAlert
from puente.workforce.services import wellbeing
from puente.workforce.tasks import raise_missed_checkin_alerts
from tests.workforce.conftest import TODAY


def _missed() -> int:
    return WellbeingAlert.objects.filter(kind=AlertKind.MISSED).count()


def test_the_command_alerts_the_supervisor_of_a_silent_psw_once(world, supervised_psw, capsys):
    assert main(["workforce", "alerts", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"date": TODAY.isoformat(), "alerts_raised": 1}
    alert = WellbeingAlert.objects.get(kind=AlertKind.MISSED)
    assert alert.worker == world.psw and alert.supervisor == world.coordinator
    events = AuditEvent.objects.filter(action="wellbeing_alert.raise").count()
    assert events == 1

    assert main(["workforce", "alerts"]) == 0  # a second run the same day raises nothing new
    assert "0 missed-check-in alert(s) raised" in capsys.readouterr().out
    assert _missed() == 1
    assert AuditEvent.objects.filter(action="wellbeing_alert.raise").count() == events


def test_the_command_leaves_a_psw_who_checked_in_recently_alone(world, supervised_psw, capsys):
    wellbeing.do_check_in(actor=world.psw, stress=2, workload=2, sleep=4, support=4, checked_on=TODAY)
    assert main(["workforce", "alerts", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["alerts_raised"] == 0
    assert _missed() == 0


def test_after_acknowledgement_a_still_silent_psw_raises_a_new_alert(world, supervised_psw, capsys):
    assert main(["workforce", "alerts"]) == 0
    alert = WellbeingAlert.objects.get(kind=AlertKind.MISSED)
    wellbeing.do_acknowledge_alert(actor=world.coordinator, alert=alert, note="Called her.")
    assert main(["workforce", "alerts"]) == 0
    assert _missed() == 2
    assert WellbeingAlert.objects.filter(kind=AlertKind.MISSED, acknowledged_at__isnull=True).count() == 1


@pytest.mark.parametrize(
    ("value", "message"),
    [("2025-13-40", "--date must be YYYY-MM-DD"), ((TODAY + dt.timedelta(days=1)).isoformat(), "future")],
)
def test_the_command_refuses_a_bad_date_and_changes_nothing(world, supervised_psw, capsys, value, message):
    events = AuditEvent.objects.count()
    assert main(["workforce", "alerts", "--date", value]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("puente workforce:") and message in err and "\n" not in err
    assert _missed() == 0
    assert AuditEvent.objects.count() == events


def test_a_date_in_the_past_is_judged_as_of_that_day(world, supervised_psw, capsys):
    # Supervision began 30 days ago: 20 days ago the PSW was only 10 days in, not yet "missed".
    early = (TODAY - dt.timedelta(days=20)).isoformat()
    assert main(["workforce", "alerts", "--date", early, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["alerts_raised"] == 0
    assert _missed() == 0


def test_the_task_raises_the_same_alerts_and_is_idempotent(world, supervised_psw):
    assert raise_missed_checkin_alerts.call() == 1
    assert raise_missed_checkin_alerts.call() == 0
    assert raise_missed_checkin_alerts.call(TODAY.isoformat()) == 0
    assert _missed() == 1


def test_enqueued_alerts_are_raised_by_the_worker(transactional_db, world, supervised_psw, capsys):
    from django_tasks_db.models import DBTaskResult

    assert main(["workforce", "alerts", "--enqueue", "--json"]) == 0
    queued = json.loads(capsys.readouterr().out)["queued"]
    assert _missed() == 0
    assert main(["worker", "--batch"]) == 0
    result = DBTaskResult.objects.get(id=queued)
    assert result.status == "SUCCESSFUL" and result.return_value == 1
    assert _missed() == 1
