"""Reads for the evaluation pages, scoped to the requesting user (404 outside scope)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from puente.accounts.models import User
from puente.accounts.selectors import site_ids_for
from puente.analysis.data import EVALUATION_ROLES, evaluation_data, programmes_for
from puente.analysis.engine import EvaluationResult, run_evaluation
from puente.analysis.models import Evaluation, Report
from puente.analysis.options import EvaluationOptions
from puente.programs.models import Programme


def get_programme(user: User, pk: int | str | None) -> Programme:
    programme = programmes_for(user).filter(pk=pk).first() if str(pk or "").isdigit() else None
    if programme is None:
        raise Http404
    return programme


def evaluations_for(user: User) -> QuerySet[Evaluation]:
    return (
        Evaluation.objects.filter(programme__in=programmes_for(user), retired_at__isnull=True)
        .select_related("programme", "created_by")
        .order_by("-created_at", "pk")
    )


def get_evaluation(user: User, pk: int) -> Evaluation:
    evaluation = evaluations_for(user).filter(pk=pk).first()
    if evaluation is None:
        raise Http404
    return evaluation


def _may_read(user: User, report: Report) -> bool:
    # A report holds the data of the requester's sites: only people who see all of them may open it.
    return report.requested_by_id == user.pk or set(report.site_ids) <= site_ids_for(user, EVALUATION_ROLES)


def reports_of(user: User, evaluation: Evaluation) -> list[Report]:
    reports = Report.objects.filter(evaluation=evaluation).defer("html", "pdf").select_related("requested_by")
    return [r for r in reports[:20] if _may_read(user, r)]


def get_report(user: User, pk: int, *, with_content: bool = False) -> Report:
    queryset = Report.objects.filter(pk=pk, evaluation__in=evaluations_for(user)).select_related("evaluation")
    if not with_content:
        queryset = queryset.defer("html", "pdf")
    report = queryset.first()
    if report is None or not _may_read(user, report):
        raise Http404
    return report


def compute(user: User, programme: Programme, options: EvaluationOptions) -> EvaluationResult:
    """Run the evaluation on the data the user may analyse."""
    data = evaluation_data(
        user,
        programme,
        groups=options.groups,
        instruments=options.instruments,
        time_points=options.time_points,
        score_set=options.scores,
    )
    return run_evaluation(data, options)


def full_options(programme: Programme) -> EvaluationOptions:
    """Everything the programme's schedule measures: all groups, instruments and time points."""
    from puente.analysis.data import schedule_choices

    choices = schedule_choices(programme)
    return EvaluationOptions(
        groups=tuple(choices["groups"]),
        split_by_arm=programme.is_trial,
        instruments=tuple(code for code, _a in choices["instruments"]),
        time_points=tuple(choices["time_points"]),
    )
