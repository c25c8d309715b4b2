"""A definition as the builder's initial rows, and what the form cannot edit (then: advanced view)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from puente.instruments.presentation import pick


def unsupported_features(definition: Mapping[str, Any]) -> list[str]:
    """Why the form cannot edit this definition without losing something (empty: it can)."""
    reasons = []
    scores = definition.get("scores", [])
    methods = {s["method"] for s in scores}
    if not methods <= {"sum", "mean"} or len(methods) > 1:
        reasons.append(_("its scores use more than one method, or counts"))
    if any(s.get("transforms") for s in scores):
        reasons.append(_("a score is transformed (for example to 0-100)"))
    if any("multiply" in s for s in scores):
        reasons.append(_("a score is multiplied"))
    all_items = [item["id"] for item in definition.get("items", [])]
    totals = [s for s in scores if s["id"] == "total"]
    if not totals or totals[0]["items"] != all_items:
        reasons.append(_("it has no total score over every item"))
    if any(s.get("kind", "subscale") not in ("total", "subscale") for s in scores):
        reasons.append(_("a score is of a kind the form does not offer"))
    rules = {repr(sorted((k, v) for k, v in s["missing"].items() if k != "note")) for s in scores}
    if len(rules) > 1:
        reasons.append(_("its scores have different missing-data rules"))
    return reasons


def missing_percent(definition: Mapping[str, Any]) -> int:
    scores = definition.get("scores") or [{}]
    rule = scores[0].get("missing", {})
    if "max_missing_fraction" in rule:
        return round(rule["max_missing_fraction"] * 100)
    return 0


def initial_rows(definition: Mapping[str, Any], language: str) -> dict[str, Any]:
    """Initial values of the builder's forms for an existing definition."""
    language = definition.get("language", language)
    code = definition["id"]
    items = [
        {
            "id": item["id"][len(code) + 1 :] if item["id"].startswith(f"{code}_") else item["id"],
            "label": pick(item.get("text"), language) or pick(item.get("label"), language),
            "scale": item["scale"],
            "required": bool(item.get("required")),
            "reverse": bool(item.get("reverse")),
            "ORDER": position,
        }
        for position, item in enumerate(definition["items"], start=1)
    ]
    subscales, bands = [], []
    prefix = len(code) + 1
    for score in definition["scores"]:
        name = "total" if score["id"] == "total" else pick(score["label"], language)
        if score["id"] != "total":
            subscales.append({"name": name, "items": ", ".join(i[prefix:] for i in score["items"])})
        for band in score.get("bands", []):
            bands.append({"score": name, "min": band["min"], "label": pick(band["label"], language)})
    method = definition["scores"][0]["method"] if definition["scores"] else "sum"
    meta = {
        "code": code,
        "name": pick(definition["name"], language),
        "abbreviation": definition["abbreviation"],
        "language": language,
        "method": method if method in ("sum", "mean") else "sum",
        "max_missing_percent": missing_percent(definition),
    }
    return {"meta": meta, "items": items, "subscales": subscales, "bands": bands}
