"""Turn the builder's rows into an instrument definition.

Every problem a researcher can make in the form is named here in words they understand (which row,
which id); the result is then checked against the JSON schema by the catalogue service as any
definition is. Parts of the edited version the form does not show (references, licence, wording,
verification, change rules) are kept as they were.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext as _

from puente.instruments.builder.presets import CUSTOM, LANGUAGES, PRESET_SCALES, TOTAL_LABEL
from puente.instruments.presentation import pick

IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
DEFAULT_REFERENCE = {
    "citation": "Custom instrument defined by its authors in Puente.",
    "scoring_source": "Scoring rule set by the instrument's authors in the Puente instrument builder.",
}
DEFAULT_LICENCE = {
    "item_text_redistributable": False,
    "note": "Item labels written by the programme's researchers; check the rights before sharing them.",
}
DEFAULT_VERIFICATION = [
    {
        "fact": "scoring rule entered in the instrument builder",
        "status": "unverified",
        "reason": "custom instrument: not checked against a published source",
    }
]


class BuilderError(ValueError):
    """Problems in the builder's rows; ``messages`` lists every one of them."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass
class ItemRow:
    id: str
    label: str = ""
    scale: str = "agree5"
    choices: str = ""
    required: bool = False
    reverse: bool = False


@dataclass
class SubscaleRow:
    name: str
    items: str


@dataclass
class BandRow:
    score: str
    min: float
    label: str


@dataclass
class BuilderInput:
    code: str
    name: str
    abbreviation: str
    language: str
    method: str  # sum | mean
    max_missing_percent: int
    items: list[ItemRow]
    subscales: list[SubscaleRow] = field(default_factory=list)
    bands: list[BandRow] = field(default_factory=list)
    reference: str = ""
    base: Mapping[str, Any] | None = None


def everywhere(text: str) -> dict[str, str]:
    """A label written in one language, used for every language until someone translates it."""
    return dict.fromkeys(LANGUAGES, text)


def keep_or_replace(base_label: Mapping[str, str] | None, text: str, language: str) -> dict[str, str]:
    """Keep a translated label when the researcher did not change it in their language."""
    if base_label and pick(base_label, language) == text:
        return dict(base_label)
    return everywhere(text)


def parse_custom_choices(text: str) -> dict[str, Any]:
    """``1, Never | 2, Often`` (or one ``value, label`` a line) -> a scale; ValueError says what is wrong."""
    parts = [p.strip() for p in re.split(r"[|\n]", text) if p.strip()]
    if not parts:
        raise ValueError(_("the custom choices are empty; write one 'value, label' per line"))
    pairs: list[tuple[int, str]] = []
    for part in parts:
        value, sep, label = part.partition(",")
        if not sep or not label.strip():
            raise ValueError(_("'%(part)s' is not 'value, label'") % {"part": part})
        if not value.strip().isdigit():
            raise ValueError(
                _("the value '%(value)s' is not a whole number of 0 or more") % {"value": value.strip()}
            )
        if "|" in label:
            raise ValueError(_("a label cannot contain '|'"))
        pairs.append((int(value), label.strip()))
    values = [v for v, _label in pairs]
    if len(set(values)) != len(values):
        raise ValueError(_("a value is used twice"))
    if len(pairs) < 2:
        raise ValueError(_("give at least two choices"))
    if sorted(values) != list(range(min(values), max(values) + 1)):
        raise ValueError(_("the values must be consecutive whole numbers (for example 1, 2, 3, 4)"))
    return {
        "min": min(values),
        "max": max(values),
        "labels": {str(v): everywhere(label) for v, label in sorted(pairs)},
    }


def full_item_id(code: str, raw: str) -> str:
    item_id = raw.strip().lower()
    return item_id if item_id.startswith(f"{code}_") else f"{code}_{item_id}"


def score_id_for(name: str) -> str:
    ident = slugify(name).replace("-", "_")
    return ident if ident[:1].isalpha() else f"s_{ident}" if ident else ""


def _missing(method: str, percent: int) -> dict[str, Any]:
    if percent <= 0:
        return {"max_missing": 0, "handling": "complete_only"}
    handling = "prorate" if method == "sum" else "mean_of_answered"
    return {"max_missing_fraction": round(percent / 100, 4), "handling": handling}


def _same_rule(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    keys = ("max_missing", "max_missing_fraction", "handling")
    return all(a.get(k) == b.get(k) for k in keys)


def _range(method: str, scales: list[Mapping[str, Any]]) -> list[float]:
    if method == "sum":
        return [sum(s["min"] for s in scales), sum(s["max"] for s in scales)]
    return [min(s["min"] for s in scales), max(s["max"] for s in scales)]


class _Builder:
    def __init__(self, spec: BuilderInput) -> None:
        self.spec = spec
        self.base = copy.deepcopy(dict(spec.base)) if spec.base else {}
        self.errors: list[str] = []
        self.scales: dict[str, dict[str, Any]] = {}
        self.custom: dict[str, str] = {}  # canonical choices -> scale name

    def fail(self, message: str) -> None:
        self.errors.append(message)

    def scale_for(self, row: ItemRow, position: int) -> str | None:
        base_scales = self.base.get("scales", {})
        if row.scale == CUSTOM:
            try:
                scale = parse_custom_choices(row.choices)
            except ValueError as exc:
                self.fail(
                    _("Item %(n)s (%(id)s): %(problem)s.") % {"n": position, "id": row.id, "problem": exc}
                )
                return None
            key = repr(scale)
            if key not in self.custom:
                taken = set(base_scales) | set(PRESET_SCALES) | set(self.scales)
                number = 1
                while f"choices_{number}" in taken:
                    number += 1
                self.custom[key] = f"choices_{number}"
                self.scales[f"choices_{number}"] = scale
            return self.custom[key]
        if row.scale in base_scales:
            self.scales[row.scale] = base_scales[row.scale]
            return row.scale
        if row.scale in PRESET_SCALES:
            self.scales[row.scale] = copy.deepcopy(PRESET_SCALES[row.scale])
            return row.scale
        self.fail(
            _("Item %(n)s (%(id)s): choose a response scale from the list.") % {"n": position, "id": row.id}
        )
        return None

    def items(self) -> list[dict[str, Any]]:
        code, language = self.spec.code, self.spec.language
        base_items = {item["id"]: item for item in self.base.get("items", [])}
        seen: dict[str, int] = {}
        items = []
        for position, row in enumerate(self.spec.items, start=1):
            item_id = full_item_id(code, row.id)
            if not row.id.strip() or not IDENTIFIER.match(item_id):
                self.fail(
                    _("Item %(n)s: the id '%(id)s' may only hold lower-case letters, digits and _.")
                    % {"n": position, "id": row.id}
                )
                continue
            if item_id in seen:
                self.fail(
                    _(
                        "Item %(n)s: the id %(id)s is already used by item %(first)s; "
                        "every item needs its own id."
                    )
                    % {"n": position, "id": item_id, "first": seen[item_id]}
                )
                continue
            seen[item_id] = position
            scale = self.scale_for(row, position)
            if scale is None:
                continue
            item: dict[str, Any] = {"id": item_id, "number": position, "scale": scale}
            if row.reverse:
                item["reverse"] = True
            if row.required:
                item["required"] = True
            before = base_items.get(item_id, {})
            label = row.label.strip()
            shown = pick(before.get("text"), language) or pick(before.get("label"), language)
            if before and label == shown:
                for key in ("label", "text"):  # unchanged: keep translations and licensed wording
                    if key in before:
                        item[key] = before[key]
            elif label:
                item["label"] = everywhere(label)
            items.append(item)
        if not items and not self.errors:
            self.fail(_("Add at least one item."))
        return items

    def scores(self, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        spec, language = self.spec, self.spec.language
        if spec.method not in ("sum", "mean"):
            self.fail(_("Choose how the score is computed: sum or mean."))
            return []
        if not 0 <= spec.max_missing_percent <= 100:
            self.fail(_("The share of items that may be missing is between 0 and 100 %."))
            return []
        order = [item["id"] for item in items]
        scale_of = {item["id"]: self.scales[item["scale"]] for item in items}
        base_scores = {s["id"]: s for s in self.base.get("scores", [])}
        rule = _missing(spec.method, spec.max_missing_percent)
        total_base = base_scores.get("total", {})
        groups: list[tuple[str, str, dict[str, str], list[str]]] = [
            ("total", "total", dict(total_base.get("label") or TOTAL_LABEL), order)
        ]
        names: dict[str, str] = {}
        for position, row in enumerate(spec.subscales, start=1):
            name = row.name.strip()
            # A subscale keeps its id while its name is unchanged (bands, change rules refer to it).
            same = [sid for sid, s in base_scores.items() if name and pick(s["label"], language) == name]
            score_id = same[0] if same else score_id_for(name)
            if not name or not IDENTIFIER.match(score_id):
                self.fail(_("Subscale %(n)s needs a name made of letters or digits.") % {"n": position})
                continue
            if score_id == "total" or score_id in names:
                self.fail(_("Subscale %(name)s: another score already has this name.") % {"name": name})
                continue
            names[score_id] = name
            wanted = [part for part in re.split(r"[\s,;]+", row.items) if part]
            if not wanted:
                self.fail(_("Subscale %(name)s has no items; list the ids of its items.") % {"name": name})
                continue
            members = []
            for raw in wanted:
                item_id = full_item_id(spec.code, raw)
                if item_id not in scale_of:
                    self.fail(
                        _("Subscale %(name)s names the item %(id)s, which is not in the list of items.")
                        % {"name": name, "id": raw}
                    )
                elif item_id not in members:
                    members.append(item_id)
            members.sort(key=order.index)
            label = keep_or_replace(base_scores.get(score_id, {}).get("label"), name, language)
            groups.append((score_id, "subscale", label, members))
        bands = self.bands(names)
        scores = []
        for score_id, kind, label, members in groups:
            if not members:
                continue
            before = base_scores.get(score_id, {})
            missing = dict(before["missing"]) if before and _same_rule(before["missing"], rule) else rule
            score = {
                "id": score_id,
                "kind": kind,
                "label": label,
                "method": spec.method,
                "items": members,
                "missing": missing,
                "range": _range(spec.method, [scale_of[i] for i in members]),
            }
            if score_id in bands:
                score["bands"] = self.checked_bands(score, bands[score_id], before)
            scores.append(score)
        return scores

    def bands(self, names: dict[str, str]) -> dict[str, list[BandRow]]:
        by_name = {name.strip().lower(): score_id for score_id, name in names.items()}
        by_name.update({"total": "total", _("total").lower(): "total"})
        out: dict[str, list[BandRow]] = {}
        for row in self.spec.bands:
            score_id = by_name.get(row.score.strip().lower()) or (row.score if row.score in names else None)
            if score_id is None:
                self.fail(
                    _(
                        "The band '%(label)s' is for the score '%(score)s', which does not exist; "
                        "use 'total' or the name of a subscale."
                    )
                    % {"label": row.label, "score": row.score}
                )
                continue
            out.setdefault(score_id, []).append(row)
        return out

    def checked_bands(self, score: dict[str, Any], rows: list[BandRow], before: Mapping[str, Any]) -> list:
        name = pick(score["label"], self.spec.language)
        rows = sorted(rows, key=lambda r: r.min)
        if len(rows) < 2:
            self.fail(
                _("Give %(score)s at least two bands (each band starts where the previous one ends).")
                % {"score": name}
            )
        mins = [r.min for r in rows]
        if len(set(mins)) != len(mins):
            self.fail(_("Two bands of %(score)s start at the same value.") % {"score": name})
        low, high = score["range"]
        base_labels = {b["id"]: b["label"] for b in before.get("bands", [])}
        bands, ids = [], set()
        for row in rows:
            if not low <= row.min <= high:
                self.fail(
                    _(
                        "The band '%(label)s' of %(score)s starts at %(min)s, outside the possible "
                        "scores %(low)s to %(high)s."
                    )
                    % {"label": row.label, "score": name, "min": row.min, "low": low, "high": high}
                )
            band_id = score_id_for(row.label) or "band"
            while band_id in ids:
                band_id += "_2"
            ids.add(band_id)
            value = int(row.min) if float(row.min).is_integer() else row.min
            label = keep_or_replace(base_labels.get(band_id), row.label.strip(), self.spec.language)
            bands.append({"id": band_id, "min": value, "label": label})
        return bands


def build_definition(spec: BuilderInput) -> dict[str, Any]:
    """The definition for the builder's rows; raises BuilderError listing every problem."""
    builder = _Builder(spec)
    code = spec.code.strip()
    if not IDENTIFIER.match(code):
        builder.fail(_("The code may only hold lower-case letters, digits and _, starting with a letter."))
        raise BuilderError(builder.errors)
    if not spec.name.strip() or not spec.abbreviation.strip():
        builder.fail(_("Give the instrument a name and an abbreviation."))
    if spec.language not in LANGUAGES:
        builder.fail(_("Choose the language the instrument is written in."))
    items = builder.items()
    scores = builder.scores(items) if items else []
    if builder.errors:
        raise BuilderError(builder.errors)
    base = builder.base
    definition: dict[str, Any] = {
        "id": code,
        "name": keep_or_replace(base.get("name"), spec.name.strip(), spec.language),
        "abbreviation": spec.abbreviation.strip(),
        "version": base.get("version", "1"),
        "language": spec.language,
    }
    if "description" in base:
        definition["description"] = base["description"]
    reference = dict(base.get("reference") or DEFAULT_REFERENCE)
    if spec.reference.strip():
        if len(spec.reference.strip()) < 10:
            raise BuilderError([_("Write the full reference (authors, year, title), or leave it empty.")])
        reference["citation"] = spec.reference.strip()
    definition["reference"] = reference
    definition["licence"] = base.get("licence") or DEFAULT_LICENCE
    if "item_text" in base and any("text" in item for item in items):
        definition["item_text"] = base["item_text"]
    used = {item["scale"] for item in items}
    definition["scales"] = {name: scale for name, scale in builder.scales.items() if name in used}
    definition["items"] = items
    if "assessment_missing" in base:
        definition["assessment_missing"] = base["assessment_missing"]
    definition["scores"] = scores
    score_ids = {s["id"] for s in scores}
    change = [rule for rule in base.get("change", []) if rule["score"] in score_ids]
    if change:
        definition["change"] = change
    definition["verification"] = base.get("verification") or DEFAULT_VERIFICATION
    return definition
