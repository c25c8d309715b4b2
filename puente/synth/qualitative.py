"""Qualitative projects: interview transcripts with speaker turns, a case per interview linked to its
participant, Watson's mechanisms as the codebook, two coders who mostly agree, a charted framework
matrix, and the full-text search rows the services keep.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import connection
from django.utils import timezone

from puente.accounts.models import User
from puente.qualitative import demo_transcripts as T
from puente.qualitative import transcripts
from puente.qualitative.models import (
    Case,
    CaseDocument,
    CaseKind,
    Coding,
    Document,
    DocumentFormat,
    DocumentKind,
    MatrixCell,
    Project,
    ProjectMember,
    SpeakerTurn,
)
from puente.qualitative.search_index import rowid_for
from puente.qualitative.services import codebook, projects
from puente.synth.bulk import insert_rows
from puente.synth.people import Foundation, SiteStaff
from puente.synth.sizes import Scale


def _interview(
    rng: random.Random, language: str, who: str, chars: int
) -> tuple[str, list[tuple[int, int, str]]]:
    """An interview of about ``chars`` characters and the (start, end, mechanism) of each answer."""
    questions = dict(zip(T.ANSWERS[language], T.QUESTIONS[language], strict=True))
    mechanisms = list(T.ANSWERS[language])
    parts: list[str] = []
    answers: list[tuple[int, int, str]] = []
    cursor = 0

    def say(speaker: str, line: str) -> tuple[int, int]:
        nonlocal cursor
        text = f"{speaker}: {line}\n"
        start = cursor + len(speaker) + 2
        parts.append(text)
        cursor += len(text)
        return start, start + len(line)

    while cursor < chars:
        mechanism = rng.choice(mechanisms)
        say(T.INTERVIEWER[language], questions[mechanism])
        start, end = say(who, rng.choice(T.ANSWERS[language][mechanism]))
        answers.append((start, end, mechanism))
    question, answer = T.CLOSING[language]
    say(T.INTERVIEWER[language], question)
    say(who, answer)
    return "".join(parts), answers


CODING_COLUMNS = (
    "project_id",
    "document_id",
    "code_id",
    "coder_id",
    "start",
    "end",
    "agreed",
    "created_at",
    "refi_selection_guid",
    "refi_guid",
    "refi_extra",
    "retired_at",
    "retired_by_id",
    "version",
)


def _second_coding(
    rng: random.Random, text: str, start: int, end: int, mechanism: str
) -> tuple[int, int, str] | None:
    """What the second coder did with a passage the first coded: mostly the same, sometimes less of
    it, sometimes a neighbouring mechanism, now and then nothing."""
    roll = rng.random()
    if roll < 0.72:
        return start, end, mechanism
    if roll < 0.86:
        cut = text[start:end].find(". ")
        return start, (start + cut + 1 if cut > 0 else end), mechanism
    if roll < 0.95:
        return start, end, T.CONFUSABLE[mechanism]
    return None


def _project(foundation: Foundation, staff: SiteStaff) -> tuple[Project, dict[str, int], list[ProjectMember]]:
    lead = foundation.researcher
    project = projects.do_create_project(
        actor=lead,
        name=f"User interviews, {staff.site.name}",
        sites=[staff.site],
        description="Framework analysis of user interviews against Watson's mechanisms (synthetic).",
    )
    projects.do_add_member(actor=lead, project=project, user=foundation.second_coder)
    codebook.do_add_framework(actor=lead, project=project, slug="watson")
    codes = {c.name: c.pk for c in project.codes.filter(framework="watson")}
    members = list(ProjectMember.objects.filter(project=project).order_by("pk"))
    return project, codes, members


def _index(documents: list[Document]) -> None:
    """The rows ``search_index.index_document`` writes (SQLite FTS5; PostgreSQL indexes the table)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO qualitative_search (rowid, kind, object_id, project_id, title, body) "
            "VALUES (%s, %s, %s, %s, %s, %s)",
            [
                (rowid_for("document", d.pk), "document", d.pk, d.project_id, d.title, d.text)
                for d in documents
            ],
        )


def _fill(
    scale: Scale,
    project: Project,
    staff: SiteStaff,
    codes: dict[str, int],
    members: list[ProjectMember],
    lead: User,
    count: int,
    rng: random.Random,
) -> None:
    language = "es" if staff.site.language in ("es", "ca") else "en"
    chars = scale.transcript_chars // scale.transcripts
    consenting = [p for p in staff.participants if p.research_consent]
    now = timezone.now()
    documents, specs = [], []
    for index in range(1, count + 1):
        text, answers = _interview(rng, language, f"P{index}", chars)
        documents.append(
            Document(
                project=project,
                title=f"Entrevista P{index:03d}" if language == "es" else f"Interview P{index:03d}",
                kind=DocumentKind.INTERVIEW,
                source_format=DocumentFormat.PASTE,
                language=language,
                text=text,
                deidentified_at=now,
                deidentified_by=lead,
                created_by=lead,
            )
        )
        specs.append(answers)
    Document.objects.bulk_create(documents, batch_size=200)
    # Coders code enough passages to reach the scale's number of codings (the second codes ~95 %).
    passages = sum(len(answers) for answers in specs)
    share = min(1.0, scale.codings * count / scale.transcripts / 1.95 / max(1, passages))
    turns, codings, cases = [], [], []
    first, second = members[0], members[1]
    for index, (document, answers) in enumerate(zip(documents, specs, strict=True)):
        turns += [
            (document.pk, t.speaker[:100], t.start, t.end) for t in transcripts.speaker_turns(document.text)
        ]
        coded: set[str] = set()
        for start, end, mechanism in answers:
            if rng.random() > share:
                continue
            codings.append((document.pk, codes[mechanism], first.pk, start, end))
            coded.add(mechanism)
            other = _second_coding(rng, document.text, start, end, mechanism)
            if other:
                codings.append((document.pk, codes[other[2]], second.pk, other[0], other[1]))
        participant = consenting[index] if index < len(consenting) else None
        case = Case(
            project=project,
            name=participant.study_code if participant else f"INT-{index + 1:03d}",
            kind=CaseKind.PARTICIPANT,
            participant=participant,
            attributes={"Interview language": language},
        )
        case.coded = sorted(coded)
        case.document = document
        cases.append(case)
    insert_rows(SpeakerTurn, ("document_id", "speaker", "start", "end"), turns)
    insert_rows(
        Coding,
        CODING_COLUMNS,
        ((project.pk, *row, False, now, "", "", {}, None, None, 1) for row in codings),
    )
    Case.objects.bulk_create(cases, batch_size=2000)
    CaseDocument.objects.bulk_create(
        [CaseDocument(case=c, document=c.document) for c in cases], batch_size=2000
    )
    MatrixCell.objects.bulk_create(
        [
            MatrixCell(
                project=project, case=c, code_id=codes[m], summary=T.SUMMARIES[m][language], updated_by=lead
            )
            for c in cases
            for m in c.coded
        ],
        batch_size=2000,
    )
    _index(documents)


def build_qualitative(scale: Scale, foundation: Foundation, seed: int, today: dt.date) -> None:
    rng = random.Random(seed * 17 + 3)
    chosen = foundation.sites[: scale.qda_projects]
    for number, staff in enumerate(chosen):
        count = scale.transcripts // len(chosen) + (1 if number < scale.transcripts % len(chosen) else 0)
        project, codes, members = _project(foundation, staff)
        _fill(scale, project, staff, codes, members, foundation.researcher, count, rng)
