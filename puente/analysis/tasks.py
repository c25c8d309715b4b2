"""Background rendering of evaluation reports (queue "reports", run by ``puente worker``)."""

from __future__ import annotations

import time
import traceback

from django.utils import timezone, translation
from django_tasks import task

from puente.analysis.models import Report, ReportStatus


def _progress(report_id: int, progress: int, stage: str, **fields: object) -> None:
    Report.objects.filter(pk=report_id).update(progress=progress, stage=stage, **fields)


@task(queue_name="reports")
def render_report(report_id: int) -> str:
    from puente.analysis import report as rendering
    from puente.analysis import selectors
    from puente.analysis.options import EvaluationOptions

    report = Report.objects.select_related("evaluation__programme", "requested_by").get(pk=report_id)
    _progress(report_id, 5, "data", status=ReportStatus.RUNNING, started_at=timezone.now())
    try:
        with translation.override(report.language):
            started = time.perf_counter()
            options = EvaluationOptions.from_dict(report.evaluation.options)
            result = selectors.compute(report.requested_by, report.evaluation.programme, options)
            _progress(report_id, 45, "html")
            html = rendering.render_fragment(report.evaluation, result)
            seconds = time.perf_counter() - started
            _progress(report_id, 65, "pdf")
            pdf_started = time.perf_counter()
            pdf = rendering.render_pdf(report.evaluation, html)
            pdf_seconds = time.perf_counter() - pdf_started
    except Exception as error:  # the page must say it failed rather than spin forever
        _progress(
            report_id,
            100,
            "failed",
            status=ReportStatus.FAILED,
            error=f"{error}\n{traceback.format_exc()}"[:4000],
            finished_at=timezone.now(),
        )
        raise
    _progress(
        report_id,
        100,
        "done",
        status=ReportStatus.DONE,
        html=html,
        pdf=pdf,
        seconds=seconds,
        pdf_seconds=pdf_seconds,
        finished_at=timezone.now(),
    )
    return "done"
