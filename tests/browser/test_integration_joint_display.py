"""Mixed methods in Chromium: on the demo's Catalan programme, a researcher adds a joint-display row,
records its meta-inference, renders the evaluation report and finds the row in the PDF."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import expect

from puente.cli import main
from puente.demo import loader
from puente.integration.demo import DISPLAY_TITLE
from puente.integration.models import JointDisplay, JointDisplayRow
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

NOTE = "Meaningful activity rose after the training; the PSWs speak of new confidence."


def test_a_researcher_builds_a_row_and_finds_it_in_the_pdf_report(page, transactional_db, tmp_path):
    loader.load_demo()
    display = JointDisplay.objects.get(title=DISPLAY_TITLE)
    sign_in(page, "researcher", loader.DEMO_PASSWORD)
    page.goto("/integration/")
    page.get_by_role("link", name=DISPLAY_TITLE).click()
    expect(page.get_by_role("heading", name=DISPLAY_TITLE)).to_be_visible()
    expect(page.get_by_text("Meta-inference: Diverges")).to_be_visible()

    result = page.get_by_label("Quantitative result")
    value = result.locator("option", has_text="EMAS").first.get_attribute("value")
    result.select_option(value)
    page.get_by_label("Apoderament").check()
    page.get_by_role("button", name="Add the row").click()
    expect(page.get_by_text("Row added.")).to_be_visible()
    row = JointDisplayRow.objects.filter(display=display).order_by("-pk").first()
    assert row.comparison_key == value
    card = page.locator(f"#row-{row.pk}")
    expect(card.get_by_role("heading", level=2)).to_contain_text("EMAS")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    card.get_by_role("link", name="Edit codes and meta-inference").click()
    page.get_by_label("Meta-inference").select_option("expands")
    page.get_by_label("Note").fill(NOTE)
    page.get_by_role("button", name="Save the row").click()
    expect(page.locator(f"#row-{row.pk}")).to_contain_text("Meta-inference: Expands")

    page.goto(f"/evaluation/{display.evaluation_id}/")
    page.get_by_label("Language of the report").select_option("en")
    page.get_by_role("button", name="Render the report (HTML and PDF)").click()
    expect(page.get_by_role("heading", name="Report")).to_be_visible()
    assert main(["worker", "--batch"]) == 0
    download_link = page.get_by_role("link", name="Download the PDF")
    expect(download_link).to_be_visible(timeout=20_000)
    with page.expect_download() as pdf_download:
        download_link.click()
    pdf_path = tmp_path / "report.pdf"
    pdf_download.value.save_as(pdf_path)

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf_path.read_bytes()))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert f"Joint display: {DISPLAY_TITLE}" in text
    assert "Meaningful activity rose after the training" in text
    assert "Expands" in text and "Diverges" in text and "Converges" in text
    assert "convergent parallel design" in text
