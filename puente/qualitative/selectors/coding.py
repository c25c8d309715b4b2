"""Codings as the workspace, the comparison view and the analysis see them."""

from __future__ import annotations

from django.db.models import F, Q, QuerySet
from django.db.models.functions import Length, Substr

from puente.qualitative.models import Coding, Document, Memo, Project, ProjectMember, SpeakerTurn

from .consent import consented_codings, consented_documents


def analysis_layer() -> Q:
    """The codings an analysis counts: a reconciled document's agreed version, else every coder's;
    never on a document left out for research consent."""
    return (
        Q(retired_at__isnull=True, document__retired_at__isnull=True)
        & (
            Q(agreed=True, document__reconciled_at__isnull=False)
            | Q(agreed=False, document__reconciled_at__isnull=True)
        )
        & consented_codings()
    )


def with_quote(queryset: QuerySet[Coding]) -> QuerySet[Coding]:
    """Adds `quote`: the coded text, cut out by the database so whole documents are not loaded."""
    return queryset.annotate(quote=Substr("document__text", F("start") + 1, F("end") - F("start")))


def workspace_codings(project: Project, document: Document, member: ProjectMember | None) -> list[Coding]:
    """In independent mode a coder sees only their own codings; otherwise everyone's and the agreed ones."""
    queryset = document.codings.filter(retired_at__isnull=True).select_related("code", "coder")
    if project.independent_coding:
        queryset = queryset.filter(coder=member, agreed=False) if member else queryset.none()
    return list(queryset.order_by("start", "end", "pk"))


def coder_codings(document: Document, coder: ProjectMember | None, *, agreed: bool = False) -> list[Coding]:
    queryset = document.codings.filter(retired_at__isnull=True, agreed=agreed).select_related("code", "coder")
    if not agreed:
        queryset = queryset.filter(coder=coder)
    return list(queryset.order_by("start", "end", "code__name", "pk"))


def get_coding(project: Project, pk: int) -> Coding | None:
    return project.codings.filter(pk=pk).select_related("document", "code", "coder", "project").first()


def document_memos(document: Document) -> QuerySet[Memo]:
    return document.memos.filter(retired_at__isnull=True).order_by("start", "pk")


def turns(document: Document) -> QuerySet[SpeakerTurn]:
    return document.turns.order_by("start")


def document_lengths(project: Project) -> dict[int, int]:
    """Lengths of the documents agreement is computed over (left-out documents are not)."""
    rows = consented_documents(project).filter(text_available=True).annotate(n=Length("text"))
    return dict(rows.values_list("pk", "n"))
