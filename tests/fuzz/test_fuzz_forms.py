"""Random form posts never cause a server error or a partial write."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from puente.audit.models import AuditEvent
from puente.people.models import ConsentEvent, Identity, Participant

VALUE = st.one_of(
    st.text(max_size=40),
    st.integers(-(10**6), 10**6).map(str),
    st.just(""),
    st.sampled_from(["woman", "man", "es", "pt", "yes", "no", "research", "2024-02-30", "1990"]),
)
FIELDS = [
    "site",
    "study_code",
    "gender",
    "birth_year",
    "diagnosis_group",
    "family_support",
    "language",
    "full_name",
    "phone",
    "address",
    "national_id_kind",
    "national_id",
    "version",
    "scopes",
    "event_date",
    "form",
    "reason",
    "worker",
    "role",
]
POST = st.dictionaries(st.sampled_from(FIELDS), VALUE, max_size=len(FIELDS))


def counts() -> tuple[int, ...]:
    return (Participant.objects.count(), Identity.objects.count(), ConsentEvent.objects.count())


@given(data=POST)
def test_random_participant_forms(world, data):
    client = Client()
    client.force_login(world.coordinator)
    before_rows, before_events = counts(), AuditEvent.objects.count()
    for url in (
        reverse("participant_create"),
        reverse("participant_edit", kwargs={"pk": world.own_participant.pk}),
        reverse("consent_give", kwargs={"pk": world.unassigned_participant.pk}),
        reverse("consent_withdraw", kwargs={"pk": world.own_participant.pk}),
        reverse("assignment_add", kwargs={"pk": world.unassigned_participant.pk}),
    ):
        response = client.post(url, data)
        assert response.status_code in {200, 302, 409}, (url, data)
        if response.status_code in {200, 409}:
            assert counts() == before_rows and AuditEvent.objects.count() == before_events, (url, data)
        else:
            before_rows, before_events = counts(), AuditEvent.objects.count()
