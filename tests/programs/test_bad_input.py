"""Bad input gets a clear message and changes nothing (rows and audit events counted)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from puente.accounts.roles import Role
from puente.audit.models import AuditEvent
from puente.people import services as people
from puente.people.models import CaseAssignment
from puente.programs.models import Contact, Enrolment, Phase, TeamAssignment
from puente.programs.services import enrolment as enrolments
from puente.programs.services import teams
from tests.conftest import client_for, make_participant, make_user
from tests.programs.helpers import TODAY, cti_programme, days_ago, enrol, team_a


def counts():
    return (
        Enrolment.objects.count(),
        Contact.objects.count(),
        Phase.objects.count(),
        TeamAssignment.objects.count(),
        CaseAssignment.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.fixture
def started(world):
    programme = cti_programme(world)
    enrolment = enrol(world, programme, start_days_ago=30)
    teams.do_assign_team(actor=world.coordinator, enrolment=enrolment, team=team_a(world), on=days_ago(20))
    return enrolment


def post_contact(world, enrolment, client=None, **changes):
    data = {
        "contact_on": TODAY,
        "kind": "home_visit",
        "attendees": ["psw"],
        "duration_minutes": 45,
        **changes,
    }
    return (client or client_for(world.psw)).post(reverse("contact_add", kwargs={"pk": enrolment.pk}), data)


def test_it_refuses_a_contact_dated_in_the_future(world, started):
    before = counts()
    response = post_contact(world, started, contact_on=TODAY + dt.timedelta(days=1))
    assert response.status_code == 200
    assert "A contact cannot be in the future." in response.content.decode()
    assert counts() == before


def test_it_refuses_a_contact_dated_before_the_enrolment(world, started):
    before = counts()
    response = post_contact(world, started, contact_on=started.enrolled_on - dt.timedelta(days=1))
    assert "A contact cannot be before the enrolment" in response.content.decode()
    assert counts() == before


def test_a_contact_is_logged_once_even_if_the_form_is_sent_twice(world, started):
    before = Contact.objects.count()
    for _ in range(2):
        assert post_contact(world, started, client_token="abc123").status_code == 302
    assert Contact.objects.count() == before + 1


def test_a_task_outside_the_peer_role_warns_and_is_counted(world, started):
    client = client_for(world.psw)
    response = post_contact(world, started, client, outside_role_tasks=["medication_information"])
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert contact.role_boundary
    page = client.get(response["Location"]).content.decode()
    assert "role-boundary warning" in page
    review = client_for(world.coordinator).get(reverse("caseload_review")).content.decode()
    assert "SCL-001" in review.split("Role-boundary warnings")[1]


def test_it_refuses_a_phase_that_ends_before_it_starts(world, started):
    before = counts()
    phase = started.phases.get(key="try_out")
    data = {f"start_{p.key}": p.starts_on for p in started.phases.all()}
    data |= {f"end_{p.key}": p.ends_on for p in started.phases.all()}
    data |= {"end_try_out": phase.starts_on - dt.timedelta(days=1), "reason": "Hospital stay"}
    response = client_for(world.coordinator).post(
        reverse("enrolment_phases", kwargs={"pk": started.pk}), data
    )
    assert "A phase cannot end before it starts." in response.content.decode()
    assert counts() == before


def test_changing_phase_dates_needs_a_reason(world, started):
    with pytest.raises(ValidationError, match="reason"):
        enrolments.do_edit_phase_dates(actor=world.coordinator, enrolment=started, dates={}, reason=" ")


def test_it_refuses_to_enrol_an_unconsented_person(world):
    programme = cti_programme(world)
    before = counts()
    url = reverse("programme_enrol", kwargs={"pk": programme.pk})
    response = client_for(world.coordinator).post(
        url,
        {
            "participant": world.unassigned_participant.pk,
            "enrolled_on": TODAY,
            "first_visit_on": days_ago(10),
        },
    )
    assert "has not consented to" in response.content.decode()
    assert counts() == before


def test_it_refuses_to_enrol_an_ineligible_person(world):
    programme = cti_programme(world)
    old = make_participant(world.coordinator, world.site_a, "SCL-070", consent_form=world.form_a)
    people.do_update_participant(
        actor=world.coordinator, participant=old, expected_version=1, changes={"birth_year": TODAY.year - 70}
    )
    before = counts()
    url = reverse("programme_enrol", kwargs={"pk": programme.pk})
    data = {"participant": old.pk, "enrolled_on": TODAY, "first_visit_on": days_ago(400), "confirm": "yes"}
    response = client_for(world.coordinator).post(url, data)
    body = response.content.decode()
    assert "does not meet" in body and "Aged 21 to 65" in body and "at most 6 months" in body
    assert counts() == before


def test_it_refuses_a_team_at_full_capacity(world):
    programme = cti_programme(world)
    part_timer = make_user("parttime", (world.site_a, Role.PSW))
    team = teams.do_create_team(
        actor=world.coordinator,
        site=world.site_a,
        name="Small team",
        members=[teams.MemberSpec(worker=part_timer, role="psw", fte=Decimal("0.1"))],
        languages=["es"],
    )
    # A tenth of a full-time post carries two participants.
    for index in range(2):
        participant = make_participant(
            world.coordinator, world.site_a, f"SCL-2{index}", consent_form=world.form_a
        )
        people.do_assign_worker(
            actor=world.coordinator, participant=participant, worker=part_timer, role="psw"
        )
    enrolment = enrol(world, programme)
    before = counts()
    url = reverse("enrolment_team", kwargs={"pk": enrolment.pk})
    response = client_for(world.coordinator).post(url, {"team": team.pk, "on": TODAY})
    assert "is at full capacity" in response.content.decode()
    assert counts() == before


def test_a_usual_care_participant_gets_no_team_and_no_contacts(world):
    programme = cti_programme(world, trial=True)
    enrolment = enrol(world, programme, start_days_ago=None)
    Enrolment.objects.filter(pk=enrolment.pk).update(arm="usual_care")
    enrolment.refresh_from_db()
    before = counts()
    with pytest.raises(ValidationError):
        teams.do_assign_team(actor=world.coordinator, enrolment=enrolment, team=team_a(world), on=TODAY)
    assert counts()[:5] == before[:5]
