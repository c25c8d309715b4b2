"""Inter-coder agreement between two coders of a project, from the pure agreement module."""

from __future__ import annotations

from collections import defaultdict

from puente.qualitative.agreement import AgreementReport, compare_coders
from puente.qualitative.models import Coding, Project, ProjectMember

from .coding import document_lengths
from .projects import code_tree


def code_labels(project: Project) -> dict[int, str]:
    """Code id -> its path ("Parent > Child"), unique enough to name a code in a report."""
    labels: dict[int, str] = {}
    trail: list[str] = []
    for code, depth in code_tree(project):
        trail[depth:] = [code.name]
        labels[code.pk] = " > ".join(trail)
    return labels


def agreement(
    project: Project, coder_a: ProjectMember, coder_b: ProjectMember, *, document_ids: list[int] | None = None
) -> AgreementReport:
    lengths = document_lengths(project)
    if document_ids is not None:
        lengths = {d: n for d, n in lengths.items() if d in document_ids}
    spans: dict[int, dict[int, list[tuple[int, int, int]]]] = {
        coder_a.pk: defaultdict(list),
        coder_b.pk: defaultdict(list),
    }
    rows = Coding.objects.filter(
        project=project,
        coder__in=[coder_a, coder_b],
        agreed=False,
        retired_at__isnull=True,
        document_id__in=list(lengths),
    ).values_list("coder_id", "document_id", "code_id", "start", "end")
    for coder_id, doc, code, start, end in rows.iterator(chunk_size=20000):
        spans[coder_id][doc].append((code, start, end))
    return compare_coders(lengths, spans[coder_a.pk], spans[coder_b.pk])


def agreement_json(project: Project, report: AgreementReport) -> dict:
    """The shape `puente qda agreement --json` prints and the page shows."""
    labels = code_labels(project)
    keys = ("both", "a_only", "b_only", "neither", "percent_agreement", "cohen_kappa", "krippendorff_alpha")
    overall = report.overall.to_dict()
    return {
        "units": report.units,
        "overall": {
            **{k: overall[k] for k in keys},
            "method": overall["method"],
            "documents": report.documents,
            "characters": report.characters,
        },
        "per_code": [
            {"code": labels.get(item.code, str(item.code)), **{k: getattr(item, k) for k in keys}}
            for item in sorted(report.per_code, key=lambda c: labels.get(c.code, ""))
        ],
    }
