from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_two_people_editing_at_once_never_overwrite_each_other(browser, live_server, live_world):
    participant = live_world.own_participant
    pages = []
    for username in ("coord", "admin"):
        context = browser.new_context(viewport={"width": 1000, "height": 900}, base_url=live_server.url)
        page = context.new_page()
        page.set_default_timeout(10_000)
        sign_in(page, username, PASSWORD)
        page.goto(f"/participants/{participant.pk}/edit/")
        pages.append(page)
    first, second = pages

    first.get_by_label("Year of birth").fill("1991")
    first.get_by_role("button", name="Save").click()
    expect(first.get_by_role("heading", level=1)).to_have_text("SCL-001")

    second.get_by_label("Year of birth").fill("1970")
    second.get_by_role("button", name="Save").click()
    expect(second.get_by_role("heading", level=1)).to_have_text("Someone else saved this record")
    row = second.get_by_role("row", name="Year of birth")
    expect(row).to_contain_text("1970")
    expect(row).to_contain_text("1991")
    participant.refresh_from_db()
    assert participant.birth_year == 1991

    second.get_by_role("link", name="Keep the saved version").click()
    expect(second.get_by_role("heading", level=1)).to_have_text("SCL-001")
    participant.refresh_from_db()
    assert participant.birth_year == 1991
    for page in pages:
        page.context.close()


def test_two_workers_editing_one_crisis_plan_see_both_versions(browser, live_server, live_world):
    """The participant's peer support worker and the coordinator open the crisis plan together."""
    from puente.programs.models import CrisisPlan
    from puente.programs.services import plans
    from tests.programs.helpers import matrix_objects

    enrolment = matrix_objects(live_world)["enrolment"]
    plans.do_save_crisis_plan(
        actor=live_world.coordinator,
        enrolment=enrolment,
        expected_version=None,
        warning_signs="Stops sleeping",
        what_helps="A walk with his sister",
        what_to_avoid="",
        who_to_call=[{"name": "Carla", "relation": "sister", "phone": "+56 9 5555 0000"}],
    )
    pages = []
    for username in ("psw", "coord"):
        context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=live_server.url)
        page = context.new_page()
        page.set_default_timeout(10_000)
        sign_in(page, username, PASSWORD)
        page.goto(f"/programmes/enrolments/{enrolment.pk}/crisis-plan/edit/")
        pages.append(page)
    first, second = pages

    first.get_by_label("What helps").fill("Music and a walk")
    first.get_by_role("button", name="Save").click()
    expect(first.get_by_role("heading", level=1)).to_contain_text("Crisis plan: SCL-001")

    second.get_by_label("What helps").fill("Calling his sister")
    second.get_by_role("button", name="Save").click()
    expect(second.get_by_role("heading", level=1)).to_have_text("Someone else saved this record")
    row = second.get_by_role("row", name="What helps")
    expect(row).to_contain_text("Calling his sister")
    expect(row).to_contain_text("Music and a walk")
    assert CrisisPlan.objects.get(enrolment=enrolment).what_helps == "Music and a walk"

    # Saving over it is a deliberate second step, and then it is the newest version.
    second.get_by_role("button", name="Save my version over the saved one").click()
    expect(second.get_by_role("heading", level=1)).to_contain_text("Crisis plan: SCL-001")
    plan = CrisisPlan.objects.get(enrolment=enrolment)
    assert (plan.what_helps, plan.version) == ("Calling his sister", 3)
    for page in pages:
        page.context.close()
