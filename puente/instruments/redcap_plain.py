"""Import a data dictionary exported from any REDCap project (no Puente annotations).

What can be answered as a questionnaire item becomes one: radio and dropdown fields with whole-number
codes, yes/no and true/false, sliders, numbers with a small range, and checkbox fields (one yes/no item
per option, as REDCap itself stores them). Calculated fields are kept as information in the
description (Puente computes scores itself), descriptive text, free text, files and identifying fields
are skipped. Every decision is written in the report the researcher sees; the scoring is a placeholder
(the sum of all items, marked unverified) until they set it in the builder.

Reads comma- or semicolon-separated files (European spreadsheets), with or without a byte order mark,
with Windows or Unix line endings; columns are found by name.
"""

from __future__ import annotations

import csv
import html
import io
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from puente.instruments.builder.build import IDENTIFIER, everywhere, full_item_id
from puente.instruments.builder.presets import TOTAL_LABEL
from puente.instruments.loader import DefinitionError, validate_definition
from puente.instruments.redcap import COLUMNS, RedcapError, parse_choices

MAX_SCALE_POINTS = 101  # a 0-100 slider
MIN_SPECIAL_CODE = 7  # 7, 8, 9, 77, 88, 99, 999...: the usual "not known" or "refused" codes
_TAGS = re.compile(r"<[^>]+>")
_SAME_DIGITS = re.compile(r"^(\d)\1*$")


@dataclass(frozen=True)
class ReportLine:
    line: int
    variable: str
    field_type: str
    outcome: str  # item | information | skipped
    detail: str


@dataclass
class ImportReport:
    form: str
    code: str
    lines: list[ReportLine] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def of(self, outcome: str) -> list[ReportLine]:
        return [line for line in self.lines if line.outcome == outcome]

    def summary(self) -> dict[str, Any]:
        return {
            "form": self.form,
            "items": len(self.of("item")),
            "information": [line.variable for line in self.of("information")],
            "skipped": [line.variable for line in self.of("skipped")],
        }


def _key(name: str) -> str:
    return " ".join(name.replace("\ufeff", "").split()).lower()


def read_dictionary(text: str) -> list[tuple[int, dict[str, str]]]:
    """Rows of a data dictionary as {standard column: cell}, with the line each starts on."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise RedcapError("line 1: empty file, expected the REDCap data dictionary header")
    first = text.splitlines()[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        header = [_key(h) for h in next(reader)]
        wanted = {_key(c): c for c in COLUMNS}
        missing = [c for k, c in wanted.items() if k not in header]
        if missing:
            raise RedcapError(
                "line 1: the header lacks the column(s) "
                + ", ".join(repr(c) for c in missing)
                + f"; a REDCap data dictionary has these {len(COLUMNS)} columns: "
                + ", ".join(COLUMNS)
            )
        position = {wanted[k]: header.index(k) for k in wanted}
        rows, last = [], reader.line_num
        for cells in reader:
            line, last = last + 1, reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if len(cells) < len(header):
                raise RedcapError(f"line {line}: {len(cells)} columns, expected {len(header)}")
            rows.append((line, {column: cells[i] for column, i in position.items()}))
    except csv.Error as exc:
        raise RedcapError(f"this is not a well-formed CSV file ({exc})") from None
    return rows


def as_comma_csv(rows: list[tuple[int, dict[str, str]]]) -> str:
    """The dictionary rewritten as Puente's own codec reads it (standard column order, commas)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows([row[c] for c in COLUMNS] for _line, row in rows)
    return out.getvalue()


def plain_text(label: str) -> str:
    return " ".join(html.unescape(_TAGS.sub(" ", label)).split())


def forms_of(rows: list[tuple[int, dict[str, str]]]) -> list[str]:
    return list(dict.fromkeys(row["Form Name"].strip() for _line, row in rows))


class _Importer:
    def __init__(self, code: str, report: ImportReport) -> None:
        self.code = code
        self.report = report
        self.scales: dict[str, dict[str, Any]] = {}
        self.items: list[dict[str, Any]] = []
        self.calculations: list[str] = []
        self.renamed: list[str] = []

    def note(self, line: int, row: dict[str, str], outcome: str, detail: str) -> None:
        variable = row["Variable / Field Name"].strip()
        self.report.lines.append(ReportLine(line, variable, row["Field Type"].strip(), outcome, detail))

    def scale(self, scale: dict[str, Any], preferred: str) -> str:
        for name, known in self.scales.items():
            if known == scale:
                return name
        name, number = preferred, 1
        while name in self.scales:
            number += 1
            name = f"{preferred}_{number}"
        self.scales[name] = scale
        return name

    def add_item(
        self, line: int, row: dict[str, str], variable: str, label: str, scale: dict, hint: str
    ) -> bool:
        item_id = full_item_id(self.code, variable)
        if not IDENTIFIER.match(item_id):
            self.note(line, row, "skipped", _("its name is too long once prefixed with the instrument code"))
            return False
        if item_id != variable:
            self.renamed.append(f"{variable} → {item_id}")
        item: dict[str, Any] = {"id": item_id, "number": len(self.items) + 1}
        item["scale"] = self.scale(scale, hint)
        if row["Required Field?"].strip().lower() == "y":
            item["required"] = True
        if label:
            item["label"] = everywhere(label[:500])
        self.items.append(item)
        return True


def _numbered_scale(low: int, high: int, ends: list[str]) -> dict[str, Any]:
    labels = {str(v): everywhere(str(v)) for v in range(low, high + 1)}
    if ends:
        labels[str(low)] = everywhere(f"{low} - {ends[0]}")
        labels[str(high)] = everywhere(f"{high} - {ends[-1]}")
    return {"min": low, "max": high, "labels": labels}


def choices_scale(choices: list[tuple[str, str]]) -> tuple[dict[str, Any] | None, str]:
    """A scale from REDCap choices; codes after a gap written with one repeated digit (9, 99, 888)
    become special codes (answers such as "don't know" that are not scored)."""
    if not all(code.isdigit() for code, _label in choices):
        return None, _("its choice codes are not whole numbers of 0 or more")
    pairs = sorted((int(code), plain_text(label) or code) for code, label in choices)
    values = [v for v, _label in pairs]
    run = [values[0]]
    for value in values[1:]:
        if value != run[-1] + 1:
            break
        run.append(value)
    rest = [(v, label) for v, label in pairs if v not in run]
    if any(v < MIN_SPECIAL_CODE or not _SAME_DIGITS.match(str(v)) for v, _label in rest):
        return None, _("its choice codes are not consecutive (%(codes)s)") % {
            "codes": ", ".join(str(v) for v in values)
        }
    if len(run) < 2:
        return None, _("it offers fewer than two consecutive choices")
    scale: dict[str, Any] = {
        "min": run[0],
        "max": run[-1],
        "labels": {str(v): everywhere(label) for v, label in pairs if v in run},
    }
    detail = _("scale %(low)s-%(high)s") % {"low": run[0], "high": run[-1]}
    if rest:
        scale["special_codes"] = {
            str(v): {"meaning": f"code_{v}", "label": everywhere(label)} for v, label in rest
        }
        detail += "; " + _("%(codes)s kept as answers that are not scored") % {
            "codes": ", ".join(f"{v} ({label})" for v, label in rest)
        }
    return scale, detail


def _bounds(row: dict[str, str], default: tuple[int, int] | None) -> tuple[int, int] | None:
    try:
        low = int(row["Text Validation Min"].strip()) if row["Text Validation Min"].strip() else None
        high = int(row["Text Validation Max"].strip()) if row["Text Validation Max"].strip() else None
    except ValueError:
        return None
    if low is None or high is None:
        return default
    if low < 0 or high <= low or high - low + 1 > MAX_SCALE_POINTS:
        return None
    return low, high


TICK_SCALE = {"min": 0, "max": 1, "labels": {"0": everywhere("Not ticked"), "1": everywhere("Ticked")}}


def _field(imp: _Importer, line: int, row: dict[str, str]) -> None:
    kind = row["Field Type"].strip().lower()
    variable = row["Variable / Field Name"].strip()
    label = plain_text(row["Field Label"])
    if row["Identifier?"].strip().lower() == "y":
        imp.note(
            line, row, "skipped", _("marked as identifying data; questionnaires here hold no identities")
        )
        return
    if kind == "descriptive":
        imp.note(line, row, "skipped", _("descriptive text, not a question"))
        return
    if kind == "calc":
        formula = " ".join(row["Choices, Calculations, OR Slider Labels"].split())
        imp.calculations.append(f"{variable} = {formula}")
        imp.note(
            line, row, "information", _("calculated field kept in the description: %(f)s") % {"f": formula}
        )
        return
    if kind in ("radio", "dropdown"):
        try:
            choices = parse_choices(row["Choices, Calculations, OR Slider Labels"])
        except ValueError as exc:
            imp.note(line, row, "skipped", _("its choices cannot be read (%(e)s)") % {"e": exc})
            return
        scale, detail = choices_scale(choices)
        if scale is None:
            imp.note(line, row, "skipped", detail)
        elif imp.add_item(line, row, variable, label, scale, "choices"):
            imp.note(line, row, "item", detail)
        return
    if kind in ("yesno", "truefalse"):
        words = ("No", "Yes") if kind == "yesno" else ("False", "True")
        scale = {"min": 0, "max": 1, "labels": {"0": everywhere(words[0]), "1": everywhere(words[1])}}
        if imp.add_item(line, row, variable, label, scale, kind):
            imp.note(line, row, "item", _("0 %(no)s, 1 %(yes)s") % {"no": words[0], "yes": words[1]})
        return
    if kind == "checkbox":
        try:
            choices = parse_choices(row["Choices, Calculations, OR Slider Labels"])
        except ValueError as exc:
            imp.note(line, row, "skipped", _("its choices cannot be read (%(e)s)") % {"e": exc})
            return
        made = [
            code
            for code, option in choices
            if re.match(r"^[a-z0-9_]+$", code.lower())
            and imp.add_item(
                line,
                row,
                f"{variable}___{code.lower()}",
                f"{label}: {plain_text(option)}",
                TICK_SCALE,
                "ticked",
            )
        ]
        imp.note(
            line,
            row,
            "item" if made else "skipped",
            _("multiple choice: one yes/no item per option (%(n)s), as REDCap stores it") % {"n": len(made)},
        )
        return
    if kind == "slider":
        bounds = _bounds(row, (0, 100))
        if bounds is None:
            imp.note(line, row, "skipped", _("its slider range is not whole numbers of at most 100 steps"))
            return
        ends = [plain_text(p) for p in row["Choices, Calculations, OR Slider Labels"].split("|") if p.strip()]
        if imp.add_item(line, row, variable, label, _numbered_scale(*bounds, ends), "slider"):
            imp.note(line, row, "item", _("slider %(low)s-%(high)s") % {"low": bounds[0], "high": bounds[1]})
        return
    if kind == "text":
        validation = row["Text Validation Type OR Show Slider Number"].strip().lower()
        bounds = _bounds(row, None) if validation in ("integer", "number") else None
        if bounds is not None:
            if imp.add_item(line, row, variable, label, _numbered_scale(*bounds, []), "number"):
                imp.note(
                    line,
                    row,
                    "item",
                    _("number from %(low)s to %(high)s") % {"low": bounds[0], "high": bounds[1]},
                )
            return
        imp.note(line, row, "skipped", _("free text or a date, which is not scored"))
        return
    if kind == "notes":
        imp.note(line, row, "skipped", _("free text, which is not scored"))
        return
    imp.note(
        line,
        row,
        "skipped",
        _("a %(kind)s field cannot be answered in a questionnaire here") % {"kind": kind},
    )


def import_plain_dictionary(
    text: str, *, form: str = "", code: str = "", language: str = "en"
) -> tuple[dict[str, Any], ImportReport]:
    """A definition (placeholder scoring) and the report of what became of every field."""
    rows = read_dictionary(text)
    forms = forms_of(rows)
    if not form:
        if len(forms) != 1:
            raise RedcapError(
                f"the dictionary holds {len(forms)} forms ({', '.join(forms)}); name the one to import"
            )
        form = forms[0]
    if form not in forms:
        raise RedcapError(f"there is no form {form!r} in this dictionary (it holds {', '.join(forms)})")
    code = (code or re.sub(r"[^a-z0-9_]", "_", form.lower())).strip("_")
    if not IDENTIFIER.match(code) or len(code) > 40:
        raise RedcapError(
            f"{code!r} cannot be an instrument code; give one (lower-case letters, digits and _)"
        )
    report = ImportReport(form=form, code=code)
    imp = _Importer(code, report)
    for line, row in rows:
        if row["Form Name"].strip() != form:
            continue
        header = plain_text(row["Section Header"])
        if header:
            report.notes.append(
                _("Section “%(header)s” starts at %(var)s.")
                % {"header": header, "var": row["Variable / Field Name"].strip()}
            )
        branching = " ".join(row["Branching Logic (Show field only if...)"].split())
        if branching:
            report.notes.append(
                _(
                    "%(var)s is shown in REDCap only if %(logic)s; here it is always asked "
                    "(leave it blank when it does not apply)."
                )
                % {"var": row["Variable / Field Name"].strip(), "logic": branching}
            )
        _field(imp, line, row)
    if not imp.items:
        raise RedcapError(
            f"no field of form {form!r} can become a questionnaire item (radio, dropdown, yes/no, "
            "checkbox, slider or a number with a range)"
        )
    if imp.renamed:
        report.notes.insert(
            0,
            _("Item ids start with the instrument code: %(examples)s.")
            % {"examples": ", ".join(imp.renamed[:5])}
            + (" …" if len(imp.renamed) > 5 else ""),
        )
    name = form.replace("_", " ").strip().capitalize()
    description = _("Imported from the REDCap form %(form)s.") % {"form": form}
    if imp.calculations:
        description += " " + _("REDCap calculated fields: %(calc)s") % {"calc": "; ".join(imp.calculations)}
    item_ids = [item["id"] for item in imp.items]
    definition: dict[str, Any] = {
        "id": code,
        "name": everywhere(name),
        "abbreviation": code.upper()[:40],
        "version": "1",
        "language": language,
        "description": description,
        "reference": {
            "citation": f"Imported from the REDCap data dictionary, form {form}.",
            "scoring_source": "Not set yet: a placeholder total (sum of all items) until the scoring is set.",
        },
        "licence": {
            "item_text_redistributable": False,
            "note": "Labels as written in the REDCap project; check the rights before sharing them.",
        },
        "scales": imp.scales,
        "items": imp.items,
        "scores": [
            {
                "id": "total",
                "kind": "total",
                "label": dict(TOTAL_LABEL),
                "method": "sum",
                "items": item_ids,
                "missing": {"max_missing": 0, "handling": "complete_only"},
                "range": [
                    sum(imp.scales[i["scale"]]["min"] for i in imp.items),
                    sum(imp.scales[i["scale"]]["max"] for i in imp.items),
                ],
            }
        ],
        "verification": [
            {
                "fact": "scoring imported from REDCap",
                "status": "unverified",
                "reason": "REDCap dictionaries carry no scoring; the total is a placeholder until it is set",
            }
        ],
    }
    try:
        validate_definition(definition)
    except DefinitionError as exc:
        raise RedcapError(str(exc)) from exc
    return definition, report
