"""What one contact post costs the database, pinned so that it cannot creep back up, and the per-request
caches that keep it low without letting a change of roles wait for a later sign-in."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from puente.accounts.models import Membership
from puente.accounts.roles import Role
from puente.audit.models import AuditChainHead, AuditEvent
from puente.audit.verify import verify_chain
from puente.programs.models import Contact
from puente.programs.services import teams
from puente.web.idempotency import new_submission_key
from puente.web.models import SubmissionKey
from tests.conftest import client_for, make_participant
from tests.programs.helpers import TODAY, cti_programme, days_ago, enrol, team_a

# session, user, memberships (once), the enrolment in scope, its phases; then one transaction: the
# contact, the audit chain head, the audit event, the new head, the submission key; then the session
# renewal in its own transaction (counted with its BEGIN/COMMIT, or savepoints under test).
STATEMENTS_PER_CONTACT_POST = 15
# A replay writes as a first post would, finds its key taken, rolls back and reads the first post's
# contact: three statements more, paid only by the rare double submission.
STATEMENTS_PER_REPLAYED_POST = STATEMENTS_PER_CONTACT_POST + 3


@pytest.fixture
def started(world):
    enrolment = enrol(world, cti_programme(world), start_days_ago=30)
    teams.do_assign_team(actor=world.coordinator, enrolment=enrolment, team=team_a(world), on=days_ago(20))
    return enrolment


def contact_post(**changes) -> dict:
    return {
        "contact_on": TODAY,
        "kind": "home_visit",
        "attendees": ["psw"],
        "duration_minutes": 45,
        "client_token": new_submission_key(),
        **changes,
    }


def captured_post(client, url: str, data: dict) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = client.post(url, data)
    return response.status_code, [query["sql"] for query in captured.captured_queries]


def test_one_contact_post_runs_a_fixed_number_of_statements(world, started):
    client = client_for(world.psw)
    url = reverse("contact_add", kwargs={"pk": started.pk})
    assert client.post(url, contact_post()).status_code == 302  # warm: the session has its first message
    status, statements = captured_post(client, url, contact_post())
    assert status == 302
    assert len(statements) == STATEMENTS_PER_CONTACT_POST, "\n".join(s[:120] for s in statements)
    # The later posts of a busy worker cost the same: nothing piles up from one post to the next.
    for _ in range(3):
        assert client.post(url, contact_post()).status_code == 302
    status, later = captured_post(client, url, contact_post())
    assert (status, len(later)) == (302, STATEMENTS_PER_CONTACT_POST)
    assert Contact.objects.filter(enrolment=started).count() == 6


def test_the_roles_are_read_once_per_request(world, started):
    client = client_for(world.psw)
    url = reverse("contact_add", kwargs={"pk": started.pk})
    status, statements = captured_post(client, url, contact_post())
    assert status == 302
    assert sum('FROM "accounts_membership"' in sql for sql in statements) == 1


def test_a_removed_role_takes_effect_on_the_next_request(world, started):
    client = client_for(world.psw)
    url = reverse("contact_add", kwargs={"pk": started.pk})
    assert client.post(url, contact_post()).status_code == 302
    Membership.objects.filter(user=world.psw, role=Role.PSW).delete()
    contacts, events = Contact.objects.count(), AuditEvent.objects.count()
    assert client.post(url, contact_post()).status_code == 403
    assert client.get(url).status_code == 403
    assert (Contact.objects.count(), AuditEvent.objects.count()) == (contacts, events)


def test_a_granted_role_takes_effect_on_the_next_request(world, started):
    newcomer_client = client_for(world.outsider)
    url = reverse("contact_add", kwargs={"pk": started.pk})
    assert newcomer_client.get(url).status_code == 403
    Membership.objects.create(user=world.outsider, site=world.site_a, role=Role.COORDINATOR)
    assert newcomer_client.get(url).status_code == 200


def test_each_contact_is_audited_on_an_unbroken_chain(world, started):
    client = client_for(world.psw)
    url = reverse("contact_add", kwargs={"pk": started.pk})
    events_before = AuditEvent.objects.count()
    for _ in range(3):
        assert client.post(url, contact_post()).status_code == 302
    created = AuditEvent.objects.filter(action="contact.create")
    assert AuditEvent.objects.count() == events_before + 3
    assert {e.object_id for e in created} == {str(pk) for pk in Contact.objects.values_list("pk", flat=True)}
    result = verify_chain()
    assert result.ok and result.events == events_before + 3, result.reason
    last = AuditEvent.objects.order_by("seq").last()
    head = AuditChainHead.objects.get()
    assert (head.last_seq, head.last_hash) == (last.seq, last.hash)


def test_the_same_saved_message_waits_once_however_many_posts_skip_the_page(world, started):
    client = client_for(world.psw)
    url = reverse("contact_add", kwargs={"pk": started.pk})
    for _ in range(4):
        assert client.post(url, contact_post()).status_code == 302
    page = client.get(reverse("enrolment_detail", kwargs={"pk": started.pk}))
    shown = [str(m) for m in get_messages(page.wsgi_request)]
    assert shown == [f"Contact saved for {started.participant.study_code}."]
    assert Contact.objects.filter(enrolment=started).count() == 4


def test_different_saved_messages_all_wait_to_be_shown(world, started):
    other = enrol(
        world,
        started.programme,
        make_participant(world.coordinator, world.site_a, "SCL-880", consent_form=world.form_a),
    )
    teams.do_assign_team(actor=world.coordinator, enrolment=other, team=team_a(world, "B"), on=days_ago(20))
    client = client_for(world.coordinator)
    for enrolment in (started, other):
        url = reverse("contact_add", kwargs={"pk": enrolment.pk})
        assert client.post(url, contact_post(attendees=["cmhw"])).status_code == 302
    page = client.get(reverse("enrolment_detail", kwargs={"pk": started.pk}))
    shown = [str(m) for m in get_messages(page.wsgi_request)]
    assert shown == [f"Contact saved for {e.participant.study_code}." for e in (started, other)]


def test_a_replayed_post_records_once_at_a_fixed_cost(world, started):
    client = client_for(world.psw)
    url = reverse("contact_add", kwargs={"pk": started.pk})
    data = contact_post()
    assert client.post(url, data).status_code == 302
    events = AuditEvent.objects.count()
    status, statements = captured_post(client, url, data)
    assert status == 302
    assert len(statements) == STATEMENTS_PER_REPLAYED_POST, "\n".join(s[:120] for s in statements)
    assert Contact.objects.filter(enrolment=started).count() == 1
    assert AuditEvent.objects.count() == events  # the replay's writes were rolled back, audit included
    assert verify_chain().ok
    assert SubmissionKey.objects.filter(key=data["client_token"]).count() == 1
