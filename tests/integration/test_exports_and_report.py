"""The joint display leaves as DOCX and XLSX (audited) and appears in the evaluation report (HTML, PDF)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from puente.analysis import report as rendering
from puente.analysis import selectors as analysis
from puente.analysis.options import EvaluationOptions
from puente.audit.models import AuditEvent
from puente.integration import services
from tests.conftest import client_for
from tests.integration.conftest import LINES, SWLS_T2_T3


@pytest.fixture
def with_row(world, mixed):
    row = services.do_add_row(
        actor=world.researcher,
        display=mixed.display,
        comparison_key=SWLS_T2_T3,
        codes=[mixed.codes["nerves"]],
        meta_inference="converges",
        note="Nerves and stress explain the fall in life satisfaction.",
    )
    return mixed, row


def test_the_display_exports_to_a_word_document(world, with_row):
    mixed, _row = with_row
    response = client_for(world.researcher).get(
        reverse("integration_export", kwargs={"pk": mixed.display.pk, "fmt": "docx"})
    )
    assert response.status_code == 200
    import docx

    document = docx.Document(io.BytesIO(response.content))
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells][:3] == ["Group", "Outcome", "Quantitative result"]
    cells = [c.text for c in table.rows[1].cells]
    assert cells[0] == "Peer support workers" and "SWLS" in cells[1]
    assert "paired t test" in cells[2] or "Wilcoxon" in cells[2]
    assert LINES["nerves"] in cells[4] and "PSW-01" in cells[4]
    assert cells[5] == "Converges" and cells[6].startswith("Nerves and stress")
    assert "convergent parallel design" in document.paragraphs[1].text
    event = AuditEvent.objects.get(action="joint_display.export")
    assert event.after == {"format": "docx"} and event.actor_id == world.researcher.pk


def test_the_display_exports_to_a_spreadsheet(world, with_row):
    mixed, _row = with_row
    response = client_for(world.coordinator).get(
        reverse("integration_export", kwargs={"pk": mixed.display.pk, "fmt": "xlsx"})
    )
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Group" and len(rows) == 2
    assert LINES["nerves"] in rows[1][4] and rows[1][5] == "Converges"
    assert "Fisher" not in rows[1][2]
    assert "convergent parallel design" in book.worksheets[1]["A1"].value


def test_the_report_shows_the_joint_display_in_html_and_pdf(world, with_row):
    mixed, _row = with_row
    options = EvaluationOptions.from_dict(mixed.evaluation.options)
    result = analysis.compute(world.researcher, mixed.evaluation.programme, options)
    html = rendering.render_fragment(mixed.evaluation, result)
    assert "Joint display: Life satisfaction and what PSWs said" in html
    assert LINES["nerves"] in html and "Converges" in html and "convergent parallel design" in html
    pdf = rendering.render_pdf(mixed.evaluation, html)
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    flat = " ".join(text.split())
    assert "Joint display: Life satisfaction" in flat
    assert "Converges" in flat and "PSW-01" in flat


def test_a_retired_display_leaves_the_report(world, with_row):
    mixed, _row = with_row
    services.do_retire_display(actor=world.researcher, display=mixed.display, reason="Superseded")
    options = EvaluationOptions.from_dict(mixed.evaluation.options)
    result = analysis.compute(world.researcher, mixed.evaluation.programme, options)
    assert "Joint display" not in rendering.render_fragment(mixed.evaluation, result)
