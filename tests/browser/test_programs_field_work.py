"""Programme work in a real Chromium: a PSW on a phone, a coordinator enrolling, the fidelity page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from puente.people.models import CaseAssignment
from puente.programs.models import AllocationSlot, Contact, Enrolment
from puente.programs.services import teams
from tests.browser.conftest import open_from_menu, sign_in
from tests.conftest import PASSWORD, make_participant
from tests.programs.helpers import cti_programme, days_ago, enrol, team_a

pytestmark = pytest.mark.browser


def test_a_psw_logs_a_contact_from_the_home_page_on_a_phone(page, live_world):
    world = live_world
    enrolment = enrol(world, cti_programme(world), start_days_ago=40)
    teams.do_assign_team(actor=world.coordinator, enrolment=enrolment, team=team_a(world), on=days_ago(35))
    sign_in(page, "psw", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("My caseload today")
    expect(page.get_by_text("Phase 1: transition")).to_be_visible()
    expect(page.get_by_text(re.compile(r"days? overdue"))).to_be_visible()
    page.get_by_role("link", name="Log a contact with SCL-001").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Contact with SCL-001")
    # The essentials are big touch targets: type, who, duration; the date defaults to today.
    page.get_by_label("Home visit").check()
    page.get_by_role("checkbox", name="Family", exact=True).check()
    page.get_by_label("1 h", exact=True).check()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name="Save contact").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My caseload today")
    expect(page.get_by_text("Contact saved for SCL-001.")).to_be_visible()
    expect(page.get_by_text("Last contact 0 days ago")).to_be_visible()
    contact = Contact.objects.get()
    assert (
        contact.kind == "home_visit"
        and contact.attendees == ["family", "psw"]
        and contact.duration_minutes == 60
    )


def test_a_coordinator_enrols_randomises_and_assigns_a_participant(page, live_world):
    world = live_world
    programme = cti_programme(world, trial=True)
    newcomer = make_participant(world.coordinator, world.site_a, "SCL-050", consent_form=world.form_a)
    team_a(world, "Equipo Norte")
    sign_in(page, "coord", PASSWORD)
    page.goto(f"/programmes/{programme.pk}/")
    page.get_by_role("link", name="Enrol a participant").click()
    page.get_by_label("Participant (study code)").select_option(label="SCL-050")
    page.get_by_label("First visit to the service").fill(days_ago(40).isoformat())
    page.get_by_role("button", name="Check eligibility").click()
    expect(page.get_by_text("Aged 21 to 65")).to_be_visible()
    expect(page.get_by_role("button", name="Confirm enrolment and randomise")).to_be_visible()
    assert not Enrolment.objects.filter(participant=newcomer).exists()
    # Make sure this test sees the intervention arm, whatever the concealed sequence would have held.
    AllocationSlot.objects.filter(programme=programme, enrolment__isnull=True).update(arm="cti_ts")
    if not AllocationSlot.objects.filter(programme=programme).exists():
        AllocationSlot.objects.create(
            programme=programme, site=world.site_a, position=1, block=1, block_size=2, arm="cti_ts"
        )
        AllocationSlot.objects.create(
            programme=programme, site=world.site_a, position=2, block=1, block_size=2, arm="usual_care"
        )
    page.get_by_role("button", name="Confirm enrolment and randomise").click()
    expect(page.get_by_text("SCL-050 is enrolled and was allocated to: CTI-TS + usual care.")).to_be_visible()
    page.get_by_role("link", name="Assign a team").click()
    expect(page.get_by_text("no family support: a peer worker with room is a priority")).to_be_visible()
    page.get_by_label("Equipo Norte").check()
    page.get_by_role("button", name="Assign").click()
    expect(page.get_by_text("Equipo Norte now supports SCL-050.")).to_be_visible()
    assert set(
        CaseAssignment.objects.filter(participant=newcomer, ended_on__isnull=True).values_list(
            "worker__username", flat=True
        )
    ) == {"psw", "cmhw"}


def test_the_fidelity_page_shows_who_is_behind_each_figure(page, live_world):
    world = live_world
    enrolment = enrol(world, cti_programme(world), start_days_ago=120)
    teams.do_assign_team(actor=world.coordinator, enrolment=enrolment, team=team_a(world), on=days_ago(110))
    sign_in(page, "coord", PASSWORD)
    open_from_menu(page, "Delivery", "Fidelity")
    expect(page.get_by_role("heading", level=1)).to_have_text("Fidelity")
    row = page.get_by_role("row", name=re.compile("At least 2 contacts in the first month")).first
    expect(row).to_contain_text("0/1")
    row.get_by_text("participants").click()
    expect(row.get_by_text("Not met: SCL-001")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
