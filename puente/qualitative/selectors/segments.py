"""Coded segments by speaker: which speakers' turns a coding falls on, and the retrieval of coded
quotations filtered by code, speaker and document (a fixed number of queries whatever the size)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q

from puente.qualitative.models import Coding, Project, ProjectMember, SpeakerTurn

from .coding import analysis_layer, with_quote
from .consent import consented_codings, excluded_by_consent, withheld_document_ids

SEGMENT_LIMIT = 500

Spans = dict[int, list[tuple[int, int, str]]]  # document id -> (start, end, speaker) of each turn


def spans_by_document(turns: Iterable[SpeakerTurn]) -> Spans:
    spans: Spans = defaultdict(list)
    for turn in turns:
        spans[turn.document_id].append((turn.start, turn.end, turn.speaker))
    return spans


def speakers_of_span(start: int, end: int, spans: list[tuple[int, int, str]]) -> list[str]:
    """The speakers whose turns overlap [start, end), in the order they speak, each once."""
    found: list[str] = []
    for turn_start, turn_end, speaker in spans:
        overlaps = turn_start < end and turn_end > start if end > start else turn_start <= start < turn_end
        if overlaps and speaker not in found:
            found.append(speaker)
    return found


def speakers_of_project(project: Project) -> list[str]:
    rows = SpeakerTurn.objects.filter(document__project=project, document__retired_at__isnull=True).exclude(
        document_id__in=withheld_document_ids()
    )
    return sorted(set(rows.values_list("speaker", flat=True).distinct()), key=str.casefold)


def spoken_by(speaker: str) -> Exists:
    """True for a coding that overlaps one of `speaker`'s turns in its document."""
    return Exists(
        SpeakerTurn.objects.filter(
            document_id=OuterRef("document_id"),
            speaker=speaker,
            start__lt=OuterRef("end"),
            end__gt=OuterRef("start"),
        )
    )


@dataclass
class Segment:
    coding_id: int
    document_id: int
    document_title: str
    code_id: int
    code_name: str
    code_colour: str
    coder: str
    agreed: bool
    start: int
    end: int
    quote: str
    speakers: list[str] = field(default_factory=list)


@dataclass
class Segments:
    items: list[Segment]
    truncated: bool
    left_out: int = 0  # documents left out for research consent


def visible_layer(project: Project, member: ProjectMember | None, *, is_lead: bool) -> Q:
    """What a reader may retrieve: the analysis layer; during independent coding a coder sees only
    their own codings (as in the workspace), and the lead everyone's."""
    if project.independent_coding and not is_lead:
        if member is None:
            return Q(pk__in=[])
        return Q(
            consented_codings(),
            retired_at__isnull=True,
            document__retired_at__isnull=True,
            coder=member,
            agreed=False,
        )
    return analysis_layer()


def coded_segments(
    project: Project,
    member: ProjectMember | None,
    *,
    is_lead: bool,
    code_id: int | None = None,
    speaker: str = "",
    document_id: int | None = None,
    limit: int = SEGMENT_LIMIT,
) -> Segments:
    queryset = Coding.objects.filter(visible_layer(project, member, is_lead=is_lead), project=project)
    if code_id is not None:
        queryset = queryset.filter(code_id=code_id)
    if document_id is not None:
        queryset = queryset.filter(document_id=document_id)
    if speaker:
        queryset = queryset.filter(spoken_by(speaker))
    rows = list(
        with_quote(queryset)
        .order_by("document__title", "document_id", "start", "end", "pk")
        .values_list(
            "pk",
            "document_id",
            "document__title",
            "code_id",
            "code__name",
            "code__colour",
            "coder__name",
            "agreed",
            "start",
            "end",
            "quote",
        )[: limit + 1]
    )
    truncated = len(rows) > limit
    items = [Segment(*row) for row in rows[:limit]]
    document_ids = sorted({item.document_id for item in items})
    turns = SpeakerTurn.objects.filter(document_id__in=document_ids or [0]).only(
        "document_id", "start", "end", "speaker"
    )
    spans = spans_by_document(turns.order_by("document_id", "start"))
    for item in items:
        item.speakers = speakers_of_span(item.start, item.end, spans.get(item.document_id, []))
    return Segments(items, truncated, excluded_by_consent(project))
