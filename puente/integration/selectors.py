"""Joint displays, and what the builder offers, as the requesting user may see them (404 outside)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from puente.accounts.models import User
from puente.accounts.selectors import site_ids_for
from puente.analysis import selectors as analysis
from puente.analysis.engine import EvaluationResult
from puente.analysis.models import Evaluation
from puente.analysis.options import EvaluationOptions
from puente.integration.access import INTEGRATION_ROLES
from puente.integration.models import JointDisplay, JointDisplayRow
from puente.qualitative.models import Code, CodebookVersion, CodeGroup, Project


def displays_for(user: User) -> QuerySet[JointDisplay]:
    return (
        JointDisplay.objects.filter(
            site_id__in=site_ids_for(user, INTEGRATION_ROLES),
            retired_at__isnull=True,
            evaluation__retired_at__isnull=True,
            project__retired_at__isnull=True,
        )
        .select_related("evaluation__programme", "project", "codebook_version", "site")
        .order_by("title", "pk")
    )


def get_display(user: User, pk: int) -> JointDisplay:
    display = displays_for(user).filter(pk=pk).first()
    if display is None:
        raise Http404
    return display


def live_rows(display: JointDisplay) -> list[JointDisplayRow]:
    return list(
        JointDisplayRow.objects.filter(display=display, retired_at__isnull=True).order_by("position", "pk")
    )


def group_codes(project: Project) -> dict[int, set[int]]:
    """code group id -> the ids of its codes (one query)."""
    out: dict[int, set[int]] = {}
    links = CodeGroup.codes.through.objects.filter(codegroup__project=project).values_list(
        "codegroup_id", "code_id"
    )
    for group_id, code_id in links:
        out.setdefault(group_id, set()).add(code_id)
    return out


def codes_by_ids(project: Project, ids: list) -> list[Code]:
    return list(Code.objects.filter(project=project, pk__in=[int(i) for i in ids]))


def groups_by_ids(project: Project, ids: list) -> list[CodeGroup]:
    return list(CodeGroup.objects.filter(project=project, pk__in=[int(i) for i in ids]))


def get_row(display: JointDisplay, pk: int) -> JointDisplayRow:
    row = next((r for r in live_rows(display) if r.pk == pk), None)
    if row is None:
        raise Http404
    return row


def displays_of_evaluation(evaluation: Evaluation, site_ids: frozenset[int] | set[int]) -> list[JointDisplay]:
    """For the report: the evaluation's displays whose site the report's data cover."""
    return list(
        JointDisplay.objects.filter(
            evaluation=evaluation, site_id__in=list(site_ids), retired_at__isnull=True
        )
        .select_related("project", "codebook_version", "site")
        .order_by("title", "pk")
    )


def evaluations_for(user: User) -> QuerySet[Evaluation]:
    return analysis.evaluations_for(user)


def projects_for(user: User) -> QuerySet[Project]:
    """Qualitative projects held at a site where the user may integrate."""
    return (
        Project.objects.filter(sites__in=site_ids_for(user, INTEGRATION_ROLES), retired_at__isnull=True)
        .distinct()
        .order_by("name")
    )


def versions_for(user: User) -> QuerySet[CodebookVersion]:
    return (
        CodebookVersion.objects.filter(project__in=projects_for(user))
        .select_related("project")
        .order_by("project__name", "-number")
    )


def project_groups(project: Project) -> QuerySet[CodeGroup]:
    return CodeGroup.objects.filter(project=project).order_by("name", "pk")


def compute(user: User, display: JointDisplay) -> EvaluationResult:
    """The evaluation's results on the data the user may analyse (the analysis engine, not redone)."""
    evaluation = display.evaluation
    return analysis.compute(user, evaluation.programme, EvaluationOptions.from_dict(evaluation.options))
