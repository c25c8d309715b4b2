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
