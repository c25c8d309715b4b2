"""Memos as the memo pages show them: on one case or one code, or one memo to edit."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from puente.qualitative.models import Case, Code, MemberRole, Memo, Project, ProjectMember

from .consent import consented_memos


def project_memos(project: Project, limit: int = 200) -> list[Memo]:
    """The project's newest live memos on any subject (one query), without those on a document or
    case left out for research consent."""
    # The author is shown (as a fallback name) on every memo: joined here, not fetched per memo.
    queryset = consented_memos(project.memos.filter(retired_at__isnull=True)).select_related(
        "document", "case", "code", "author"
    )
    return list(queryset.defer("document__text", "document__refi_extra")[:limit])


def subject_memos(project: Project, *, case: Case | None = None, code: Code | None = None) -> QuerySet[Memo]:
    """The live memos written on a case or on a code (one query)."""
    queryset = project.memos.filter(retired_at__isnull=True).select_related("author")
    if case is not None:
        queryset = queryset.filter(case=case)
    if code is not None:
        queryset = queryset.filter(code=code)
    return queryset.order_by("-updated_at", "pk")


def get_memo(project: Project, pk: int) -> Memo:
    memo = (
        project.memos.filter(pk=pk, retired_at__isnull=True)
        .select_related("author", "case", "code", "document")
        .defer("document__text")
        .first()
    )
    if memo is None:
        raise Http404
    return memo


def can_edit_memo(member: ProjectMember | None, memo: Memo) -> bool:
    """What services.memos.check_can_edit_memo allows, for showing the edit link."""
    if member is None or member.role not in (MemberRole.LEAD, MemberRole.CODER):
        return False
    return member.role == MemberRole.LEAD or memo.author_id == member.user_id
