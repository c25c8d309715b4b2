from __future__ import annotations

import datetime as dt

from django.urls import reverse

from puente.audit.models import AuditEvent
from puente.people.models import ConsentEvent, Identity, Participant
from tests.conftest import client_for

NEW = {
    "site": "",
    "study_code": "SCL-050",
    "gender": "man",
    "birth_year": "1988",
    "diagnosis_group": "affective_psychosis",
    "family_support": "partial",
    "language": "es",
    "full_name": "Camilo Fuentes",
    "phone": "+56 9 5555 0000",
    "address": "",
    "national_id_kind": "rut",
    "national_id": "11.111.111-1",
}


def test_it_creates_a_participant_with_identity_kept_apart(world):
    client = client_for(world.coordinator)
    response = client.post(reverse("participant_create"), {**NEW, "site": world.site_a.pk})
    participant = Participant.objects.get(study_code="SCL-050")
    assert response.status_code == 302
    assert Identity.objects.get(participant=participant).full_name == "Camilo Fuentes"
    assert AuditEvent.objects.filter(action="participant.create", object_id=str(participant.pk)).exists()
    identity_event = AuditEvent.objects.get(
        action="identity.create", site_id=world.site_a.pk, object_id=str(participant.identity.pk)
    )
    assert "Camilo" not in str(identity_event.after)


def test_an_impossible_birth_year_is_refused_and_nothing_changes(world):
    before = (Participant.objects.count(), AuditEvent.objects.count())
    response = client_for(world.coordinator).post(
        reverse("participant_create"), {**NEW, "site": world.site_a.pk, "birth_year": "2099"}
    )
    assert response.status_code == 200
    assert "The year of birth must be between 1900 and" in response.content.decode()
    assert (Participant.objects.count(), AuditEvent.objects.count()) == before


def test_a_duplicate_study_code_is_refused_and_nothing_changes(world):
    before = (Participant.objects.count(), Identity.objects.count(), AuditEvent.objects.count())
    response = client_for(world.coordinator).post(
        reverse("participant_create"), {**NEW, "site": world.site_a.pk, "study_code": "scl-001"}
    )
    assert response.status_code == 200
    assert "The study code SCL-001 is already in use." in response.content.decode()
    assert (Participant.objects.count(), Identity.objects.count(), AuditEvent.objects.count()) == before


def test_a_coordinator_cannot_create_at_a_site_they_do_not_coordinate(world):
    response = client_for(world.coordinator).post(
        reverse("participant_create"), {**NEW, "site": world.site_b.pk}
    )
    assert response.status_code == 200
    assert not Participant.objects.filter(study_code="SCL-050").exists()


def test_an_edit_based_on_a_stale_version_shows_both_versions_and_saves_nothing(world):
    participant = world.own_participant
    url = reverse("participant_edit", kwargs={"pk": participant.pk})
    form = {
        "site": world.site_a.pk,
        "study_code": "SCL-001",
        "gender": "woman",
        "birth_year": "1991",
        "diagnosis_group": "non_affective_psychosis",
        "family_support": "no",
        "language": "es",
        "version": str(participant.version),
    }
    assert client_for(world.coordinator).post(url, form).status_code == 302
    admin = client_for(world.admin)
    stale = admin.post(url, {**form, "birth_year": "1970"})
    body = stale.content.decode()
    assert stale.status_code == 409
    assert "Someone else saved this record" in body
    assert "<td>1970</td><td>1991</td>" in body
    participant.refresh_from_db()
    assert participant.birth_year == 1991 and participant.version == 2
    event = AuditEvent.objects.get(action="participant.update")
    assert event.before == {"birth_year": 1990} and event.after == {"birth_year": 1991}
    # Choosing to save anyway re-posts the submitted values against the version now saved.
    assert 'name="version" value="2"' in body
    assert admin.post(url, {**form, "birth_year": "1970", "version": "2"}).status_code == 302
    participant.refresh_from_db()
    assert participant.birth_year == 1970 and participant.version == 3


def test_retiring_keeps_the_record_with_its_reason(world):
    url = reverse("participant_retire", kwargs={"pk": world.unassigned_participant.pk})
    assert client_for(world.coordinator).post(url, {"reason": ""}).status_code == 200
    assert client_for(world.coordinator).post(url, {"reason": "Moved to another region"}).status_code == 302
    participant = Participant.objects.get(pk=world.unassigned_participant.pk)
    assert participant.retired_reason == "Moved to another region" and participant.retired_at is not None
    listing = client_for(world.coordinator).get(reverse("participant_list")).content.decode()
    assert "SCL-002" not in listing


def test_a_withdrawal_dated_before_consent_is_refused_and_nothing_changes(world):
    participant = world.own_participant
    before = (ConsentEvent.objects.count(), AuditEvent.objects.count())
    early = (dt.date.today() - dt.timedelta(days=30)).isoformat()
    response = client_for(world.coordinator).post(
        reverse("consent_withdraw", kwargs={"pk": participant.pk}),
        {"scopes": ["research"], "event_date": early},
    )
    assert response.status_code == 200
    assert "cannot be earlier than the consent it withdraws" in response.content.decode()
    assert (ConsentEvent.objects.count(), AuditEvent.objects.count()) == before
    participant.refresh_from_db()
    assert participant.research_consent is True


def test_withdrawing_research_consent_updates_the_participant(world):
    participant = world.own_participant
    response = client_for(world.coordinator).post(
        reverse("consent_withdraw", kwargs={"pk": participant.pk}),
        {"scopes": ["research"], "event_date": dt.date.today().isoformat()},
    )
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.research_consent is False
    assert AuditEvent.objects.filter(action="consent.withdrawn").count() == 1


def test_consent_is_recorded_with_a_form_of_the_participants_site(world):
    participant = world.unassigned_participant
    url = reverse("consent_give", kwargs={"pk": participant.pk})
    response = client_for(world.coordinator).post(
        url,
        {
            "form": world.form_a.pk,
            "scopes": ["programme", "research"],
            "event_date": dt.date.today().isoformat(),
        },
    )
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.research_consent is True


def test_identity_reads_are_logged_and_researchers_never_see_names(world):
    participant = world.own_participant
    page = client_for(world.psw).get(reverse("participant_identity", kwargs={"pk": participant.pk}))
    assert "Ana María Rojas" in page.content.decode()
    assert AuditEvent.objects.filter(action="identity.read", actor_username="psw").count() == 1
    researcher = client_for(world.researcher)
    for url in [
        reverse("home"),
        reverse("participant_list"),
        reverse("participant_detail", kwargs={"pk": participant.pk}),
        reverse("participant_identity", kwargs={"pk": participant.pk}),
    ]:
        body = researcher.get(url).content.decode()
        for secret in ["Ana María", "Rojas", "+56 9 1234 5678", "12.345.678-5", "Calle Falsa"]:
            assert secret not in body, (url, secret)


def test_worker_home_lists_the_caseload(world):
    body = client_for(world.psw).get(reverse("home")).content.decode()
    assert "My caseload today" in body and "SCL-001" in body and "SCL-002" not in body


def test_assigning_a_worker_from_another_site_is_refused(world):
    url = reverse("assignment_add", kwargs={"pk": world.unassigned_participant.pk})
    response = client_for(world.coordinator).post(url, {"worker": world.other_psw.pk, "role": "psw"})
    assert response.status_code == 200
    assert not world.unassigned_participant.assignments.exists()
    assert client_for(world.coordinator).post(url, {"worker": world.psw.pk, "role": "psw"}).status_code == 302
    assert world.unassigned_participant.assignments.count() == 1
