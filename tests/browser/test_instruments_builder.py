"""The instrument builder in Chromium on a phone: three items, one reverse-keyed, then a scored answer."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from puente.instruments.models import Administration, Instrument
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD
from tests.instruments.conftest import make_programme, plan_service_user, schedule

pytestmark = pytest.mark.browser


def fill_item(page, index: int, item_id: str, label: str, *, scale: str | None = None, reverse=False):
    page.locator(f"#id_items-{index}-id").fill(item_id)
    page.locator(f"#id_items-{index}-label").fill(label)
    if scale:
        page.locator(f"#id_items-{index}-scale").select_option(scale)
    if reverse:
        page.locator(f"#id_items-{index}-reverse").check()


def test_a_researcher_builds_an_instrument_and_a_questionnaire_is_scored_with_it(page, live_world):
    sign_in(page, "researcher", PASSWORD)
    page.goto("/instruments/new/")
    page.locator("#id_code").fill("calm3")
    page.locator("#id_name").fill("Calm check")
    page.locator("#id_abbreviation").fill("CALM3")
    page.locator("#id_method").select_option("sum")
    fill_item(page, 0, "q1", "I felt calm")
    fill_item(page, 1, "q2", "I felt tense", reverse=True)
    # The third item is added in place by the builder's script, without sending the form.
    page.get_by_role("button", name="Add another item").click()
    expect(page.locator("#id_items-2-id")).to_be_focused()
    fill_item(page, 2, "q3", "I slept well", scale="custom")
    page.locator("#id_items-2-choices").fill("0, Never\n1, Sometimes\n2, Often")
    page.locator("#id_bands-0-score").fill("total")
    page.locator("#id_bands-0-min").fill("2")
    page.locator("#id_bands-0-label").fill("Low")
    page.get_by_role("button", name="Add a band").click()
    page.locator("#id_bands-1-score").fill("total")
    page.locator("#id_bands-1-min").fill("8")
    page.locator("#id_bands-1-label").fill("High")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name="Save instrument").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Calm check (CALM3)")
    expect(page.get_by_text("reverse-keyed")).to_have_count(1)
    definition = Instrument.objects.get(code="calm3").current.definition
    assert [item.get("reverse", False) for item in definition["items"]] == [False, True, False]

    programme = make_programme(live_world)
    schedule(live_world, programme, "calm3")
    respondent = plan_service_user(live_world, programme, live_world.own_participant)
    administration = Administration.objects.get(respondent=respondent)
    page.context.clear_cookies()
    sign_in(page, "dataentry", PASSWORD)
    page.goto(f"/instruments/administrations/{administration.pk}/enter/")
    # On a phone one question shows at a time; answering moves on to the next.
    for prompt, value in (("I felt calm", 4), ("I felt tense", 2), ("I slept well", 2)):
        group = page.get_by_role("group", name=re.compile(prompt))
        expect(group).to_be_visible()
        group.get_by_role("radio", name=re.compile(rf"^{value} ")).check()
    page.get_by_role("button", name="Save questionnaire").click()
    # 4 + (6 - 2) + 2 = 10: the reverse-keyed answer is turned round before summing.
    expect(page.get_by_role("row", name=re.compile("Total score"))).to_contain_text("10")
    expect(page.get_by_role("row", name=re.compile("Total score"))).to_contain_text("High")
    administration.refresh_from_db()
    assert administration.scores["values"]["total"] == 10
