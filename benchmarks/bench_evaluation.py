"""Full evaluation benchmark: every programme in the database, all its groups, instruments, time points
and tests, then the PDF report of the largest one.

.venv/bin/python -m puente manage shell -c "from benchmarks.bench_evaluation import run; print(run())"
"""

from __future__ import annotations

import time


class _RollBack(Exception):
    pass


def run() -> dict:
    from django.db import transaction

    from puente.accounts.models import User
    from puente.analysis.data import evaluation_data
    from puente.analysis.engine import run_evaluation
    from puente.analysis.models import Evaluation
    from puente.analysis.report import render_fragment, render_pdf
    from puente.analysis.selectors import full_options
    from puente.programs.models import Programme

    started = time.perf_counter()
    results = []
    for programme in Programme.objects.filter(retired_at__isnull=True).order_by("pk"):
        options = full_options(programme)
        if len(options.time_points) < 2 or not options.groups:
            continue
        data = evaluation_data(
            None,
            programme,
            groups=options.groups,
            instruments=options.instruments,
            time_points=options.time_points,
            all_sites=True,
        )
        results.append((len(data.scores), programme, run_evaluation(data, options)))
    seconds = time.perf_counter() - started
    pdf_seconds = 0.0
    if results:
        _size, programme, largest = max(results, key=lambda item: item[0])
        # Reports are rendered for saved evaluations: save one for the rendering, then roll it back.
        author = (
            User.objects.filter(username="synth-researcher").first() or User.objects.order_by("pk").first()
        )
        try:
            with transaction.atomic():
                pdf_started = time.perf_counter()
                evaluation = Evaluation.objects.create(
                    programme=programme, title=f"Evaluation of {programme.name}", created_by=author
                )
                render_pdf(evaluation, render_fragment(evaluation, largest))
                pdf_seconds = time.perf_counter() - pdf_started
                raise _RollBack
        except _RollBack:
            pass
    return {
        "seconds": round(seconds, 3),
        "pdf_seconds": round(pdf_seconds, 3),
        "programmes": len(results),
        "observations": int(sum(size for size, _p, _r in results)),
        "comparisons": int(sum(len(r.comparisons()) for _s, _p, r in results)),
    }


if __name__ == "__main__":
    from puente.cli import setup_django

    setup_django()
    from benchmarks.common import emit

    emit(run())
