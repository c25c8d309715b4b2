"""A joint display as a Word document (python-docx) and a spreadsheet (openpyxl)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from puente.integration.assembly import DisplayView, RowView


def _result_text(row: RowView) -> str:
    if not row.found:
        return _("This result is no longer in the evaluation.")
    r = row.result or {}
    if r.get("error"):
        return str(r["error"])
    return _(
        "%(before)s: %(mean_before)s → %(after)s: %(mean_after)s; change %(change)s; %(test)s, p = %(p)s; %(effect)s; n = %(n)s"  # noqa: E501
    ) % {
        "before": row.levels[0],
        "after": row.levels[1],
        "mean_before": row.means[0],
        "mean_after": row.means[1],
        "change": r.get("change", ""),
        "test": r.get("test", ""),
        "p": r.get("p", ""),
        "effect": r.get("effect", ""),
        "n": r.get("n", ""),
    }


def _quotes_text(row: RowView) -> str:
    lines = [f"{q.respondent} ({q.code}): “{q.text}”" for q in row.quotes]
    return "\n".join(lines) or _("No coded quotations from these people.")


def _headers() -> list[str]:
    return [
        _("Group"),
        _("Outcome"),
        _("Quantitative result"),
        _("Codes"),
        _("Quotations"),
        _("Meta-inference"),
        _("Note"),
    ]


def _cells(row: RowView) -> list[str]:
    return [
        row.group,
        row.outcome,
        _result_text(row),
        ", ".join(row.codes),
        _quotes_text(row),
        row.inference_label,
        row.row.note,
    ]


def to_xlsx(view: DisplayView) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("Joint display")[:31]
    sheet.append(_headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in view.rows:
        sheet.append(_cells(row))
    for column, width in zip("ABCDEFG", (18, 22, 40, 24, 70, 14, 40), strict=True):
        sheet.column_dimensions[column].width = width
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    methods = book.create_sheet(_("Methods")[:31])
    methods.append([view.methods])
    book.properties.title = view.display.title
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_docx(view: DisplayView) -> bytes:
    import docx

    document = docx.Document()
    document.core_properties.title = view.display.title
    document.add_heading(view.display.title, level=1)
    document.add_paragraph(view.methods)
    table = document.add_table(rows=1, cols=7)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, _headers(), strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in view.rows:
        for cell, text in zip(table.add_row().cells, _cells(row), strict=True):
            cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
