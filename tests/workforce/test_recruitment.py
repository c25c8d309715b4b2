from __future__ import annotations

import datetime as dt

from django.urls import reverse

from puente.audit.models import AuditEvent
from puente.workforce.models import Candidate, CandidateIdentity, InterviewScore, Stage
from tests.conftest import client_for
from tests.workforce.conftest import TODAY, make_candidate


def test_a_coordinator_adds_a_candidate_with_identity_kept_apart(world):
    response = client_for(world.coordinator).post(
        reverse("candidate_create"),
        {
            "site": world.site_a.pk,
            "code": "scl-c01",
            "source": "advocacy_group",
            "language": "es",
            "applied_on": TODAY.isoformat(),
            "full_name": "Camila Reyes",
            "phone": "+56 9 1111 2222",
            "email": "",
            "national_id_kind": "rut",
            "national_id": "11.111.111-1",
        },
    )
    assert response.status_code == 302
    candidate = Candidate.objects.get(code="SCL-C01")
    assert CandidateIdentity.objects.get(candidate=candidate).full_name == "Camila Reyes"
    assert "Camila" not in str(list(AuditEvent.objects.values_list("after", flat=True)))


def test_names_are_shown_only_to_coordinators_and_each_read_is_logged(world):
    candidate = make_candidate(world, name="Camila Reyes")
    url = reverse("candidate_identity", args=[candidate.pk])
    assert "Camila Reyes" in client_for(world.coordinator).get(url).content.decode()
    assert AuditEvent.objects.filter(action="candidate_identity.read").count() == 1
    for persona in ("trainer", "researcher", "psw"):
        response = client_for(world.persona(persona)).get(url)
        assert response.status_code == 403 and b"Camila" not in response.content
    detail = client_for(world.trainer).get(reverse("candidate_detail", args=[candidate.pk])).content.decode()
    assert "Camila" not in detail
    assert AuditEvent.objects.filter(action="candidate_identity.read").count() == 1


def test_a_candidate_of_another_site_does_not_exist(world):
    far = make_candidate(world, site=world.site_b)
    assert client_for(world.coordinator).get(reverse("candidate_detail", args=[far.pk])).status_code == 404


def test_the_panel_scores_the_checklist_and_the_candidate_is_interviewed(world):
    candidate = make_candidate(world, stage=Stage.APPLIED)
    client = client_for(world.trainer)
    url = reverse("candidate_interview", args=[candidate.pk])
    page = client.get(url).content.decode()
    assert "Empathy" in page and "Progress in their own recovery" in page
    criteria = list(candidate.site.psw_selection_criteria.all())
    data = {f"criterion_{c.pk}": "4" for c in criteria}
    incomplete = client.post(
        url, {**data, f"criterion_{criteria[0].pk}": "", "interviewed_on": TODAY.isoformat()}
    )
    assert incomplete.status_code == 200 and InterviewScore.objects.count() == 0
    assert client.post(url, {**data, "interviewed_on": TODAY.isoformat()}).status_code == 302
    assert InterviewScore.objects.count() == 5
    candidate.refresh_from_db()
    assert candidate.stage == Stage.INTERVIEWED


def test_the_pipeline_moves_forward_and_leaving_needs_a_reason(world):
    candidate = make_candidate(world, stage=Stage.APPLIED)
    client = client_for(world.coordinator)
    url = reverse("candidate_stage", args=[candidate.pk])
    back = client.post(
        url, {"to_stage": "applied", "changed_on": TODAY.isoformat(), "version": candidate.version}
    )
    assert "only move forward" in back.content.decode()
    leave = client.post(
        url, {"to_stage": "left", "changed_on": TODAY.isoformat(), "version": candidate.version}
    )
    assert "reason for leaving" in leave.content.decode()
    future = (TODAY + dt.timedelta(days=2)).isoformat()
    ahead = client.post(url, {"to_stage": "selected", "changed_on": future, "version": candidate.version})
    assert "future" in ahead.content.decode()
    candidate.refresh_from_db()
    assert candidate.stage == Stage.APPLIED
