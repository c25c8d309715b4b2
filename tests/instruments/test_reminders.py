"""`puente reminders send`: one e-mail per worker about due and overdue questionnaires, once a day."""

from __future__ import annotations

import datetime as dt
import json

from django.core import mail

from puente.audit.models import AuditEvent
from puente.cli import main
from puente.instruments.models import ReminderEvent
from puente.instruments.services.reminders import do_send_reminders
from tests.instruments.conftest import plan_service_user, schedule


def setup_due(world, programme):
    world.psw.email = "psw@example.org"
    world.psw.language = "es"
    world.psw.save()
    schedule(world, programme, "swls", "T1", 0)
    schedule(world, programme, "ras_r", "T1", 0)
    schedule(world, programme, "swls", "T2", 6)
    return plan_service_user(world, programme, world.own_participant, days_ago=40)


def test_it_mails_the_worker_once_a_day(world, programme):
    setup_due(world, programme)
    today = dt.date.today()
    summary = do_send_reminders(today=today)
    assert summary["workers"] == 1 and summary["administrations"] == 2 and summary["overdue"] == 2
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["psw@example.org"]
    assert "SCL-001" in message.body and "SWLS T1" in message.body and "RAS-R T1" in message.body
    assert "T2" not in message.body  # not yet due
    assert ReminderEvent.objects.filter(sent_on=today).count() == 2
    events = AuditEvent.objects.count()
    again = do_send_reminders(today=today)
    assert again["administrations"] == 0 and len(mail.outbox) == 1
    assert AuditEvent.objects.count() == events
    # The next day they are reminded again.
    do_send_reminders(today=today + dt.timedelta(days=1))
    assert len(mail.outbox) == 2


def test_a_dry_run_sends_and_records_nothing(world, programme):
    setup_due(world, programme)
    summary = do_send_reminders(today=dt.date.today(), dry_run=True)
    assert summary["sent"] == [{"worker": "psw", "count": 2}]
    assert mail.outbox == [] and ReminderEvent.objects.count() == 0


def test_the_command_prints_a_json_summary(world, programme, capsys):
    setup_due(world, programme)
    assert main(["reminders", "send", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["workers"] == 1 and summary["dry_run"] is False
    assert len(mail.outbox) == 1


def test_the_command_refuses_a_bad_date(db, capsys):
    assert main(["reminders", "send", "--date", "yesterday"]) == 2
    assert "--date must be YYYY-MM-DD" in capsys.readouterr().err
