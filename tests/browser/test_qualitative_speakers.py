"""Filtering codings by speaker with the keyboard alone, in the workspace and the coded-segments page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from puente.qualitative.services import coding
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD
from tests.qualitative.conftest import build_qda, span_of

pytestmark = pytest.mark.browser

QUESTION = "¿Cómo fue trabajar con su par?"
ANSWER = "Me acompañó al banco y después tomamos un café en la plaza."


def _code_both_speakers(world, qda) -> None:
    for fragment, name in ((QUESTION, "Love labour"), (ANSWER, "Use of lived experience")):
        start, end = span_of(qda.document.text, fragment)
        coding.do_code_selection(
            actor=world.researcher, document=qda.document, start=start, end=end, codes=[qda.codes[name]]
        )


def test_a_coder_filters_the_margin_by_speaker_with_the_keyboard(page, live_world):
    qda = build_qda(live_world)
    _code_both_speakers(live_world, qda)
    sign_in(page, "researcher", PASSWORD)
    page.goto(f"/qualitative/{qda.project.pk}/documents/{qda.document.pk}/")
    margin = page.locator(".margin .codings")
    expect(margin.locator(".coding")).to_have_count(2)
    speaker = page.get_by_label("Speaker", exact=True)
    speaker.focus()
    page.keyboard.press("ArrowDown")  # Every speaker -> Entrevistador -> P7
    page.keyboard.press("ArrowDown")
    expect(speaker).to_have_value("P7")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Filter")).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url("**speaker=P7**")
    expect(margin.locator(".coding")).to_have_count(1)
    expect(margin).to_contain_text("lived experience")
    expect(page.get_by_role("status").filter(has_text="1 of 2 codings fall on turns of P7.")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.get_by_role("link", name="All coded segments in the project").click()
    page.wait_for_url("**/segments/?speaker=P7")
    segments = page.locator(".segments .segment")
    expect(segments).to_have_count(1)
    expect(segments).to_contain_text(ANSWER)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
