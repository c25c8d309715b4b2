from __future__ import annotations

import pytest
from playwright.sync_api import expect

from puente.workforce.models import Attendance
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD
from tests.workforce.conftest import enrol, make_cohort

pytestmark = pytest.mark.browser


@pytest.fixture
def tablet(browser, live_server):
    context = browser.new_context(
        viewport={"width": 820, "height": 1180}, locale="en-GB", base_url=live_server.url
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_a_trainer_takes_attendance_on_a_tablet(tablet, live_world):
    cohort = make_cohort(live_world)
    trainees = [enrol(live_world, cohort) for _ in range(3)]
    codes = [t.candidate.code for t in trainees]
    page = tablet
    sign_in(page, "trainer", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Training")
    page.get_by_role("link", name=cohort.name).click()
    page.get_by_role("link", name="Take attendance").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Attendance")
    for code, status in zip(codes, ["Present", "Absent", "Excused"], strict=True):
        row = page.get_by_role("group", name=code)
        toggle = row.get_by_text(status, exact=True)
        box = toggle.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44
        toggle.click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 820
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_role("status")).to_contain_text("Attendance saved.")
    session = cohort.sessions.order_by("held_on").first()
    saved = dict(
        Attendance.objects.filter(session=session).values_list("enrollment__candidate__code", "status")
    )
    assert saved == dict(zip(codes, ["present", "absent", "excused"], strict=True))
