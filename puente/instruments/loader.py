"""Load, validate and enrich instrument definitions (pure: no Django).

Definitions are JSON files beside ``definitions/schema.json``. Validation is two-step: the JSON Schema
checks shape, then :func:`check_semantics` checks what a schema cannot (references between items,
scales and scores, band order, licence of shipped wording).
"""

from __future__ import annotations

import copy
import csv
import json
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema

DEFINITIONS_DIR = Path(__file__).resolve().parent / "definitions"
SCHEMA_PATH = DEFINITIONS_DIR / "schema.json"
LANGUAGES = ("en", "es", "pt", "ca", "it")


class DefinitionError(ValueError):
    """A definition (or a wording file merged into one) is malformed; the message says where."""


@lru_cache(maxsize=1)
def load_schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _where(path: Any) -> str:
    parts = [str(p) for p in path]
    return "/".join(parts) if parts else "(top level)"


def validate_definition(data: Mapping[str, Any]) -> None:
    """Raise DefinitionError naming the first problem, or return None when the definition is sound."""
    validator = jsonschema.Draft202012Validator(load_schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        ident = data.get("id", "?") if isinstance(data, Mapping) else "?"
        raise DefinitionError(f"definition {ident}: at {_where(first.absolute_path)}: {first.message}")
    check_semantics(data)


def _scale_values(scale: Mapping[str, Any]) -> tuple[set[int], set[int]]:
    numeric = set(range(int(scale["min"]), int(scale["max"]) + 1))
    special = {int(code) for code in scale.get("special_codes", {})}
    return numeric, special


def check_semantics(data: Mapping[str, Any]) -> None:
    ident = data["id"]

    def fail(msg: str) -> None:
        raise DefinitionError(f"definition {ident}: {msg}")

    for name, scale in data["scales"].items():
        if scale["min"] >= scale["max"]:
            fail(f"scale {name}: min must be below max")
        numeric, special = _scale_values(scale)
        if {int(k) for k in scale["labels"]} != numeric:
            fail(f"scale {name}: labels must cover exactly the values {scale['min']}..{scale['max']}")
        if numeric & special:
            fail(f"scale {name}: special codes {sorted(numeric & special)} overlap the numeric range")

    item_ids: list[str] = []
    for item in data["items"]:
        if item["id"] in item_ids:
            fail(f"duplicate item id {item['id']}")
        if not item["id"].startswith(f"{ident}_"):
            fail(f"item id {item['id']} must start with '{ident}_'")
        if item["scale"] not in data["scales"]:
            fail(f"item {item['id']}: unknown scale {item['scale']}")
        item_ids.append(item["id"])
        if "text" in item:
            from_programme = data.get("item_text", {}).get("source") == "programme"
            if not data["licence"]["item_text_redistributable"] and not from_programme:
                fail(f"item {item['id']}: wording is shipped but the licence does not allow redistribution")
            status = data.get("item_text", {}).get("status", {})
            missing = sorted(set(item["text"]) - set(status))
            if missing:
                fail(f"item {item['id']}: no item_text status for language(s) {', '.join(missing)}")
    items = {item["id"]: item for item in data["items"]}

    output_ids: list[str] = []
    for score in data["scores"]:
        output_ids.append(score["id"])
        output_ids.extend(t["id"] for t in score.get("transforms", []))
        for item_id in score["items"]:
            if item_id not in items:
                fail(f"score {score['id']}: unknown item {item_id}")
        # Definition order keeps the REDCap round trip lossless (membership travels per item).
        if score["items"] != sorted(score["items"], key=item_ids.index):
            fail(f"score {score['id']}: list its items in the order of the items array")
        if score["method"] == "count":
            for item_id in score["items"]:
                numeric, special = _scale_values(data["scales"][items[item_id]["scale"]])
                bad = set(score["count_values"]) - numeric - special
                if bad:
                    fail(f"score {score['id']}: counts value(s) {sorted(bad)} not on the scale of {item_id}")
        allowed = {
            "sum": {"prorate", "complete_only"},
            "mean": {"mean_of_answered", "complete_only"},
            "count": {"count_answered", "complete_only"},
        }[score["method"]]
        handling = score["missing"]["handling"]
        if handling not in allowed:
            fail(f"score {score['id']}: missing handling {handling} does not fit method {score['method']}")
        if handling == "complete_only" and score["missing"].get("max_missing", 0) != 0:
            fail(f"score {score['id']}: complete_only needs max_missing 0")
        for holder in [score, *score.get("transforms", [])]:
            mins = [b["min"] for b in holder.get("bands", [])]
            if mins != sorted(mins) or len(set(mins)) != len(mins):
                fail(f"score {holder['id']}: band minimums must be strictly ascending")
    duplicates = sorted({i for i in output_ids if output_ids.count(i) > 1})
    if duplicates:
        fail(f"duplicate score id(s) {', '.join(duplicates)}")
    for rule in data.get("change", []):
        if rule["score"] not in output_ids:
            fail(f"change rule refers to unknown score {rule['score']}")


def list_definitions() -> list[str]:
    return sorted(p.stem for p in DEFINITIONS_DIR.glob("*.json") if p.name != "schema.json")


@lru_cache(maxsize=64)
def _load_cached(ident: str) -> str:
    path = DEFINITIONS_DIR / f"{ident}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    validate_definition(data)
    if data["id"] != ident:
        raise DefinitionError(f"definition file {path.name} declares id {data['id']}")
    # Cache the text, hand out fresh copies: callers may enrich their copy.
    return json.dumps(data)


def load_definition(ident: str) -> dict[str, Any]:
    """Return a validated copy of a shipped definition."""
    if ident not in list_definitions():
        raise DefinitionError(f"unknown instrument '{ident}' (known: {', '.join(list_definitions())})")
    return json.loads(_load_cached(ident))


def load_definition_file(path: str | Path) -> dict[str, Any]:
    """Load and validate a definition from any path (e.g. a programme's own instrument)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DefinitionError(f"cannot read definition {path}: {exc}") from exc
    validate_definition(data)
    return data


def _read_wording(source: str | Path | Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """Read item id -> {language: text} from a mapping, a JSON file or a wide CSV file."""
    if isinstance(source, Mapping):
        raw: Any = source
    else:
        path = Path(source)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise DefinitionError(f"cannot read wording file {path}: {exc}") from exc
        if path.suffix.lower() == ".csv":
            rows = list(csv.DictReader(text.splitlines()))
            if not rows or "item_id" not in rows[0]:
                raise DefinitionError(
                    f"{path.name}: a wording CSV needs an item_id column and one column per language"
                )
            raw = {}
            for line, row in enumerate(rows, start=2):
                item_id = (row.pop("item_id") or "").strip()
                if not item_id:
                    raise DefinitionError(f"{path.name} line {line}: empty item_id")
                raw[item_id] = {lang: val for lang, val in row.items() if val and val.strip()}
        else:
            try:
                raw = json.loads(text)
            except json.JSONDecodeError as exc:
                raise DefinitionError(f"{path.name}: not valid JSON: {exc}") from exc
    if isinstance(raw, Mapping) and "items" in raw and isinstance(raw["items"], Mapping):
        raw = raw["items"]
    if not isinstance(raw, Mapping):
        raise DefinitionError("wording must map item id -> {language: text}")
    out: dict[str, dict[str, str]] = {}
    for item_id, texts in raw.items():
        if not isinstance(texts, Mapping):
            raise DefinitionError(f"wording for {item_id} must map language -> text")
        for lang, value in texts.items():
            if lang not in LANGUAGES:
                raise DefinitionError(f"wording for {item_id}: unsupported language {lang!r}")
            if not isinstance(value, str) or not value.strip():
                raise DefinitionError(f"wording for {item_id} ({lang}) must be non-empty text")
        out[str(item_id)] = {lang: value.strip() for lang, value in texts.items()}
    return out


def merge_item_text(definition: Mapping[str, Any], source: str | Path | Mapping[str, Any]) -> dict[str, Any]:
    """Return a copy of ``definition`` with a programme's licensed item wording merged in.

    The wording stays with the programme that holds the licence: it is merged at run time and never
    written back into the shipped definition files.
    """
    wording = _read_wording(source)
    merged = copy.deepcopy(dict(definition))
    known = {item["id"]: item for item in merged["items"]}
    unknown = sorted(set(wording) - set(known))
    if unknown:
        raise DefinitionError(f"wording names unknown item(s) of {merged['id']}: {', '.join(unknown)}")
    text_meta = merged.setdefault("item_text", {"status": {}})
    text_meta["source"] = "programme"
    status = text_meta.setdefault("status", {})
    for item_id, texts in wording.items():
        known[item_id].setdefault("text", {}).update(texts)
        for lang in texts:
            status.setdefault(lang, "programme_supplied")
    return merged
