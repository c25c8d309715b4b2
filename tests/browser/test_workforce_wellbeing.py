from __future__ import annotations

import pytest
from playwright.sync_api import expect

from puente.workforce.models import CheckIn, WellbeingAlert
from puente.workforce.services import wellbeing
from tests.browser.conftest import open_from_menu, sign_in
from tests.conftest import PASSWORD
from tests.workforce.conftest import ensure_supervision

pytestmark = pytest.mark.browser


def test_a_psw_completes_a_check_in_on_a_phone(page, live_world):
    ensure_supervision(live_world)
    sign_in(page, "psw", PASSWORD)
    page.get_by_role("link", name="My work").click()
    page.get_by_role("link", name="Check in", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("How are you doing?")
    for question, answer in [
        ("How stressed have you felt?", "2"),
        ("How heavy has your workload been?", "3"),
        ("How have you slept?", "4"),
        ("How supported have you felt?", "5"),
    ]:
        page.get_by_role("group", name=question).get_by_text(answer, exact=True).click()
    page.get_by_label("Anything you want your supervisor to know").fill("A good week.")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name="Send my check-in").click()
    expect(page.get_by_role("status")).to_contain_text("Thank you for checking in.")
    expect(page.get_by_role("heading", level=1)).to_have_text("My wellbeing")
    check_in = CheckIn.objects.get(worker=live_world.psw)
    assert (check_in.stress, check_in.workload, check_in.sleep, check_in.support) == (2, 3, 4, 5)
    assert check_in.comment == "A good week."


def test_a_supervisor_receives_and_acknowledges_a_wellbeing_alert(page, live_world):
    ensure_supervision(live_world)
    wellbeing.do_check_in(actor=live_world.psw, stress=5, workload=5, sleep=1, support=2)
    sign_in(page, "coord", PASSWORD)
    open_from_menu(page, "Workforce", "Wellbeing alerts")
    card = page.locator(".alert-card").filter(has_text=str(live_world.psw))
    expect(card).to_contain_text("Check-ins show rising strain")
    card.get_by_role("link", name="Acknowledge").click()
    page.get_by_label("What you did or agreed").fill("Met today; agreed two lighter weeks.")
    page.get_by_role("button", name="Acknowledge").click()
    expect(page.get_by_role("status")).to_contain_text("Alert acknowledged.")
    expect(page.get_by_text("No open alerts.")).to_be_visible()
    alert = WellbeingAlert.objects.get()
    assert alert.acknowledged_by == live_world.coordinator
    assert alert.response_note == "Met today; agreed two lighter weeks."
