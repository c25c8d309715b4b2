"""Qualitative projects: interview transcripts with speaker turns, a case per interview linked to its
participant, Watson's mechanisms as the codebook, two coders who mostly agree, a charted framework
matrix, and the full-text search rows the services keep.

The first project is the widest, like the content analysis of seed 004 (68 codes in four groups): its
codebook holds all three starting frameworks plus in-vivo codes named after the interviewees' own
words, 70 codes in all, and each answer is coded with its mechanism, a theme and its in-vivo codes.
"""

from __future__ import annotations

import datetime as dt
import random
import re

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
    mechanisms = list(T.ANSWERS[language])
    transcript, answers = T.Transcript(), []
    while transcript.length < chars:
        answers.append(transcript.ask(rng, language, who, rng.choice(mechanisms)))
    return transcript.close(language, who), answers


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


# The widest project's codebook size (seed 004 reported 68 codes).
WIDE_CODEBOOK = 70

# Themes (CHIME and the content-analysis codes) a coder adds to an answer about each mechanism.
THEMES = {
    T.SUPPORT: ("Connectedness", "Support", "Functions", "Complement"),
    T.LIVED: ("Hope and optimism", "Lived experience", "Example", "Identity"),
    T.LOVE: ("Comprehension and empathy", "Values", "Connectedness"),
    T.HELPER: ("Meaning in life", "Impact of the peer", "Meaning"),
    T.LIMINAL: ("Stigma", "Gap between theory and practice", "Concerns", "Identity"),
}


def _clauses(answer: str) -> list[str]:
    """The parts of an answer an in-vivo code is named after: clauses of four words or more."""
    return [c.strip() for c in re.split(r"[.,;]\s", answer) if len(c.split()) >= 4]


def _second_coding(
    rng: random.Random, text: str, start: int, end: int, code: str, confusable: str | None
) -> tuple[int, int, str] | None:
    """What the second coder did with a passage the first coded: mostly the same, sometimes less of
    it, sometimes a neighbouring code (a mechanism's confusable one), now and then nothing."""
    roll = rng.random()
    if roll < 0.72:
        return start, end, code
    if roll < 0.86:
        cut = text[start:end].find(". ")
        return start, (start + cut + 1 if cut > 0 else end), code
    if roll < 0.95:
        return start, end, confusable or code
    return None


def _project(
    foundation: Foundation, staff: SiteStaff, *, wide: bool
) -> tuple[Project, dict[str, int], list[ProjectMember]]:
    """A project at the site and its codebook: code name -> id (in-vivo codes under their clause)."""
    lead = foundation.researcher
    description = (
        "Content analysis of user interviews: Watson's mechanisms, CHIME, four code groups and in-vivo "
        "codes (synthetic)."
        if wide
        else "Framework analysis of user interviews against Watson's mechanisms (synthetic)."
    )
    project = projects.do_create_project(
        actor=lead, name=f"User interviews, {staff.site.name}", sites=[staff.site], description=description
    )
    projects.do_add_member(actor=lead, project=project, user=foundation.second_coder)
    for slug in ("watson", "chime", "content_groups") if wide else ("watson",):
        codebook.do_add_framework(actor=lead, project=project, slug=slug)
    codes = {c.name: c.pk for c in project.codes.order_by("-pk")}  # the first of a repeated name wins
    if wide:
        language = _language(staff)
        mechanisms = {c.name: c for c in project.codes.filter(framework="watson")}
        clauses = [
            (mechanism, clause)
            for mechanism, answers in T.ANSWERS[language].items()
            for answer in answers
            for clause in _clauses(answer)
        ]
        for mechanism, clause in clauses[: max(0, WIDE_CODEBOOK - project.codes.count())]:
            parent = mechanisms[mechanism]
            codes[clause] = codebook.do_create_code(
                actor=lead, project=project, name=f"«{clause}»", parent=parent, colour=parent.colour
            ).pk
    members = list(ProjectMember.objects.filter(project=project).order_by("pk"))
    return project, codes, members


def _language(staff: SiteStaff) -> str:
    return "es" if staff.site.language in ("es", "ca") else "en"


def _answer_codings(
    text: str, start: int, end: int, mechanism: str, codes: dict[str, int], rng: random.Random
) -> list[tuple[int, int, str, str | None]]:
    """The first coder's codings of one answer: (start, end, code name, the name a second coder might
    confuse it with). A narrow project codes the mechanism only; the widest adds a theme and the
    answer's in-vivo codes."""
    found = [(start, end, mechanism, T.CONFUSABLE[mechanism])]
    if "Connectedness" not in codes:
        return found
    found.append((start, end, rng.choice(THEMES[mechanism]), None))
    answer = text[start:end]
    for clause in _clauses(answer):
        if clause in codes:
            offset = start + answer.find(clause)
            found.append((offset, offset + len(clause), clause, None))
    return found


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
    language = _language(staff)
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
    per_answer = [
        [_answer_codings(d.text, start, end, mechanism, codes, rng) for start, end, mechanism in answers]
        for d, answers in zip(documents, specs, strict=True)
    ]
    # Coders code enough answers to reach the project's share of the scale's codings (the second
    # codes ~95 % of what the first does).
    first_codings = sum(len(found) for answers in per_answer for found in answers)
    share = min(1.0, scale.codings * count / scale.transcripts / 1.95 / max(1, first_codings))
    turns, codings, cases = [], [], []
    first, second = members[0], members[1]
    for index, (document, answers) in enumerate(zip(documents, per_answer, strict=True)):
        turns += [
            (document.pk, t.speaker[:100], t.start, t.end) for t in transcripts.speaker_turns(document.text)
        ]
        coded: set[str] = set()
        for found in answers:
            if rng.random() > share:
                continue
            coded.add(found[0][2])  # the mechanism
            for start, end, code, confusable in found:
                codings.append((document.pk, codes[code], first.pk, start, end))
                other = _second_coding(rng, document.text, start, end, code, confusable)
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
    widest, others = chosen[0], chosen[1:]
    rest = scale.transcripts - scale.widest_project_transcripts
    counts = [scale.widest_project_transcripts] + [
        rest // len(others) + (1 if number < rest % len(others) else 0) for number in range(len(others))
    ]
    for staff, count in zip(chosen, counts, strict=True):
        project, codes, members = _project(foundation, staff, wide=staff is widest)
        _fill(scale, project, staff, codes, members, foundation.researcher, count, rng)
