from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_a_wrong_password_is_refused_with_a_clear_message(page, live_world):
    sign_in(page, "psw", "not-the-password")
    expect(page.get_by_role("alert")).to_contain_text("do not match")
    expect(page).to_have_url(re.compile(r"/login/"))


def test_a_psw_signs_in_and_sees_their_caseload_on_a_phone(page, live_world):
    sign_in(page, "psw", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("My caseload today")
    expect(page.get_by_role("link", name="SCL-001")).to_be_visible()
    expect(page.get_by_text("SCL-002")).to_have_count(0)
    # Nothing sticks out sideways on a 390 px phone screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("link", name="SCL-001").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("SCL-001")


def test_a_coordinator_lands_on_the_overview_and_signs_out(page, live_world):
    sign_in(page, "coord", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Coordinator overview")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")


def test_the_language_switch_translates_the_page_and_is_remembered(page, live_world):
    sign_in(page, "psw", PASSWORD)
    page.get_by_label("Language").select_option("es")
    page.get_by_role("button", name="Change language").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mis casos de hoy")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.get_by_label("Idioma").select_option("pt")
    page.get_by_role("button", name="Cambiar idioma").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meus casos de hoje")
    live_world.psw.refresh_from_db()
    assert live_world.psw.language == "pt"
