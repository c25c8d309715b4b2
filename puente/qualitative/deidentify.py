"""Find what identifies people in a transcript and propose replacements (pure Python, no Django).

Finds names (the team's list plus the participant and worker names Puente knows), e-mail addresses,
phone numbers and national IDs (Chilean RUT, Brazilian CPF, Argentine DNI, Spanish DNI/NIE, Italian
codice fiscale; check digits verified where the ID has them). Names match whole words, ignoring case
and accents. Nothing is changed here: a person reviews the proposals and `apply` makes the chosen ones.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from . import national_ids as ids

NAME = "[NAME]"
PSW = "[PSW]"
PLACE = "[PLACE]"
PHONE = "[PHONE]"
EMAIL = "[EMAIL]"
ID = "[ID]"
PROFESSIONAL = "[PROFESSIONAL]"

# Higher wins when two findings overlap.
_PRIORITY = {"email": 6, "national_id": 5, "known_name": 4, "team_list": 4, "phone": 3, "name_part": 1}
_REPLACEMENT = re.compile(r"\[[^\[\]\n]{1,40}\]")


@dataclass(frozen=True)
class NameEntry:
    """A name (or place) to look for and what to put instead."""

    text: str
    replacement: str = NAME
    source: str = "team_list"  # "team_list", "known_name"
    parts: bool = False  # also propose single first names / surnames of this full name


@dataclass(frozen=True)
class Finding:
    start: int
    end: int
    text: str
    kind: str  # email, phone, national_id, known_name, team_list, name_part
    replacement: str
    detail: str = ""

    @property
    def key(self) -> str:
        """Stable identity of the finding for a review form."""
        return f"{self.start}:{self.end}"


def fold(text: str) -> str:
    """Lower-case, accent-free copy of `text` with exactly the same length (offsets line up)."""
    out = []
    for char in text:
        base = unicodedata.normalize("NFD", char)[0].lower()
        out.append(base[0] if base else char)
    return "".join(out)


def parse_team_list(raw: str) -> list[NameEntry]:
    """One entry per line: ``Ana Pérez`` or ``Villa Olímpica = [PLACE]``; skips blanks and # comments."""
    entries = []
    for line in raw.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        term, _sep, replacement = line.partition("=")
        term, replacement = term.strip(), replacement.strip()
        if replacement and not _REPLACEMENT.fullmatch(replacement):
            replacement = f"[{replacement.strip('[]').upper()}]"
        if len(term) >= 2:
            entries.append(NameEntry(term, replacement or NAME, "team_list"))
    return entries


def _word_pattern(term: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in fold(term).split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)")


def find_names(text: str, entries: Iterable[NameEntry], folded: str | None = None) -> list[Finding]:
    folded = fold(text) if folded is None else folded
    findings: list[Finding] = []
    seen_parts: set[str] = set()
    for entry in entries:
        for match in _word_pattern(entry.text).finditer(folded):
            s, e = match.span()
            findings.append(Finding(s, e, text[s:e], entry.source, entry.replacement))
        if entry.parts:
            for part in entry.text.split():
                key = fold(part)
                if len(part) < 4 or key in seen_parts:
                    continue
                seen_parts.add(key)
                for match in _word_pattern(part).finditer(folded):
                    s, e = match.span()
                    # A part must look like a name in the transcript: capitalised.
                    if text[s].isupper():
                        findings.append(Finding(s, e, text[s:e], "name_part", entry.replacement))
    return findings


EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+(?![\w-])")
RUT_RE = re.compile(r"(?<![\w.])\d{1,2}(?:\.\d{3}){2}-[\dkK](?!\w)|(?<![\w.])\d{7,8}-[\dkK](?!\w)")
CPF_RE = re.compile(r"(?<![\w.])\d{3}\.\d{3}\.\d{3}-\d{2}(?!\w)|(?<![\w.-])\d{11}(?![\w-])")
DNI_AR_RE = re.compile(
    r"(?i:\bDNI\b)\s*(?:N[°ºo.]*\s*)?(\d{1,2}\.?\d{3}\.?\d{3})(?!\w)|(?<![\w.])(\d{1,2}\.\d{3}\.\d{3})(?![\w.-])"
)
DNI_ES_RE = re.compile(r"(?<!\w)[XYZxyz]?-?\d{7,8}-?[A-Za-z](?!\w)")
CF_RE = re.compile(
    r"(?<!\w)[A-Za-z]{6}[\dLMNPQRSTUVlmnpqrstuv]{2}[A-Za-z][\dLMNPQRSTUVlmnpqrstuv]{2}[A-Za-z]"
    r"[\dLMNPQRSTUVlmnpqrstuv]{3}[A-Za-z](?!\w)"
)
PHONE_RE = re.compile(r"(?<![\w+])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d(?:[\s.-]?\d){6,13}(?!\w)")


def find_national_ids(text: str) -> list[Finding]:
    found: list[Finding] = []

    def add(s: int, e: int, detail: str) -> None:
        found.append(Finding(s, e, text[s:e], "national_id", ID, detail))

    for m in RUT_RE.finditer(text):
        if ids.is_valid_rut(m.group()):
            add(*m.span(), "RUT")
    for m in CPF_RE.finditer(text):
        if ids.is_valid_cpf(m.group()):
            add(*m.span(), "CPF")
    for m in DNI_ES_RE.finditer(text):
        if ids.is_valid_dni_es(m.group()):
            add(*m.span(), "DNI/NIE")
    for m in CF_RE.finditer(text):
        if ids.is_valid_codice_fiscale(m.group()):
            add(*m.span(), "codice fiscale")
    for m in DNI_AR_RE.finditer(text):
        group = 1 if m.group(1) else 2
        if ids.is_plausible_dni_ar(m.group(group)) and not ids.is_valid_rut(
            text[m.start(group) : m.end(group) + 2]
        ):
            add(m.start(group), m.end(group), "DNI")
    return found


def find_phones(text: str) -> list[Finding]:
    found = []
    for m in PHONE_RE.finditer(text):
        digits = sum(c.isdigit() for c in m.group())
        # 8 to 15 digits; a bare run of digits without separators or "+" is more likely a number than a phone.
        if 8 <= digits <= 15 and (not m.group().isdigit() or m.group().startswith("+")):
            found.append(Finding(m.start(), m.end(), m.group(), "phone", PHONE))
    return found


def find_emails(text: str) -> list[Finding]:
    return [Finding(m.start(), m.end(), m.group(), "email", EMAIL) for m in EMAIL_RE.finditer(text)]


def _already_replaced(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _REPLACEMENT.finditer(text)]


def resolve_overlaps(findings: Iterable[Finding]) -> list[Finding]:
    """Keep the strongest finding where several overlap (then the longest), in text order."""
    ranked = sorted(findings, key=lambda f: (-_PRIORITY.get(f.kind, 0), -(f.end - f.start), f.start))
    kept: list[Finding] = []
    for finding in ranked:
        if all(finding.end <= k.start or finding.start >= k.end for k in kept):
            kept.append(finding)
    return sorted(kept, key=lambda f: f.start)


def find(text: str, names: Sequence[NameEntry] = ()) -> list[Finding]:
    """Everything that should probably go, in text order, without overlaps."""
    findings = [*find_emails(text), *find_national_ids(text), *find_phones(text), *find_names(text, names)]
    placeholders = _already_replaced(text)
    findings = [f for f in findings if all(f.end <= s or f.start >= e for s, e in placeholders)]
    return resolve_overlaps(findings)


def apply(text: str, replacements: Iterable[tuple[int, int, str]]) -> str:
    """Replace each [start, end) with its text. Refuses overlapping or out-of-range spans."""
    ordered = sorted(replacements)
    previous_end = 0
    for start, end, _new in ordered:
        if start < previous_end or end < start or end > len(text):
            raise ValueError(f"replacement {start}-{end} overlaps another or falls outside the text")
        previous_end = end
    parts, cursor = [], 0
    for start, end, new in ordered:
        parts.append(text[cursor:start])
        parts.append(new)
        cursor = end
    parts.append(text[cursor:])
    return "".join(parts)


def move_span(start: int, end: int, replacements: Sequence[tuple[int, int, str]]) -> tuple[int, int]:
    """Where the span [start, end) lands once `replacements` (sorted, non-overlapping) are applied.

    Text before or after a replacement keeps its place (shifted by the change in length); a span edge
    inside a replaced stretch moves to the edge of the replacement, so a coding made on an imported
    transcript stays on the same words, or on the token that replaced them.
    """
    return _move(start, replacements, at_end=False), max(
        _move(start, replacements, at_end=False), _move(end, replacements, at_end=True)
    )


def _move(position: int, replacements: Sequence[tuple[int, int, str]], *, at_end: bool) -> int:
    delta = 0
    for start, end, new in replacements:
        if position <= start:
            break
        if position >= end:
            delta += len(new) - (end - start)
            continue
        return start + delta + (len(new) if at_end else 0)
    return position + delta
