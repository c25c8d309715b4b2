"""The evaluation report: an HTML fragment (shown inside the site's page) and a PDF made by WeasyPrint."""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from puente.analysis.engine import EvaluationResult
from puente.analysis.models import Evaluation
from puente.analysis.presentation import report_context

REPORT_CSS = Path(__file__).resolve().parent / "static" / "analysis" / "report_print.css"


def render_fragment(evaluation: Evaluation, result: EvaluationResult) -> str:
    context = {**report_context(result), "evaluation": evaluation, "generated_at": timezone.now()}
    return render_to_string("analysis/report_body.html", context)


def render_pdf(evaluation: Evaluation, fragment: str) -> bytes:
    from weasyprint import CSS, HTML

    document = render_to_string(
        "analysis/report_document.html",
        {"evaluation": evaluation, "fragment": fragment, "language": get_language()},
    )
    return HTML(string=document).write_pdf(stylesheets=[CSS(filename=str(REPORT_CSS))])
