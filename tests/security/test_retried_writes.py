"""Retried posts (a phone or tablet on a bad connection) create one record: contacts and questionnaires."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from puente.audit.models import AuditEvent
from puente.instruments.models import ResponseRevision
from puente.programs.models import Contact
from puente.programs.services import contacts as contact_services
from puente.programs.services import teams
from puente.web.idempotency import new_submission_key
from puente.web.models import SubmissionKey
from tests.conftest import client_for
from tests.instruments.conftest import SWLS_ANSWERS
from tests.programs.helpers import TODAY, cti_programme, days_ago, enrol, team_a


def started_enrolment(world):
    enrolment = enrol(world, cti_programme(world), start_days_ago=30)
    teams.do_assign_team(actor=world.coordinator, enrolment=enrolment, team=team_a(world), on=days_ago(20))
    return enrolment


def contact_post(key: str, **changes) -> dict:
    return {
        "contact_on": TODAY,
        "kind": "home_visit",
        "attendees": ["psw"],
        "duration_minutes": 45,
        "client_token": key,
        **changes,
    }


def test_the_contact_form_carries_a_fresh_key_each_time(world):
    enrolment = started_enrolment(world)
    client = client_for(world.psw)
    url = reverse("contact_add", kwargs={"pk": enrolment.pk})
    first, second = (client.get(url).context["form"].initial["client_token"] for _ in range(2))
    assert first and second and first != second


def test_a_replayed_contact_post_records_one_contact_and_one_audit_event(world):
    enrolment = started_enrolment(world)
    client = client_for(world.psw)
    url = reverse("contact_add", kwargs={"pk": enrolment.pk})
    key = new_submission_key()
    contacts, events = Contact.objects.count(), AuditEvent.objects.count()
    for _ in range(3):
        assert client.post(url, contact_post(key)).status_code == 302
    assert Contact.objects.count() == contacts + 1
    assert AuditEvent.objects.filter(action="contact.create").count() == 1
    assert AuditEvent.objects.count() == events + 1
    assert SubmissionKey.objects.get(key=key).scope == "programs.contact"
    # A new form (a new key) is a new contact.
    assert client.post(url, contact_post(new_submission_key())).status_code == 302
    assert Contact.objects.count() == contacts + 2


def test_a_refused_contact_keeps_its_key_free_for_the_corrected_post(world):
    enrolment = started_enrolment(world)
    client = client_for(world.psw)
    url = reverse("contact_add", kwargs={"pk": enrolment.pk})
    key = new_submission_key()
    refused = client.post(url, contact_post(key, contact_on=days_ago(-2)))
    assert refused.status_code == 200 and "A contact cannot be in the future." in refused.content.decode()
    assert not SubmissionKey.objects.filter(key=key).exists()
    assert client.post(url, contact_post(key)).status_code == 302
    assert Contact.objects.count() == 1


def test_a_key_used_by_someone_else_is_refused_without_writing(world):
    enrolment = started_enrolment(world)
    url = reverse("contact_add", kwargs={"pk": enrolment.pk})
    key = new_submission_key()
    assert client_for(world.psw).post(url, contact_post(key)).status_code == 302
    contacts, events = Contact.objects.count(), AuditEvent.objects.count()
    response = client_for(world.cmhw).post(url, contact_post(key, attendees=["cmhw"]))
    assert response.status_code == 200
    assert "This form was already sent. Open it again" in response.content.decode()
    assert (Contact.objects.count(), AuditEvent.objects.count()) == (contacts, events)


def test_a_damaged_key_is_refused_clearly(world):
    enrolment = started_enrolment(world)
    url = reverse("contact_add", kwargs={"pk": enrolment.pk})
    response = client_for(world.psw).post(url, contact_post("<script>"))
    assert response.status_code == 200
    assert "This form is damaged. Open it again." in response.content.decode()
    assert Contact.objects.count() == 0 and not AuditEvent.objects.filter(action="contact.create").exists()


def test_two_identical_contact_posts_at_once_record_one_contact(live_world, monkeypatch):
    """Two threads send the same form at the same moment to the file-backed database: one contact."""
    enrolment = started_enrolment(live_world)
    url = reverse("contact_add", kwargs={"pk": enrolment.pk})
    key = new_submission_key()
    real_log = contact_services.do_log_contact

    def slow_log(**kwargs):
        contact = real_log(**kwargs)
        time.sleep(0.4)  # hold the write open so that the twin post collides with it
        return contact

    monkeypatch.setattr(contact_services, "do_log_contact", slow_log)
    statuses: list[int] = []
    barrier = threading.Barrier(2)

    def post() -> None:
        try:
            client = Client()
            client.force_login(live_world.psw)
            barrier.wait()
            statuses.append(client.post(url, contact_post(key)).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302, 302]
    assert Contact.objects.filter(enrolment=enrolment).count() == 1
    assert AuditEvent.objects.filter(action="contact.create").count() == 1
    assert SubmissionKey.objects.filter(key=key).count() == 1


@pytest.fixture
def swls_due(world):
    from puente.instruments.models import Administration
    from tests.instruments.conftest import make_programme, plan_service_user, schedule

    programme = make_programme(world)
    schedule(world, programme, "swls")
    respondent = plan_service_user(world, programme, world.own_participant)
    return Administration.objects.get(respondent=respondent, instrument__code="swls")


def test_a_replayed_questionnaire_entry_is_saved_once(world, swls_due):
    url = reverse("administration_enter", kwargs={"pk": swls_due.pk})
    client = client_for(world.data_entry)
    key = client.get(url).context["form"].initial["submission_key"]
    posted = {f"answer-{k}": v for k, v in SWLS_ANSWERS.items()}
    data = {**posted, "version": swls_due.version, "action": "complete", "submission_key": key}
    revisions, events = ResponseRevision.objects.count(), AuditEvent.objects.count()
    first = client.post(url, data)
    saved = (ResponseRevision.objects.count(), AuditEvent.objects.count())
    # The retry carries the version the first post already moved on from; it is not a conflict.
    again = client.post(url, data)
    assert first.status_code == again.status_code == 302
    assert again["Location"] == reverse("administration_detail", kwargs={"pk": swls_due.pk})
    assert (ResponseRevision.objects.count(), AuditEvent.objects.count()) == saved
    assert saved[0] > revisions and saved[1] > events
    swls_due.refresh_from_db()
    assert swls_due.status == "completed"
