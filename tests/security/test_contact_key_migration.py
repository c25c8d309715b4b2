"""Upgrading keeps the retry keys contacts already had: a form sent before the upgrade and retried
after it still records one contact."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("programs", "0002_delivery"), ("web", "0001_initial")]
AFTER = [("programs", "0003_contact_keys_move_to_submission_keys")]


@pytest.mark.django_db(transaction=True)
def test_the_upgrade_moves_contact_keys_to_submission_keys(live_world):
    from tests.programs.helpers import cti_programme, enrol

    enrolment = enrol(live_world, cti_programme(live_world), start_days_ago=30)
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Contact = old.get_model("programs", "Contact")
    home_visit = {
        "enrolment_id": enrolment.pk,
        "phase_key": "engagement",
        "contact_on": dt.date.today(),
        "kind": "home_visit",
        "attendees": ["psw"],
        "duration_minutes": 45,
        "logged_by_id": live_world.psw.pk,
    }
    contact = Contact.objects.create(**home_visit, client_token="f" * 32)
    Contact.objects.create(
        enrolment_id=enrolment.pk,
        phase_key="engagement",
        contact_on=dt.date.today(),
        kind="phone",
        attendees=["psw"],
        duration_minutes=10,
        logged_by_id=live_world.psw.pk,
    )
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)

    from puente.programs.models import Contact as NewContact
    from puente.web.idempotency import run_once
    from puente.web.models import SubmissionKey

    key = SubmissionKey.objects.get()
    assert (key.scope, key.key, key.user_id, key.object_id) == (
        "programs.contact",
        "f" * 32,
        live_world.psw.pk,
        str(contact.pk),
    )

    def record_again() -> NewContact:  # what the retried form would write, were the key not kept
        return NewContact.objects.create(**home_visit)

    again, created = run_once(
        key="f" * 32, user=live_world.psw, scope="programs.contact", model=NewContact, create=record_again
    )
    assert (again.pk, created) == (contact.pk, False)
    assert NewContact.objects.count() == 2
