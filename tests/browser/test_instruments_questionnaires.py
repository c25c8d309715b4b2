"""Questionnaires in Chromium: a self-report link on a phone in Portuguese; staff entry and a correction."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from puente.instruments.models import Administration
from puente.instruments.services.links import do_create_link
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD
from tests.instruments.conftest import make_programme, plan_service_user, schedule

pytestmark = pytest.mark.browser

PT_FIRST_ITEM = "Na maior parte dos aspetos, a minha vida está próxima do meu ideal."
PT_LAST_ITEM = "Se pudesse viver a minha vida de novo, não mudaria quase nada."


def swls_for(world, participant) -> Administration:
    programme = make_programme(world)
    schedule(world, programme, "swls")
    return plan_service_user(world, programme, participant).administrations.get()


def test_a_service_user_completes_a_self_report_link_on_a_phone_in_portuguese(page, live_world):
    administration = swls_for(live_world, live_world.far_participant)  # Rio: Portuguese
    _link, token = do_create_link(actor=live_world.admin, administration=administration)
    page.goto(f"/instruments/r/{token}/")
    expect(page.locator("html")).to_have_attribute("lang", "pt")
    expect(page.get_by_role("group", name=re.compile(re.escape(PT_FIRST_ITEM)))).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    for value in (6, 5, 6, 4):
        page.get_by_role("radio", name=re.compile(rf"^{value} ")).check()
        page.locator("button[name=action][value=next]").click()
    expect(page.get_by_role("group", name=re.compile(re.escape(PT_LAST_ITEM)))).to_be_visible()
    # Progress is saved on every step.
    administration.refresh_from_db()
    assert administration.answers == {"swls_1": 6, "swls_2": 5, "swls_3": 6, "swls_4": 4}
    page.get_by_role("radio", name=re.compile(r"^3 ")).check()
    page.locator("button[name=action][value=finish]").click()
    expect(page.get_by_role("status")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "pt")
    administration.refresh_from_db()
    assert administration.status == "completed" and administration.mode == "self_report"
    assert administration.scores["values"]["total"] == 24
    # The link works once.
    response = page.goto(f"/instruments/r/{token}/")
    assert response.status == 410
    expect(page.get_by_role("alert")).to_be_visible()


def test_staff_enter_a_questionnaire_and_correct_one_answer_with_a_reason(page, live_world):
    administration = swls_for(live_world, live_world.own_participant)
    page.set_viewport_size({"width": 1280, "height": 900})  # at a desk: the grid
    sign_in(page, "dataentry", PASSWORD)
    page.goto(f"/instruments/administrations/{administration.pk}/enter/")
    expect(page.get_by_role("group", name=re.compile("mi vida se acerca a mi ideal"))).to_be_visible()
    for item, value in (("swls_1", 5), ("swls_2", 4), ("swls_3", 6), ("swls_4", 5), ("swls_5", 3)):
        page.locator(f'input[name="answer-{item}"][value="{value}"]').check()
    page.get_by_role("button", name="Save questionnaire").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("SWLS T1")
    expect(page.get_by_role("row", name=re.compile("Total score"))).to_contain_text("23")
    page.get_by_role("link", name="Correct answers").click()
    page.locator('input[name="answer-swls_5"][value="7"]').check()
    page.get_by_role("button", name="Save the correction").click()
    expect(page.get_by_role("alert")).to_contain_text("Give a reason")
    page.get_by_label("Reason for the change").fill("The paper form says 7.")
    page.get_by_role("button", name="Save the correction").click()
    expect(page.get_by_role("row", name=re.compile("Total score"))).to_contain_text("27")
    expect(page.get_by_text("The paper form says 7.")).to_be_visible()
    administration.refresh_from_db()
    assert administration.answers["swls_5"] == 7
    assert list(administration.history.values_list("previous", flat=True).order_by("number")) == [
        {f"swls_{n}": None for n in range(1, 6)},
        {"swls_5": 3},
    ]


def test_on_a_phone_the_entry_form_shows_one_question_at_a_time(page, live_world):
    administration = swls_for(live_world, live_world.own_participant)
    sign_in(page, "psw", PASSWORD)
    page.goto(f"/instruments/administrations/{administration.pk}/enter/")
    expect(page.locator(".question:visible")).to_have_count(1)
    page.locator('input[name="answer-swls_1"][value="4"]').check()
    # Answering moves to the next question.
    expect(page.get_by_role("group", name=re.compile("condiciones de mi vida"))).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
