from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from puente.audit.models import AuditEvent
from puente.demo import loader
from puente.people import exports, pseudonyms, services
from puente.people.models import Identity, Participant
from tests.conftest import client_for


def test_pseudonyms_are_stable_within_a_project_and_unrelated_across_projects():
    key_a, key_b = pseudonyms.new_key(), pseudonyms.new_key()
    assert pseudonyms.pseudonym(key_a, "SCL-001") == pseudonyms.pseudonym(key_a, "SCL-001")
    assert pseudonyms.pseudonym(key_a, "SCL-001") != pseudonyms.pseudonym(key_b, "SCL-001")
    assert pseudonyms.pseudonym(key_a, "SCL-001") != pseudonyms.pseudonym(key_a, "SCL-002")
    shifts = {pseudonyms.date_shift(key_a, f"SCL-{i:03d}", 30).days for i in range(200)}
    assert shifts <= set(range(-30, 31)) and len(shifts) > 20
    assert pseudonyms.date_shift(key_a, "SCL-001", 0) == dt.timedelta(0)


def test_the_export_leaves_out_people_without_consent_and_counts_them(world):
    project = exports.do_create_export_project(
        actor=world.researcher, site=world.site_a, name="Study", max_date_shift_days=10
    )
    result = exports.do_export_participants(actor=world.researcher, project=project)
    rows = list(csv.DictReader(io.StringIO(result.content)))
    assert [r["pseudonym"] for r in rows] == [pseudonyms.pseudonym(project.key, "SCL-001")]
    assert result.excluded_without_consent == 1  # SCL-002 never consented
    event = AuditEvent.objects.get(action="export.participants")
    assert event.after == {"rows": 1, "excluded_without_consent": 1, "date_shift_days": 10}
    services.do_withdraw_consent(
        actor=world.coordinator,
        participant=world.own_participant,
        scopes=["research"],
        event_date=dt.date.today(),
    )
    again = exports.do_export_participants(actor=world.researcher, project=project)
    assert again.rows == 0 and again.excluded_without_consent == 2


def test_a_researcher_cannot_export_another_sites_data(world):
    with pytest.raises(ValidationError):
        exports.do_create_export_project(
            actor=world.researcher, site=world.site_b, name="X", max_date_shift_days=0
        )
    from puente.accounts.models import Site
    from puente.accounts.roles import Role
    from tests.conftest import make_user

    rio_researcher = make_user("rioresearcher", (Site.objects.get(code="rio"), Role.RESEARCHER))
    project = exports.do_create_export_project(
        actor=world.researcher, site=world.site_a, name="Study", max_date_shift_days=0
    )
    url = reverse("export_download", kwargs={"project_pk": project.pk})
    assert client_for(rio_researcher).get(url).status_code == 404


def test_no_export_contains_any_identity_value_of_the_demo(db):
    """The scanner: every identity value of the demo, and every study code, is absent from the export."""
    loader.load_demo()
    researcher = loader_user("researcher")
    secrets: set[str] = set()
    for identity in Identity.objects.all():
        secrets |= {identity.full_name, identity.phone, identity.national_id, identity.address}
        secrets |= {part for part in identity.full_name.split() if len(part) > 3}
    secrets |= set(Participant.objects.values_list("study_code", flat=True))
    secrets.discard("")
    client = client_for(researcher)
    for site in researcher.memberships.values_list("site", flat=True):
        from puente.accounts.models import Site

        project = exports.do_create_export_project(
            actor=researcher, site=Site.objects.get(pk=site), name="Scan", max_date_shift_days=7
        )
        content = client.get(reverse("export_download", kwargs={"project_pk": project.pk})).content.decode()
        assert content.count("\n") > 1
        leaked = sorted(secret for secret in secrets if secret in content)
        assert leaked == []


def loader_user(username: str):
    from puente.accounts.models import User

    return User.objects.get(username=username)


def test_identity_erasure_needs_a_second_person_and_keeps_the_research_record(world):
    participant = world.own_participant
    with pytest.raises(ValidationError, match="Give the reason"):
        services.do_request_erasure(actor=world.coordinator, participant=participant, reason=" ")
    request = services.do_request_erasure(
        actor=world.admin, participant=participant, reason="Asked for erasure under data protection law"
    )
    with pytest.raises(ValidationError, match="Another person must approve"):
        services.do_decide_erasure(actor=world.admin, request=request, approve=True)
    assert Identity.objects.get(participant=participant).full_name == "Ana María Rojas"

    from puente.accounts.roles import Role
    from tests.conftest import make_user

    second_admin = make_user("admin2", (world.site_a, Role.ADMINISTRATOR))
    response = client_for(second_admin).post(
        reverse("erasure_list"), {"request": request.pk, "decision": "approve"}
    )
    assert response.status_code == 302
    identity = Identity.objects.get(participant=participant)
    assert (identity.full_name, identity.phone, identity.national_id) == ("[erased]", "", "")
    assert Participant.objects.filter(pk=participant.pk, study_code="SCL-001").exists()
    events = AuditEvent.objects.filter(action__startswith="erasure.").values_list("action", flat=True)
    assert sorted(events) == ["erasure.approve", "erasure.request"]
    assert "Ana" not in str(AuditEvent.objects.get(action="erasure.approve").after)
