"""Research consent in qualitative analyses and exports: the one place that decides what is left out.

A document is left out when any case it belongs to (retired or not, whatever the speaker) is linked
to a participant whose ``research_consent`` is False: in a focus group the other speakers' turns
quote and answer that person, so the whole document goes. Cases linked to a staff member (PSW or
professional) stay in: Puente keeps no consent flag on a staff account (the instruments'
``Respondent.research_consent`` covers questionnaires in one programme, not interviews). Cases linked
to nobody stay in. Nothing is deleted: when consent is given again the material comes back.

Every read here is a subquery or one count, so pages keep a fixed number of queries.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import ngettext

from puente.qualitative.models import Case, CaseDocument, Document, Memo, Project


def withheld_document_ids() -> QuerySet[CaseDocument]:
    """Ids (``document_id``) of documents linked to a case of a participant without research consent."""
    return CaseDocument.objects.filter(case__participant__research_consent=False).values("document_id")


def withdrawn_case_ids() -> QuerySet[Case]:
    return Case.objects.filter(participant__research_consent=False).values("pk")


def consented_codings() -> Q:
    """For Coding querysets: only codings on documents nobody withdrew from."""
    return ~Q(document_id__in=withheld_document_ids())


def consented_documents(project: Project) -> QuerySet[Document]:
    return project.documents.filter(retired_at__isnull=True).exclude(pk__in=withheld_document_ids())


def withheld_documents(project: Project) -> QuerySet[Document]:
    return project.documents.filter(retired_at__isnull=True, pk__in=withheld_document_ids())


def excluded_by_consent(project: Project) -> int:
    """How many of the project's documents analyses and exports leave out (one query)."""
    return withheld_documents(project).count()


def is_withheld(document: Document) -> bool:
    return CaseDocument.objects.filter(
        document_id=document.pk, case__participant__research_consent=False
    ).exists()


def is_withdrawn(case: Case) -> bool:
    return case.participant_id is not None and not case.participant.research_consent


def withheld_flag() -> Exists:
    """Annotation for Document querysets: True when the document is left out for consent."""
    return Exists(
        CaseDocument.objects.filter(document_id=OuterRef("pk"), case__participant__research_consent=False)
    )


def consented_cases(queryset: QuerySet[Case]) -> QuerySet[Case]:
    """Drops the cases of participants without research consent (staff and unlinked cases stay)."""
    return queryset.exclude(participant__research_consent=False)


def _on_withheld_subject() -> Q:
    return Q(document_id__in=withheld_document_ids()) | Q(case_id__in=withdrawn_case_ids())


def consented_memos(queryset: QuerySet[Memo]) -> QuerySet[Memo]:
    """Drops memos on a left-out document or on a withdrawn participant's case."""
    return queryset.exclude(pk__in=Memo.objects.filter(_on_withheld_subject()).values("pk"))


def withheld_memos(project: Project) -> QuerySet[Memo]:
    """The project's memos on a left-out document or on a withdrawn participant's case."""
    return Memo.objects.filter(_on_withheld_subject(), project=project)


def left_out_message(count: int) -> str:
    return ngettext(
        "%(n)s document left out: no research consent.",
        "%(n)s documents left out: no research consent.",
        count,
    ) % {"n": count}
