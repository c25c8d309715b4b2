from __future__ import annotations

import json

import pytest
from django.db import connection
from django.urls import reverse

from puente.audit import services as audit
from puente.audit.models import AuditEvent
from puente.cli import main
from tests.conftest import client_for


def run_verify(capsys) -> tuple[int, dict]:
    code = main(["audit", "verify", "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_an_intact_log_verifies(world, capsys):
    code, result = run_verify(capsys)
    assert code == 0 and result["ok"] is True
    assert result["events"] == AuditEvent.objects.count() > 20


def test_altering_one_row_is_detected_and_named(world, capsys):
    target = AuditEvent.objects.get(action="participant.create", object_id=str(world.own_participant.pk))
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AuditEvent._meta.db_table} SET action = %s WHERE seq = %s",
            ["participant.nothing", target.seq],
        )
    code, result = run_verify(capsys)
    assert code == 1
    assert result["broken_seq"] == target.seq
    assert result["reason"] == f"event {target.seq} was altered"


def test_altering_the_before_values_is_detected(world, capsys):
    target = AuditEvent.objects.filter(action="membership.create").order_by("seq").first()
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AuditEvent._meta.db_table} SET after = %s WHERE seq = %s",
            ['{"role": "administrator"}', target.seq],
        )
    code, result = run_verify(capsys)
    assert code == 1 and result["broken_seq"] == target.seq


def test_deleting_a_row_is_detected(world, capsys):
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table} WHERE seq = 5")
    code, result = run_verify(capsys)
    assert code == 1 and result["broken_seq"] == 5 and "missing" in result["reason"]


def test_deleting_the_newest_rows_is_detected(world, capsys):
    last = AuditEvent.objects.order_by("-seq").first().seq
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table} WHERE seq >= %s", [last - 1])
    code, result = run_verify(capsys)
    assert code == 1 and result["broken_seq"] == last - 1


def test_the_plain_output_names_the_broken_event(world, capsys):
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {AuditEvent._meta.db_table} SET actor_username = 'mallory' WHERE seq = 3")
    assert main(["audit", "verify"]) == 1
    assert "event 3 was altered" in capsys.readouterr().out


def test_events_cannot_be_changed_through_the_model(world):
    event = AuditEvent.objects.first()
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()


def test_events_must_be_written_inside_a_transaction(transactional_db):
    with pytest.raises(RuntimeError, match="inside the transaction"):
        audit.record(actor=None, action="test.outside")


def test_the_audit_page_filters_by_action_and_user(world):
    client = client_for(world.admin)
    body = client.get(reverse("audit_log"), {"action": "consent."}).content.decode()
    assert "consent.given" in body and "participant.create" not in body
    body = client.get(reverse("audit_log"), {"actor": "coordb"}).content.decode()
    assert "coordb" in body and ">coord<" not in body
