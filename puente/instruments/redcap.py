"""REDCap data dictionary codec for instrument definitions (pure: no Django).

Export writes one form per instrument: a descriptive field ``<id>_about`` followed by one radio field
per item. Puente's own information travels in the Field Annotation column as action-tag-like tokens
that REDCap keeps but ignores:

``@PUENTE-INSTRUMENT={json}``  (on ``<id>_about``) everything in the definition except the items and
                               each score's item list
``@PUENTE-SCALE=name``         the item's response scale (its choices must match that scale)
``@PUENTE-REVERSE``            the item is reverse-keyed
``@PUENTE-SUBSCALE=a,b``       ids of the scores (totals and subscales) the item counts towards
``@PUENTE-LABEL={json}``       translated item label, language -> text
``@PUENTE-TEXT={json}``        item wording, language -> text (only present when the definition has it)

A value is either a bare word (up to the next space) or a JSON value. Choices are written the REDCap
way, ``1, Label | 2, Label``, with English labels; special codes (e.g. ``9, Not known``) follow.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from puente.instruments.loader import validate_definition

COLUMNS = (
    "Variable / Field Name",
    "Form Name",
    "Section Header",
    "Field Type",
    "Field Label",
    "Choices, Calculations, OR Slider Labels",
    "Field Note",
    "Text Validation Type OR Show Slider Number",
    "Text Validation Min",
    "Text Validation Max",
    "Identifier?",
    "Branching Logic (Show field only if...)",
    "Required Field?",
    "Custom Alignment",
    "Question Number (surveys only)",
    "Matrix Group Name",
    "Matrix Ranking?",
    "Field Annotation",
)
FIELD_TYPES = frozenset(
    {
        "text",
        "notes",
        "dropdown",
        "radio",
        "checkbox",
        "yesno",
        "truefalse",
        "file",
        "calc",
        "slider",
        "descriptive",
        "sql",
    }
)
CHOICE_TYPES = frozenset({"dropdown", "radio", "checkbox"})
_VARIABLE = re.compile(r"^[a-z][a-z0-9_]*$")
_CHOICE = re.compile(r"^\s*(-?[A-Za-z0-9_.]+)\s*,\s*(.*?)\s*$", re.DOTALL)
_TOKEN = re.compile(r"@PUENTE-([A-Z]+)")


class RedcapError(ValueError):
    """Malformed data dictionary; the message names the line."""


@dataclass
class Field:
    line: int
    name: str
    form: str
    field_type: str
    label: str
    choices: list[tuple[str, str]]
    question_number: str
    annotation: str
    tags: dict[str, Any] = field(default_factory=dict)
    required: bool = False


def parse_choices(text: str) -> list[tuple[str, str]]:
    """Parse ``1, Label | 2, Label``; raise ValueError describing the bad part."""
    choices: list[tuple[str, str]] = []
    for part in text.split("|"):
        match = _CHOICE.match(part)
        if not match or not match.group(2):
            raise ValueError(f"choice {part.strip()!r} is not 'code, label'")
        choices.append((match.group(1), match.group(2)))
    codes = [c for c, _ in choices]
    if len(set(codes)) != len(codes):
        raise ValueError("a choice code is repeated")
    return choices


def parse_annotation(text: str) -> dict[str, Any]:
    """Read ``@PUENTE-NAME[=value]`` tokens; other annotation text is left alone."""
    tags: dict[str, Any] = {}
    decoder = json.JSONDecoder()
    for match in _TOKEN.finditer(text):
        name, pos = match.group(1), match.end()
        if pos < len(text) and text[pos] == "=":
            pos += 1
            if pos < len(text) and text[pos] in '{["':
                try:
                    value, _ = decoder.raw_decode(text, pos)
                except json.JSONDecodeError as exc:
                    raise ValueError(f"@PUENTE-{name} has invalid JSON: {exc.msg}") from exc
            else:
                value = re.match(r"\S*", text[pos:]).group(0)  # type: ignore[union-attr]
        else:
            value = True
        if name in tags:
            raise ValueError(f"@PUENTE-{name} appears twice")
        tags[name] = value
    return tags


def parse_dictionary(text: str) -> list[Field]:
    """Parse and check any REDCap data dictionary CSV: header, field types, choices, duplicates."""
    try:
        return _parse_dictionary(text)
    except csv.Error as exc:
        # e.g. a bare carriage return inside a field: the file is not CSV as REDCap writes it.
        raise RedcapError(f"this is not a well-formed CSV file ({exc})") from None


def _parse_dictionary(text: str) -> list[Field]:
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = next(reader)
    except StopIteration:
        raise RedcapError("line 1: empty file, expected the REDCap data dictionary header") from None
    if tuple(h.strip() for h in header) != COLUMNS:
        got = [h.strip() for h in header]
        for i, expected in enumerate(COLUMNS):
            if i >= len(got) or got[i] != expected:
                found = got[i] if i < len(got) else "nothing"
                raise RedcapError(f"line 1: header column {i + 1} should be {expected!r}, found {found!r}")
        raise RedcapError(f"line 1: header has {len(got)} columns, expected {len(COLUMNS)}")
    fields: list[Field] = []
    seen: dict[str, int] = {}
    last_line = reader.line_num
    for row in reader:
        line, last_line = last_line + 1, reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(COLUMNS):
            raise RedcapError(f"line {line}: {len(row)} columns, expected {len(COLUMNS)}")
        cells = dict(zip(COLUMNS, row, strict=True))
        name = cells["Variable / Field Name"].strip()
        if not _VARIABLE.match(name):
            raise RedcapError(f"line {line}: variable name {name!r} must be lower case letters, digits and _")
        if name in seen:
            raise RedcapError(f"line {line}: duplicate variable {name!r} (first on line {seen[name]})")
        seen[name] = line
        field_type = cells["Field Type"].strip()
        if field_type not in FIELD_TYPES:
            raise RedcapError(f"line {line}: unknown field type {field_type!r} for {name}")
        choices: list[tuple[str, str]] = []
        raw_choices = cells["Choices, Calculations, OR Slider Labels"].strip()
        if field_type in CHOICE_TYPES:
            try:
                choices = parse_choices(raw_choices)
            except ValueError as exc:
                raise RedcapError(f"line {line}: bad choices for {name}: {exc}") from exc
        try:
            tags = parse_annotation(cells["Field Annotation"])
        except ValueError as exc:
            raise RedcapError(f"line {line}: bad annotation for {name}: {exc}") from exc
        fields.append(
            Field(
                line,
                name,
                cells["Form Name"].strip(),
                field_type,
                cells["Field Label"],
                choices,
                cells["Question Number (surveys only)"].strip(),
                cells["Field Annotation"],
                tags,
                cells["Required Field?"].strip().lower() == "y",
            )
        )
    return fields


# -- export -----------------------------------------------------------------------------------


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _choices(scale: Mapping[str, Any]) -> str:
    pairs = [(code, label["en"]) for code, label in scale["labels"].items()]
    pairs += [(code, spec["label"]["en"]) for code, spec in scale.get("special_codes", {}).items()]
    for _code, label in pairs:
        if "|" in label:
            raise ValueError(f"choice label {label!r} contains '|', which REDCap cannot store")
    return " | ".join(f"{code}, {label}" for code, label in pairs)


def _rows(definition: Mapping[str, Any]) -> list[list[str]]:
    ident = definition["id"]
    meta = {k: v for k, v in definition.items() if k != "items"}
    meta["scores"] = [{k: v for k, v in s.items() if k != "items"} for s in definition["scores"]]
    rows = [
        _row(
            f"{ident}_about",
            ident,
            "descriptive",
            definition["name"]["en"],
            "",
            "",
            f"@PUENTE-INSTRUMENT={_json(meta)}",
        )
    ]
    member_of: dict[str, list[str]] = {}
    for score in definition["scores"]:
        for item_id in score["items"]:
            member_of.setdefault(item_id, []).append(score["id"])
    for item in definition["items"]:
        tags = [f"@PUENTE-SCALE={item['scale']}"]
        if item.get("reverse"):
            tags.append("@PUENTE-REVERSE")
        if item["id"] in member_of:
            tags.append(f"@PUENTE-SUBSCALE={','.join(member_of[item['id']])}")
        if "label" in item:
            tags.append(f"@PUENTE-LABEL={_json(item['label'])}")
        if "text" in item:
            tags.append(f"@PUENTE-TEXT={_json(item['text'])}")
        words = item.get("text") or item.get("label") or {}
        shown = words.get("en") or f"{definition['abbreviation']} {item['id']}"
        number = str(item["number"]) if "number" in item else ""
        rows.append(
            _row(
                item["id"],
                ident,
                "radio",
                shown,
                _choices(definition["scales"][item["scale"]]),
                number,
                " ".join(tags),
                required=bool(item.get("required")),
            )
        )
    return rows


def _row(
    name: str,
    form: str,
    field_type: str,
    label: str,
    choices: str,
    number: str,
    note: str,
    *,
    required: bool = False,
) -> list[str]:
    row = dict.fromkeys(COLUMNS, "")
    row.update(
        {
            "Variable / Field Name": name,
            "Form Name": form,
            "Field Type": field_type,
            "Field Label": label,
            "Choices, Calculations, OR Slider Labels": choices,
            "Question Number (surveys only)": number,
            "Field Annotation": note,
            "Required Field?": "y" if required else "",
        }
    )
    return [row[c] for c in COLUMNS]


def to_redcap_csv(definitions: Mapping[str, Any] | Iterable[Mapping[str, Any]]) -> str:
    """Data dictionary CSV for one definition or several (one REDCap form each)."""
    defs = [definitions] if isinstance(definitions, Mapping) else list(definitions)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for definition in defs:
        writer.writerows(_rows(definition))
    return out.getvalue()


# -- import -----------------------------------------------------------------------------------


def from_redcap_csv(text: str, form: str | None = None) -> dict[str, Any]:
    """Rebuild a definition from a dictionary exported by :func:`to_redcap_csv`."""
    fields = parse_dictionary(text)
    forms = list(dict.fromkeys(f.form for f in fields))
    if form is None:
        if len(forms) != 1:
            raise RedcapError(f"dictionary holds {len(forms)} forms ({', '.join(forms)}); name one")
        form = forms[0]
    mine = [f for f in fields if f.form == form]
    if not mine:
        raise RedcapError(f"no fields in form {form!r}")
    about = [f for f in mine if "INSTRUMENT" in f.tags]
    if len(about) != 1:
        line = mine[0].line
        raise RedcapError(f"line {line}: form {form} needs exactly one field tagged @PUENTE-INSTRUMENT")
    meta = about[0].tags["INSTRUMENT"]
    if not isinstance(meta, dict) or not isinstance(meta.get("scales"), dict) or "scores" not in meta:
        raise RedcapError(
            f"line {about[0].line}: @PUENTE-INSTRUMENT must hold the instrument's scales and scores"
        )
    score_ids = [s.get("id") for s in meta["scores"]]
    members: dict[str, list[str]] = {sid: [] for sid in score_ids}
    items = []
    for f in mine:
        if f.field_type not in ("radio", "dropdown"):
            continue
        items.append(_item(f, meta, members))
    definition = {**meta, "items": items}
    definition["scores"] = [{**s, "items": members[s["id"]]} for s in meta["scores"]]
    # Put keys back in the customary order so exported-then-imported files diff cleanly.
    order = [
        "$schema",
        "id",
        "name",
        "abbreviation",
        "version",
        "description",
        "reference",
        "licence",
        "item_text",
        "scales",
        "items",
        "assessment_missing",
        "scores",
        "change",
        "verification",
    ]
    definition = {k: definition[k] for k in order if k in definition} | {
        k: v for k, v in definition.items() if k not in order
    }
    validate_definition(definition)
    return definition


def _item(f: Field, meta: Mapping[str, Any], members: dict[str, list[str]]) -> dict[str, Any]:
    scale_name = f.tags.get("SCALE")
    if not isinstance(scale_name, str) or scale_name not in meta["scales"]:
        raise RedcapError(f"line {f.line}: {f.name} needs @PUENTE-SCALE naming a scale of the instrument")
    scale = meta["scales"][scale_name]
    expected = [(code, label["en"]) for code, label in scale["labels"].items()]
    expected += [(code, spec["label"]["en"]) for code, spec in scale.get("special_codes", {}).items()]
    if f.choices != expected:
        raise RedcapError(f"line {f.line}: choices of {f.name} do not match scale {scale_name}")
    item: dict[str, Any] = {"id": f.name}
    if f.question_number:
        if not f.question_number.isdigit():
            raise RedcapError(f"line {f.line}: question number {f.question_number!r} is not a whole number")
        item["number"] = int(f.question_number)
    item["scale"] = scale_name
    if f.tags.get("REVERSE") is True:
        item["reverse"] = True
    if f.required:
        item["required"] = True
    for tag, key in (("LABEL", "label"), ("TEXT", "text")):
        if tag in f.tags:
            if not isinstance(f.tags[tag], dict):
                raise RedcapError(f"line {f.line}: @PUENTE-{tag} must be a JSON object")
            item[key] = f.tags[tag]
    subscales = f.tags.get("SUBSCALE")
    if subscales is not None:
        if not isinstance(subscales, str) or not subscales:
            raise RedcapError(f"line {f.line}: @PUENTE-SUBSCALE needs score ids")
        for sid in subscales.split(","):
            if sid not in members:
                raise RedcapError(f"line {f.line}: {f.name} names unknown score {sid!r}")
            members[sid].append(f.name)
    return item
