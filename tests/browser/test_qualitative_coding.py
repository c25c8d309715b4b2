"""The coding workspace in a real Chromium: keyboard coding, independent coders, the framework matrix."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from puente.qualitative.models import Coding, MatrixCell
from puente.qualitative.services import coding
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD
from tests.qualitative.conftest import build_qda, span_of

pytestmark = pytest.mark.browser


def workspace_url(qda) -> str:
    return f"/qualitative/{qda.project.pk}/documents/{qda.document.pk}/"


def test_a_coder_codes_a_passage_with_the_keyboard(page, live_world):
    qda = build_qda(live_world)
    sign_in(page, "researcher", PASSWORD)
    page.goto(workspace_url(qda))
    text = page.locator("#doc-text")
    text.focus()
    for _ in range(5):  # sentence by sentence down to the last answer
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Shift+ArrowDown")
    expect(page.locator("#code-btn")).to_be_enabled()
    page.keyboard.press("c")
    picker = page.get_by_role("dialog", name="Apply codes")
    expect(picker).to_be_visible()
    page.get_by_role("combobox", name="Find a code").fill("love")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="Coded with Love labour")).to_be_visible()
    item = Coding.objects.get(code__name="Love labour")
    assert qda.document.text[item.start : item.end] == (
        "P7: Él también estuvo hospitalizado 🙂. Cuando me lo dijo dejé de sentirme el raro."
    )
    expect(page.locator(".margin .coding").filter(has_text="Love labour")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_mouse_selection_after_an_emoji_is_counted_in_code_points(page, live_world):
    qda = build_qda(live_world)
    sign_in(page, "researcher", PASSWORD)
    page.goto(workspace_url(qda))
    # Select from just after the emoji (UTF-16 offsets differ from code points there) into the next
    # sentence, as a mouse would.
    page.evaluate(
        """() => {
        const segs = Array.from(document.querySelectorAll('#doc-text .seg'));
        const first = segs.find(s => s.textContent.includes('🙂')).firstChild;
        const second = segs.find(s => s.textContent.startsWith('Cuando')).firstChild;
        const after = first.data.indexOf('🙂') + 2;
        window.getSelection().setBaseAndExtent(first, after, second, 'Cuando me lo dijo'.length);
    }"""
    )
    page.get_by_role("button", name="Code selection (C)").click()
    page.keyboard.press("ArrowDown")  # second code in the list
    page.keyboard.press(" ")  # tick it
    page.get_by_role("option", name="The helper role").click()  # and tick another with the mouse
    page.get_by_role("button", name="Apply", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Coded with")).to_be_visible()
    quotes = {qda.document.text[c.start : c.end] for c in Coding.objects.all()}
    assert quotes == {". Cuando me lo dijo"} and Coding.objects.count() == 2


def test_two_coders_code_independently_then_the_team_compares(page, live_world):
    qda = build_qda(live_world)
    text = qda.document.text
    s, e = span_of(text, "Me acompañó al banco y después tomamos un café en la plaza.")
    coding.do_set_independent_coding(actor=live_world.researcher, project=qda.project, independent=True)
    coding.do_code_selection(
        actor=live_world.researcher,
        document=qda.document,
        start=s,
        end=e,
        codes=[qda.codes["Strengths-based social and practical support"]],
    )

    sign_in(page, "coord", PASSWORD)
    page.goto(workspace_url(qda))
    expect(page.get_by_text("Independent coding: you see only your own codings.")).to_be_visible()
    expect(page.locator(".margin .coding")).to_have_count(0)  # the lead's coding is hidden
    page.locator("#doc-text").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # "P7: Me acompañó ... plaza. "
    page.keyboard.press("c")
    page.get_by_role("combobox", name="Find a code").fill("lived")
    page.keyboard.press("Enter")
    expect(page.locator(".margin .coding")).to_have_count(1)
    expect(page.locator(".margin .coding")).to_contain_text("Use of lived experience")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "researcher", PASSWORD)
    page.goto(f"/qualitative/{qda.project.pk}/")
    page.get_by_role("button", name="End independent coding and compare").click()
    page.get_by_role("link", name="Compare coders").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Compare coders")
    expect(page.locator(".compare section")).to_have_count(2)
    lead_column = page.get_by_role("region", name="Researcher Tester")
    coder_column = page.get_by_role("region", name="Coord Tester")
    expect(lead_column).to_contain_text("Strengths-based social and practical support")
    expect(coder_column).to_contain_text("Use of lived experience")
    expect(page.locator(".compare li.unmatched")).to_have_count(2)
    lead_column.get_by_role("button", name="Accept into agreed version").click()
    page.get_by_role("button", name="Use the agreed version in the analysis").click()
    expect(page.get_by_text("The analysis uses the agreed version of this document.")).to_be_visible()
    agreed = Coding.objects.get(agreed=True)
    assert agreed.code.name == "Strengths-based social and practical support"


def test_a_coder_edits_a_framework_matrix_cell(page, live_world):
    qda = build_qda(live_world)
    s, e = span_of(qda.document.text, "Cuando me lo dijo dejé de sentirme el raro.")
    coding.do_code_selection(
        actor=live_world.coordinator, document=qda.document, start=s, end=e, codes=[qda.codes["Love labour"]]
    )
    sign_in(page, "coord", PASSWORD)
    page.goto(f"/qualitative/{qda.project.pk}/matrix/")
    expect(page.get_by_role("row", name="SCL-001")).to_contain_text("1 quotation")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("link", name="Edit summary: SCL-001, Love labour").click()
    expect(page.get_by_text("dejé de sentirme el raro")).to_be_visible()
    page.get_by_label("Summary").fill(
        "Se siente aceptado; la confianza crece cuando el par comparte su historia."
    )
    page.get_by_role("button", name="Save summary").click()
    expect(page.get_by_role("row", name="SCL-001")).to_contain_text("Se siente aceptado")
    assert MatrixCell.objects.get(code__name="Love labour").summary.startswith("Se siente aceptado")
