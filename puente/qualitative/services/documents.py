"""Importing transcripts and de-identifying them before anyone codes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from puente.accounts.models import User
from puente.qualitative import deidentify, search_index, transcripts
from puente.qualitative.models import (
    Coding,
    Document,
    DocumentFormat,
    DocumentKind,
    Memo,
    Project,
    SpeakerTurn,
)

from .common import member_for, record, stale


def check_language(language: str) -> None:
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Choose one of the languages Puente knows."), code="language")


def read_upload(filename: str, data: bytes) -> tuple[str, str]:
    """(text, format) of an uploaded transcript; a clear ValidationError if it cannot be read."""
    kind = transcripts.detect_format(filename)
    if kind is None:
        raise ValidationError(
            _("Puente reads .txt, .docx, .odt, .vtt and .srt transcripts; %(name)s is none of these.")
            % {"name": filename},
            code="format",
        )
    try:
        return transcripts.read_transcript(data, kind), kind
    except transcripts.TranscriptError as exc:
        raise ValidationError(
            _("%(name)s could not be read: %(reason)s") % {"name": filename, "reason": exc}, code="unreadable"
        ) from None


def _save_turns(document: Document) -> int:
    SpeakerTurn.objects.filter(document=document).delete()
    turns = transcripts.speaker_turns(document.text)
    SpeakerTurn.objects.bulk_create(
        SpeakerTurn(document=document, speaker=t.speaker[:100], start=t.start, end=t.end) for t in turns
    )
    return len(turns)


def do_import_document(
    *,
    actor: User | None,
    project: Project,
    title: str,
    text: str,
    source_format: str = DocumentFormat.PASTE,
    language: str,
    kind: str = DocumentKind.INTERVIEW,
) -> Document:
    check_language(language)
    title = title.strip()
    if not title:
        raise ValidationError(_("Give the document a title."), code="title")
    if not text.strip():
        raise ValidationError(_("The document holds no text."), code="empty")
    if "\x00" in text:
        raise ValidationError(_("The text contains a NUL character; it is not a transcript."), code="nul")
    with transaction.atomic():
        member_for(actor, project, lead=True)
        document = Document.objects.create(
            project=project,
            title=title[:300],
            kind=kind,
            source_format=source_format,
            language=language,
            text=text,
            created_by=actor,
        )
        turns = _save_turns(document)
        search_index.index_document(document)
        record(
            actor=actor,
            action="qda_document.import",
            obj=document,
            project=project,
            after={"title": document.title, "format": source_format, "characters": len(text), "turns": turns},
        )
    return document


def do_apply_deidentification(
    *,
    actor: User | None,
    document: Document,
    expected_version: int,
    replacements: Iterable[tuple[int, int, str]],
    kinds: Iterable[str] = (),
) -> Document:
    """Apply the reviewed replacements and mark the document ready for coding.

    The audit event keeps how many of each kind were replaced, never the text that was removed.
    """
    replacements = [(int(s), int(e), str(r)) for s, e, r in replacements]
    with transaction.atomic():
        member_for(actor, document.project, lead=True)
        current = Document.objects.select_for_update().get(pk=document.pk)
        if current.version != expected_version:
            raise stale()
        # Codings made in Puente only ever follow a review; codings that arrived with an imported,
        # not yet reviewed document are moved with the text instead.
        if current.is_deidentified and current.codings.filter(retired_at__isnull=True).exists():
            raise ValidationError(
                _("This document already has codings; de-identify before coding starts."), code="coded"
            )
        for start, end, new in replacements:
            if not (0 <= start < end <= len(current.text)):
                raise ValidationError(
                    _("A replacement (%(start)s-%(end)s) falls outside the text. Reload and review again.")
                    % {"start": start, "end": end},
                    code="range",
                )
            if not new.strip() or len(new) > 40:
                raise ValidationError(
                    _("Each replacement needs a short text, such as [NAME]."), code="replacement"
                )
        try:
            current.text = deidentify.apply(current.text, replacements)
        except ValueError:
            raise ValidationError(
                _("Two replacements overlap. Reload and review again."), code="overlap"
            ) from None
        moved = _move_spans(current, sorted(replacements)) if replacements else 0
        was_imported = current.source_format == DocumentFormat.REFI
        current.deidentified_at = timezone.now()
        current.deidentified_by = actor
        current.version += 1
        current.save()
        _save_turns(current)
        search_index.index_document(current)
        record(
            actor=actor,
            action="qda_document.deidentify",
            obj=current,
            project=current.project,
            after={
                "replacements": len(replacements),
                "kinds": dict(Counter(kinds)),
                "characters": len(current.text),
                "imported": was_imported,
                "spans_moved": moved,
            },
        )
    return current


def _move_spans(document: Document, replacements: list[tuple[int, int, str]]) -> int:
    """Inside the transaction: keep the document's codings and selection memos on the same words."""
    moved_codings = []
    for coding in Coding.objects.filter(document=document).only("pk", "start", "end"):
        start, end = deidentify.move_span(coding.start, coding.end, replacements)
        if (start, end) != (coding.start, coding.end):
            coding.start, coding.end = start, end
            moved_codings.append(coding)
    Coding.objects.bulk_update(moved_codings, ["start", "end"], batch_size=1000)
    moved_memos = []
    for memo in Memo.objects.filter(document=document, start__isnull=False).only("pk", "start", "end"):
        start, end = deidentify.move_span(memo.start, memo.end, replacements)
        if (start, end) != (memo.start, memo.end):
            memo.start, memo.end = start, end
            moved_memos.append(memo)
    Memo.objects.bulk_update(moved_memos, ["start", "end"], batch_size=1000)
    return len(moved_codings) + len(moved_memos)


def do_retire_document(*, actor: User | None, document: Document, reason: str) -> Document:
    if not reason.strip():
        raise ValidationError(_("Give a reason for retiring this document."), code="reason")
    with transaction.atomic():
        member_for(actor, document.project, lead=True)
        document.retired_at = timezone.now()
        document.retired_reason = reason.strip()
        document.version += 1
        document.save()
        search_index.index_document(document)
        record(
            actor=actor,
            action="qda_document.retire",
            obj=document,
            project=document.project,
            after={"reason": document.retired_reason},
        )
    return document
