"""The framework matrix: cases x chosen codes, each cell a summary plus the quotations behind it.

Fixed number of queries whatever the size: cases (+ their document links), codes, cells, codings
with their quoted text (cut out by the database), and the speaker turns of linked focus groups.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from puente.people.models import age_band
from puente.qualitative.attributes import AttributeReader, attribute_names
from puente.qualitative.models import Case, CaseDocument, Code, Coding, MatrixCell, Project, SpeakerTurn

from .coding import analysis_layer, with_quote
from .consent import consented_cases, excluded_by_consent, withheld_document_ids


@dataclass
class Quote:
    coding_id: int
    document_id: int
    document_title: str
    start: int
    end: int
    text: str
    coder: str


@dataclass
class Cell:
    code: Code
    summary: str = ""
    version: int = 0
    quotes: list[Quote] = field(default_factory=list)


@dataclass
class Row:
    case: Case
    attributes: dict[str, str]
    cells: list[Cell]
    values: list[str] = field(default_factory=list)  # attribute values in the matrix's column order


@dataclass
class Matrix:
    codes: list[Code]
    attribute_names: list[str]
    rows: list[Row]
    # Set when only one page of cases was built (the matrix page; exports take every case).
    page: int = 1
    pages: int = 1
    total_cases: int = 0
    left_out: int = 0  # documents left out for research consent


# Cases per page of the matrix page: its quotations grow with the cases shown.
MATRIX_PAGE = 15


def attribute_codings(
    links: Iterable[CaseDocument], codings: Iterable[Coding], turns: Iterable[SpeakerTurn]
) -> dict[int, list[Coding]]:
    """case id -> the codings that belong to it. A link with a speaker takes only the codings that
    overlap that speaker's turns (one participant's words in a focus group)."""
    by_doc: dict[int, list[Coding]] = defaultdict(list)
    for coding in codings:
        by_doc[coding.document_id].append(coding)
    turn_spans: dict[tuple[int, str], list[tuple[int, int]]] = defaultdict(list)
    for turn in turns:
        turn_spans[(turn.document_id, turn.speaker)].append((turn.start, turn.end))
    result: dict[int, list[Coding]] = defaultdict(list)
    for link in links:
        doc_codings = by_doc.get(link.document_id, [])
        if not link.speaker:
            result[link.case_id].extend(doc_codings)
            continue
        spans = turn_spans.get((link.document_id, link.speaker), [])
        result[link.case_id].extend(
            c for c in doc_codings if any(c.start < e and c.end > s for s, e in spans)
        )
    return result


class _CodingRow:
    __slots__ = ("code_id", "coder", "document_id", "document_title", "end", "pk", "quote", "start")

    def __init__(self, row: tuple) -> None:
        (
            self.pk,
            self.document_id,
            self.document_title,
            self.code_id,
            self.start,
            self.end,
            self.quote,
            self.coder,
        ) = row


def coding_rows(
    project: Project, code_ids: list[int] | None = None, document_ids: list[int] | None = None
) -> list[_CodingRow]:
    queryset = Coding.objects.filter(analysis_layer(), project=project)
    if code_ids is not None:
        queryset = queryset.filter(code_id__in=code_ids)
    if document_ids is not None:
        # Never an empty IN list, which Django would answer without a query (the count must not vary).
        queryset = queryset.filter(document_id__in=document_ids or [0])
    rows = with_quote(queryset).values_list(
        "pk", "document_id", "document__title", "code_id", "start", "end", "quote", "coder__name"
    )
    return [_CodingRow(r) for r in rows.order_by("document_id", "start", "pk")]


def _links_of(case: Case) -> list[CaseDocument]:
    return case.link_list if hasattr(case, "link_list") else list(case.links.all())


# What a matrix needs of every case: enough to filter and label rows by attribute. Read as plain tuples:
# model instances for hundreds of cases (and their participants and sites) cost most of the page.
_CASE_FIELDS = (
    "pk",
    "name",
    "kind",
    "attributes",
    "participant_id",
    "participant__gender",
    "participant__birth_year",
    "participant__diagnosis_group",
    "participant__family_support",
    "participant__site__name",
)


def _case_rows(project: Project) -> list[tuple]:
    """(pk, name, kind, attributes, participant fields...) of the consented cases, by name (one query)."""
    cases = consented_cases(project.cases.filter(retired_at__isnull=True))
    return list(cases.order_by("name").values_list(*_CASE_FIELDS))


def _case_of(row: tuple, project: Project) -> Case:
    """The case of a row, for the rows a matrix shows (no query; its participant is not loaded)."""
    pk, name, kind, attributes, participant_id = row[:5]
    return Case(
        pk=pk, project=project, name=name, kind=kind, attributes=attributes, participant_id=participant_id
    )


def _attach_links(project: Project, case_list: list[Case]) -> list[Case]:
    """Put each case's document links in ``link_list`` (one query). Unlike a prefetch, this does not
    build a filtered queryset per case, which costs most of the page on projects with hundreds of cases.
    Links to documents left out for consent are not returned."""
    by_case: dict[int, list[CaseDocument]] = defaultdict(list)
    links = CaseDocument.objects.filter(
        case__project=project, case__retired_at__isnull=True, case_id__in=[c.pk for c in case_list] or [0]
    ).exclude(document_id__in=withheld_document_ids())
    for link in (
        links.select_related("document")
        .only("id", "case_id", "speaker", "document__id", "document__title")
        .order_by("pk")
    ):
        by_case[link.case_id].append(link)
    for case in case_list:
        case.link_list = by_case.get(case.pk, [])
    return case_list


def links_and_turns(project: Project, case_list: list[Case]) -> tuple[list[CaseDocument], list[SpeakerTurn]]:
    """The cases' document links, and the speaker turns of the documents they are linked to by speaker
    (only those: a page of the matrix must not read the turns of the whole project)."""
    links = [link for case in case_list for link in _links_of(case)]
    spoken = sorted({link.document_id for link in links if link.speaker})
    # Always one query (never an empty IN list, which Django would answer without one).
    turns = SpeakerTurn.objects.filter(document_id__in=spoken or [0])
    turns = list(turns.only("document_id", "speaker", "start", "end"))
    return links, turns


def _attributes(rows: list[tuple], project: Project) -> dict[int, dict[str, str]]:
    """``case_attributes`` of every case row, worked out once per distinct profile: translating the
    inherited values is most of the cost on projects with hundreds of cases."""
    memo: dict[tuple, dict[str, str]] = {}
    result = {}
    today, reader = dt.date.today(), AttributeReader()
    for row in rows:
        _pk, _name, kind, custom, participant, gender, birth_year, diagnosis, support, site = row
        custom_key = json.dumps(custom, sort_keys=True, default=str) if custom else ""
        band = age_band(birth_year, today)
        key = (kind, participant is None, gender, band, diagnosis, support, site, custom_key)
        if key not in memo:
            profile = () if participant is None else (gender, band, diagnosis, support, site)
            memo[key] = reader.of_values(kind, custom, *profile)
        result[row[0]] = memo[key]
    return result


def build_matrix(
    project: Project,
    codes: list[Code],
    *,
    attribute: str = "",
    value: str = "",
    page: int | None = None,
    per_page: int = MATRIX_PAGE,
) -> Matrix:
    """The matrix of every case, or with ``page`` only that page of cases (and only their codings)."""
    case_rows = _case_rows(project)
    attrs = _attributes(case_rows, project)
    names = attribute_names([], list({id(a): a for a in attrs.values()}.values()))
    if attribute:
        case_rows = [row for row in case_rows if attrs[row[0]].get(attribute, "") == value]
    total, pages, document_ids = len(case_rows), 1, None
    if page is not None:
        pages = max(1, -(-total // per_page))
        page = min(max(page, 1), pages)
        case_rows = case_rows[(page - 1) * per_page : page * per_page]
    case_list = [_case_of(row, project) for row in case_rows]
    # Links only for the cases shown: a page must not read the links of the whole project.
    _attach_links(project, case_list)
    if page is not None:
        document_ids = sorted({link.document_id for case in case_list for link in _links_of(case)})
    code_ids = [c.pk for c in codes]
    cells_query = MatrixCell.objects.filter(project=project, code_id__in=code_ids)
    if page is not None:
        cells_query = cells_query.filter(case_id__in=[c.pk for c in case_list] or [0])
    cells = {
        (cell.case_id, cell.code_id): cell
        for cell in cells_query.only("case_id", "code_id", "summary", "version")
    }
    links, turns = links_and_turns(project, case_list)
    per_case = attribute_codings(links, coding_rows(project, code_ids, document_ids), turns)
    rows = []
    code_keys = [(code, code.id) for code in codes]
    for case in case_list:
        case_id = case.id
        by_code: dict[int, list[Quote]] = defaultdict(list)
        for c in per_case.get(case_id, []):
            by_code[c.code_id].append(
                Quote(c.pk, c.document_id, c.document_title, c.start, c.end, c.quote, c.coder)
            )
        row_cells = []
        for code, code_id in code_keys:
            stored = cells.get((case_id, code_id))
            if stored is None:
                row_cells.append(Cell(code, "", 0, by_code.get(code_id, [])))
            else:
                row_cells.append(Cell(code, stored.summary, stored.version, by_code.get(code_id, [])))
        shown = dict(attrs[case_id])
        rows.append(Row(case, shown, row_cells, [shown.get(n, "") for n in names]))
    return Matrix(
        codes,
        names,
        rows,
        page=page or 1,
        pages=pages,
        total_cases=total,
        left_out=excluded_by_consent(project),
    )
