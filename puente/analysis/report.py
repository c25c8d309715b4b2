"""The evaluation report: an HTML fragment (shown inside the site's page) and a PDF made by WeasyPrint."""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path

from django.apps import apps
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from puente.analysis.engine import EvaluationResult
from puente.analysis.models import Evaluation
from puente.analysis.presentation import report_context

REPORT_CSS = Path(__file__).resolve().parent / "static" / "analysis" / "report_print.css"


def extra_sections(evaluation: Evaluation, result: EvaluationResult) -> list[str]:
    """HTML sections other apps add to the report (e.g. mixed-methods joint displays): each installed
    Puente app may have ``report_sections.py`` with ``sections_for(evaluation, result) -> list[str]``."""
    sections: list[str] = []
    for config in apps.get_app_configs():
        name = f"{config.name}.report_sections"
        if config.name.startswith("puente.") and importlib.util.find_spec(name) is not None:
            sections += importlib.import_module(name).sections_for(evaluation, result)
    return sections


def render_fragment(evaluation: Evaluation, result: EvaluationResult) -> str:
    context = {
        **report_context(result),
        "evaluation": evaluation,
        "generated_at": timezone.now(),
        "extra_sections": extra_sections(evaluation, result),
    }
    return render_to_string("analysis/report_body.html", context)


def render_pdf(evaluation: Evaluation, fragment: str) -> bytes:
    from weasyprint import CSS, HTML

    document = render_to_string(
        "analysis/report_document.html",
        {"evaluation": evaluation, "fragment": fragment, "language": get_language()},
    )
    return HTML(string=document).write_pdf(stylesheets=[CSS(filename=str(REPORT_CSS))])
