"""What the evaluation report shows of mixed-methods integration: each joint display of the evaluation
and its methods paragraph. ``puente.analysis.report`` asks every installed app for such sections."""

from __future__ import annotations

from django.template.loader import render_to_string

from puente.analysis.engine import EvaluationResult
from puente.analysis.models import Evaluation
from puente.integration import assembly, selectors


def sections_for(evaluation: Evaluation, result: EvaluationResult) -> list[str]:
    """HTML sections, built from the results the report already computed (scoped like them)."""
    if evaluation.pk is None:  # an evaluation being tried out before it is saved has no displays yet
        return []
    views = [
        assembly.build(display, selectors.live_rows(display), result)
        for display in selectors.displays_of_evaluation(evaluation, result.data.site_ids)
    ]
    if not views:
        return []
    return [render_to_string("integration/report_section.html", {"views": views})]
