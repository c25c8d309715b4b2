"""Qualitative analysis: projects, documents, cases, codebook, codings, memos, framework matrix."""

from __future__ import annotations

from .codebook import Code, CodebookVersion, CodeGroup
from .coding import Coding, MatrixCell, Memo
from .documents import Document, DocumentFormat, DocumentKind, SpeakerTurn
from .projects import Case, CaseDocument, CaseKind, MemberRole, Project, ProjectMember, RefiLeftover

__all__ = [
    "Case",
    "CaseDocument",
    "CaseKind",
    "Code",
    "CodeGroup",
    "CodebookVersion",
    "Coding",
    "Document",
    "DocumentFormat",
    "DocumentKind",
    "MatrixCell",
    "MemberRole",
    "Memo",
    "Project",
    "ProjectMember",
    "RefiLeftover",
    "SpeakerTurn",
]
