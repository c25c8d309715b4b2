"""Two people edit one participant's contact details: the second, stale save shows both versions (HTTP 409)
and overwrites nothing."""

from __future__ import annotations

from django.urls import reverse

from puente.audit.models import AuditEvent
from puente.people.models import Identity
from tests.conftest import client_for


def details(identity: Identity, **changes: str) -> dict:
    values = {
        "full_name": identity.full_name,
        "phone": identity.phone,
        "address": identity.address,
        "national_id_kind": identity.national_id_kind,
        "national_id": identity.national_id,
        "version": identity.version,
    }
    return {**values, **changes}


def test_a_stale_edit_of_contact_details_shows_both_versions_and_changes_nothing(world):
    participant = world.own_participant
    identity = Identity.objects.get(participant=participant)
    url = reverse("identity_edit", kwargs={"pk": participant.pk})
    first = client_for(world.admin).post(url, details(identity, phone="+56 9 1111 1111"))
    assert first.status_code == 302
    updates = AuditEvent.objects.filter(action="identity.update").count()

    second = client_for(world.coordinator).post(url, details(identity, phone="+56 9 2222 2222"))

    assert second.status_code == 409
    page = second.content.decode()
    assert "+56 9 1111 1111" in page and "+56 9 2222 2222" in page
    saved = Identity.objects.get(participant=participant)
    assert saved.phone == "+56 9 1111 1111" and saved.version == identity.version + 1
    assert AuditEvent.objects.filter(action="identity.update").count() == updates
    # Saving over it is a deliberate post with the version now saved.
    over = client_for(world.coordinator).post(url, details(saved, phone="+56 9 2222 2222"))
    assert over.status_code == 302
    assert Identity.objects.get(participant=participant).phone == "+56 9 2222 2222"


def test_saving_unchanged_contact_details_writes_nothing(world):
    participant = world.own_participant
    identity = Identity.objects.get(participant=participant)
    url = reverse("identity_edit", kwargs={"pk": participant.pk})
    updates = AuditEvent.objects.filter(action="identity.update").count()
    assert client_for(world.coordinator).post(url, details(identity)).status_code == 302
    assert Identity.objects.get(participant=participant).version == identity.version
    assert AuditEvent.objects.filter(action="identity.update").count() == updates


def test_a_stale_edit_of_a_candidates_contact_details_shows_both_versions(world):
    from puente.workforce.models import CandidateIdentity
    from tests.workforce.conftest import make_candidate

    candidate = make_candidate(world)
    identity = CandidateIdentity.objects.get(candidate=candidate)
    url = reverse("candidate_identity_edit", kwargs={"pk": candidate.pk})
    opened = {
        "full_name": identity.full_name,
        "phone": identity.phone,
        "email": identity.email,
        "national_id_kind": identity.national_id_kind,
        "national_id": identity.national_id,
        "version": identity.version,
    }
    assert client_for(world.admin).post(url, {**opened, "phone": "+34 611 111 111"}).status_code == 302
    updates = AuditEvent.objects.filter(action="candidate_identity.update").count()

    second = client_for(world.coordinator).post(url, {**opened, "phone": "+34 622 222 222"})

    assert second.status_code == 409
    assert "+34 611 111 111" in second.content.decode() and "+34 622 222 222" in second.content.decode()
    assert CandidateIdentity.objects.get(candidate=candidate).phone == "+34 611 111 111"
    assert AuditEvent.objects.filter(action="candidate_identity.update").count() == updates
