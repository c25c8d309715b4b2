"""Framework matrix exports: XLSX (openpyxl), DOCX (python-docx) and a standalone HTML page."""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from puente.qualitative.selectors.consent import left_out_message
from puente.qualitative.selectors.matrix import Matrix

MAX_QUOTES = 20


def _quotes(cell) -> str:
    lines = [f"“{q.text.strip()}” ({q.document_title})" for q in cell.quotes[:MAX_QUOTES]]
    if len(cell.quotes) > MAX_QUOTES:
        lines.append(_("… and %(n)s more") % {"n": len(cell.quotes) - MAX_QUOTES})
    return "\n".join(lines)


def _cell_text(cell) -> str:
    head = cell.summary.strip()
    count = _("%(n)s quotations") % {"n": len(cell.quotes)}
    return "\n\n".join(part for part in (head, count, _quotes(cell)) if part)


def to_xlsx(matrix: Matrix, title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("Framework matrix")[:31]
    header = [_("Case"), *matrix.attribute_names, *[c.name for c in matrix.codes]]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in matrix.rows:
        sheet.append(
            [
                row.case.name,
                *[row.attributes.get(n, "") for n in matrix.attribute_names],
                *[_cell_text(c) for c in row.cells],
            ]
        )
    first_code = 2 + len(matrix.attribute_names)
    for column in sheet.iter_cols(min_col=first_code, max_col=len(header)):
        sheet.column_dimensions[column[0].column_letter].width = 50
        for cell in column[1:]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = sheet.cell(row=2, column=2)
    if matrix.left_out:
        sheet.append([])
        sheet.append([left_out_message(matrix.left_out)])
    out = io.BytesIO()
    book.properties.title = title
    book.save(out)
    return out.getvalue()


def to_docx(matrix: Matrix, title: str) -> bytes:
    import docx
    from docx.enum.section import WD_ORIENT

    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    document.add_heading(title, level=1)
    if matrix.left_out:
        document.add_paragraph(left_out_message(matrix.left_out))
    table = document.add_table(rows=1, cols=1 + len(matrix.codes))
    table.style = "Table Grid"
    table.rows[0].cells[0].text = _("Case")
    for i, code in enumerate(matrix.codes, start=1):
        table.rows[0].cells[i].text = code.name
    for row in matrix.rows:
        cells = table.add_row().cells
        attrs = "; ".join(
            f"{n}: {row.attributes[n]}" for n in matrix.attribute_names if row.attributes.get(n)
        )
        cells[0].text = row.case.name + (f"\n{attrs}" if attrs else "")
        for i, cell in enumerate(row.cells, start=1):
            cells[i].text = _cell_text(cell)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def to_html(matrix: Matrix, title: str) -> str:
    return render_to_string("qualitative/matrix_export.html", {"matrix": matrix, "title": title})
