"""Evaluation routes in the permission matrix: a programme at site A, an evaluation and a rendered report."""

from __future__ import annotations

from tests.matrix import expect

EVALUATORS = frozenset({"coordinator", "researcher", "admin"})

ROUTES: dict[str, dict[str, int]] = {
    "evaluation_list": expect(EVALUATORS),
    # Without a programme the builder sends people back to the list to pick one.
    "evaluation_build": expect(EVALUATORS, ok_status=302),
    "evaluation_detail": expect(EVALUATORS),
    "evaluation_plan": expect(EVALUATORS),
    "evaluation_export": expect(EVALUATORS),
    "report_request": expect(EVALUATORS, ok_status=302),
    "report_status": expect(EVALUATORS),
    "report_status_json": expect(EVALUATORS),
    "report_view": expect(EVALUATORS),
    "report_pdf": expect(EVALUATORS),
}


def make_evaluation(world):
    from puente.analysis.options import EvaluationOptions
    from puente.analysis.services import do_save_evaluation
    from puente.programs.models import Programme

    programme = Programme.objects.create(code="matrix-evaluation", name="Matrix", kind="custom")
    programme.sites.add(world.site_a)
    options = EvaluationOptions(groups=("psw",), instruments=("swls",), time_points=("T1", "T2"))
    return do_save_evaluation(actor=world.researcher, programme=programme, title="Matrix", options=options)


def make_report(world):
    from puente.analysis.models import Report, ReportStatus

    return Report.objects.create(
        evaluation=make_evaluation(world),
        language="en",
        requested_by=world.researcher,
        site_ids=[world.site_a.pk],
        status=ReportStatus.DONE,
        progress=100,
        html="<p>Report</p>",
        pdf=b"%PDF-1.4\n%%EOF\n",
    )


def url_kwargs(name: str, world) -> dict | None:
    if name in {"evaluation_detail", "evaluation_plan", "evaluation_export", "report_request"}:
        return {"pk": make_evaluation(world).pk}
    if name in {"report_status", "report_status_json", "report_view", "report_pdf"}:
        return {"pk": make_report(world).pk}
    return None
