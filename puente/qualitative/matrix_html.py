"""The body of the framework matrix as HTML, built directly in Python.

At 500 cases x 70 codes the matrix has 35,000 cells; the template engine needs seconds for that, plain
string building a fraction of one. Every value is escaped here (html.escape, as Django's escape does);
the result is marked safe.
"""

from __future__ import annotations

from html import escape

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from puente.qualitative.selectors.matrix import Matrix


def render_rows(matrix: Matrix, project_pk: int, *, can_code: bool, query: str) -> SafeString:
    prefix = reverse("qda_matrix_cell", kwargs={"pk": project_pk, "case": 1, "code": 1})[: -len("1/1/")]
    edit, label = escape(gettext("Edit")), gettext("Edit summary: %(case)s, %(code)s")
    counts: dict[int, str] = {}
    codes = [(code.pk, code.name) for code in matrix.codes]
    suffix = f"?{escape(query)}" if query else ""
    out: list[str] = []
    add = out.append
    for row in matrix.rows:
        case_pk, case_name = row.case.pk, row.case.name
        add(f'<tr id="case-{case_pk}"><th scope="row">{escape(case_name)}</th>')
        add("".join(f"<td>{escape(v)}</td>" for v in row.values))
        for cell, (code_pk, code_name) in zip(row.cells, codes, strict=True):
            add("<td>")
            if cell.summary:
                add(f"<p>{escape(cell.summary).replace(chr(10), '<br>')}</p>")
            n = len(cell.quotes)
            if n:
                if n not in counts:
                    counts[n] = escape(ngettext("%(n)s quotation", "%(n)s quotations", n) % {"n": n})
                add(f'<details class="quotes"><summary><span class="count">{counts[n]}</span></summary><ul>')
                add(
                    "".join(
                        f'<li>“{escape(q.text)}” <span class="meta">{escape(q.document_title)}, '
                        f"{escape(q.coder)}</span></li>"
                        for q in cell.quotes
                    )
                )
                add("</ul></details>")
            if can_code:
                aria = escape(label % {"case": case_name, "code": code_name})
                add(f'<a href="{prefix}{case_pk}/{code_pk}/{suffix}" aria-label="{aria}">{edit}</a>')
            add("</td>")
        add("</tr>")
    return mark_safe("".join(out))
