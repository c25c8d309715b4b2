"""Licensed item wording loaded by an organisation: read a file, check it against the instrument, store it.

Accepted files: a CSV with the columns ``item_id,language,text`` (one row per item and language), or the
wide CSV the ``puente instruments`` tools already read (``item_id`` then one column per language code).
Comma- or semicolon-separated, UTF-8 with or without a byte order mark. Every problem is listed at once
and nothing is stored while any remains.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from puente.accounts.models import Organisation, User
from puente.audit import services as audit
from puente.instruments.loader import LANGUAGES
from puente.instruments.models import Instrument, ItemWording

MAX_WORDING_BYTES = 1_000_000
MAX_SHOWN = 12


def _shown(values: list[str]) -> str:
    extra = len(values) - MAX_SHOWN
    text = ", ".join(values[:MAX_SHOWN])
    return text + (_(" and %(n)s more") % {"n": extra} if extra > 0 else "")


def sniff_delimiter(first_line: str) -> str:
    """European spreadsheets save CSV with semicolons; the header line tells which one was used."""
    return ";" if first_line.count(";") > first_line.count(",") else ","


def read_table(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header (lower-cased) and rows with their line numbers; BOM and Windows line endings accepted."""
    text = text.lstrip("\ufeff")
    first = text.splitlines()[0] if text.strip() else ""
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(first))
        header = [cell.strip().lower() for cell in next(reader, [])]
        rows, last = [], reader.line_num
        for cells in reader:
            line, last = last + 1, reader.line_num
            if any(cell.strip() for cell in cells):
                rows.append((line, cells))
    except csv.Error as exc:
        raise ValidationError(
            _("This is not a well-formed CSV file (%(problem)s).") % {"problem": exc}
        ) from exc
    return header, rows


def parse_wording(text: str, definition: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """language -> {item id: wording}; raises ValidationError listing every problem."""
    header, rows = read_table(text)
    if not header or header[0] != "item_id":
        raise ValidationError(
            _(
                "The first line must be the header item_id,language,text (or item_id followed by one "
                "column per language code)."
            ),
            code="header",
        )
    problems: list[str] = []
    long_format = header[:3] == ["item_id", "language", "text"]
    if not long_format:
        bad = [h for h in header[1:] if h not in LANGUAGES]
        if bad:
            raise ValidationError(
                _("Unknown language column(s) %(bad)s; use %(known)s.")
                % {"bad": _shown(bad), "known": ", ".join(LANGUAGES)},
                code="language",
            )
    known = [item["id"] for item in definition["items"]]
    out: dict[str, dict[str, str]] = {}
    unknown: list[str] = []
    for line, cells in rows:
        item_id = cells[0].strip() if cells else ""
        if long_format:
            if len(cells) != 3:
                problems.append(
                    _("Line %(line)s: expected 3 cells, found %(n)s.") % {"line": line, "n": len(cells)}
                )
                continue
            pairs = [(cells[1].strip().lower(), cells[2].strip())]
        else:
            if len(cells) != len(header):
                problems.append(
                    _("Line %(line)s: expected %(expected)s cells, found %(n)s.")
                    % {"line": line, "expected": len(header), "n": len(cells)}
                )
                continue
            pairs = [
                (lang, cell.strip()) for lang, cell in zip(header[1:], cells[1:], strict=True) if cell.strip()
            ]
        if item_id not in known:
            unknown.append(f"{item_id or '?'} ({_('line')} {line})")
            continue
        for language, wording in pairs:
            if language not in LANGUAGES:
                problems.append(
                    _("Line %(line)s: unknown language code '%(code)s'; use %(known)s.")
                    % {"line": line, "code": language, "known": ", ".join(LANGUAGES)}
                )
            elif not wording:
                problems.append(
                    _("Line %(line)s: the wording of %(item)s is empty.") % {"line": line, "item": item_id}
                )
            elif item_id in out.get(language, {}):
                problems.append(
                    _("Line %(line)s: %(item)s already has wording in %(language)s.")
                    % {"line": line, "item": item_id, "language": language}
                )
            else:
                out.setdefault(language, {})[item_id] = wording
    if unknown:
        problems.insert(
            0,
            _("Unknown item id(s) for %(instrument)s: %(ids)s.")
            % {"instrument": definition["abbreviation"], "ids": _shown(unknown)},
        )
    for language, texts in sorted(out.items()):
        missing = [item_id for item_id in known if item_id not in texts]
        if missing:
            problems.append(
                _("No wording in %(language)s for item(s) %(ids)s; every item needs its wording.")
                % {"language": language, "ids": _shown(missing)}
            )
    if not out and not problems:
        problems.append(_("The file holds no wording."))
    if problems:
        raise ValidationError(problems, code="wording")
    return out


def ships_wording(definition: Mapping[str, Any]) -> bool:
    return all("text" in item for item in definition["items"])


def do_upload_wording(
    *,
    actor: User,
    organisation: Organisation,
    instrument: Instrument,
    text: str,
    licence_confirmed: bool,
    licence_note: str,
) -> list[ItemWording]:
    """Store an organisation's licensed wording (one set per language, replacing the earlier one)."""
    definition = instrument.current.definition
    if ships_wording(definition):
        raise ValidationError(
            _("%(name)s already ships its item wording; there is nothing to load.")
            % {"name": instrument.abbreviation},
            code="shipped",
        )
    if not licence_confirmed:
        raise ValidationError(
            _("Confirm that your organisation holds a licence to use this wording."), code="licence"
        )
    licence_note = licence_note.strip()
    if not licence_note:
        raise ValidationError(_("Say who granted the licence (for example the publisher and the date)."))
    if len(text.encode("utf-8")) > MAX_WORDING_BYTES:
        raise ValidationError(_("The wording file is too large."), code="size")
    by_language = parse_wording(text, definition)
    now = timezone.now()
    saved = []
    with transaction.atomic():
        for language, texts in sorted(by_language.items()):
            replaced = list(
                ItemWording.objects.select_for_update().filter(
                    organisation=organisation,
                    instrument=instrument,
                    language=language,
                    retired_at__isnull=True,
                )
            )
            ItemWording.objects.filter(pk__in=[w.pk for w in replaced]).update(retired_at=now)
            wording = ItemWording.objects.create(
                organisation=organisation,
                instrument=instrument,
                language=language,
                texts=texts,
                licence_note=licence_note[:300],
                uploaded_by=actor,
            )
            audit.record(
                actor=actor,
                action="instrument.wording_upload",
                obj=wording,
                before={"replaced": [w.pk for w in replaced]} if replaced else None,
                after={
                    "instrument": instrument.code,
                    "organisation": organisation.pk,
                    "language": language,
                    "items": len(texts),
                    "licence": licence_note[:300],
                },
            )
            saved.append(wording)
    return saved
