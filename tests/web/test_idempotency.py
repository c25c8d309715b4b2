from __future__ import annotations

from puente.audit.models import AuditEvent
from puente.people import services
from puente.people.models import Participant
from puente.web.idempotency import SubmissionKeyField, new_submission_key, run_once
from puente.web.models import SubmissionKey


def create(world, code: str):
    return lambda: services.do_create_participant(
        actor=world.coordinator,
        site=world.site_a,
        study_code=code,
        gender="man",
        birth_year=1980,
        diagnosis_group="other",
        family_support="yes",
        language="es",
    )


def test_replaying_a_submission_returns_the_first_record(world):
    key = new_submission_key()
    first, created = run_once(
        key=key,
        user=world.coordinator,
        scope="test.participant",
        model=Participant,
        create=create(world, "SCL-100"),
    )
    events = AuditEvent.objects.count()
    again, created_again = run_once(
        key=key,
        user=world.coordinator,
        scope="test.participant",
        model=Participant,
        create=create(world, "SCL-101"),
    )
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert not Participant.objects.filter(study_code="SCL-101").exists()
    assert AuditEvent.objects.count() == events


def test_two_simultaneous_identical_posts_create_one_record(live_world):
    """Two threads replay one submission at the same moment: one record, and both get it."""
    import threading
    import time

    from django.db import connection

    key = new_submission_key()
    results = []
    started = threading.Barrier(2)

    def post(code: str, pause: float) -> None:
        def slow_create():
            record = create(live_world, code)()
            time.sleep(pause)  # hold the transaction open so the twin collides with it
            return record

        try:
            started.wait()
            results.append(
                run_once(
                    key=key,
                    user=live_world.coordinator,
                    scope="test.race",
                    model=Participant,
                    create=slow_create,
                )
            )
        finally:
            connection.close()

    threads = [
        threading.Thread(target=post, args=("SCL-200", 0.5)),
        threading.Thread(target=post, args=("SCL-201", 0.0)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 2
    assert {record.pk for record, _ in results} == {results[0][0].pk}
    assert sorted(created for _, created in results) == [False, True]
    assert Participant.objects.filter(study_code__in=["SCL-200", "SCL-201"]).count() == 1
    assert SubmissionKey.objects.filter(key=key).count() == 1


def test_without_a_key_every_submission_creates(world):
    run_once(key="", user=world.coordinator, scope="test", model=Participant, create=create(world, "SCL-300"))
    assert Participant.objects.filter(study_code="SCL-300").count() == 1


def test_the_key_field_refuses_junk():
    import pytest
    from django import forms

    field = SubmissionKeyField()
    assert field.clean("a1b2-c3") == "a1b2-c3"
    with pytest.raises(forms.ValidationError):
        field.clean("<script>")
