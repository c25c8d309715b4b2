"""What a page shows of a definition, in one language: prompts, answer options, score and band labels.

Definitions carry labels in every supported language; item wording only where its licence allows
(or a programme merged its own). Where wording is absent the prompt says so instead of inventing it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _


def pick(labels: Mapping[str, str] | None, language: str) -> str:
    """The label in ``language``, else English, else any."""
    if not labels:
        return ""
    return labels.get(language) or labels.get("en") or next(iter(labels.values()), "")


@dataclass(frozen=True)
class Option:
    value: int
    label: str
    special: bool = False


@dataclass(frozen=True)
class Question:
    item_id: str
    number: int
    prompt: str
    has_wording: bool
    options: tuple[Option, ...]
    low: int
    high: int
    special_codes: tuple[int, ...]

    def describe_scale(self) -> str:
        text = f"{self.low}-{self.high}"
        if self.special_codes:
            text += " " + _("or %(codes)s") % {"codes": ", ".join(str(c) for c in self.special_codes)}
        return text


def instrument_name(definition: Mapping[str, Any], language: str) -> str:
    return pick(definition.get("name"), language) or definition.get("abbreviation", definition["id"])


def questions(
    definition: Mapping[str, Any], language: str, wording: Mapping[str, str] | None = None
) -> list[Question]:
    """The items as questions; ``wording`` is licensed wording an organisation loaded (item id -> text)."""
    wording = wording or {}
    out = []
    for position, item in enumerate(definition["items"], start=1):
        scale = definition["scales"][item["scale"]]
        number = int(item.get("number", position))
        text = wording.get(item["id"]) or pick(item.get("text"), language)
        label = pick(item.get("label"), language)
        prompt = text or label or _("Item %(number)s") % {"number": number}
        options = [
            Option(int(value), pick(labels, language))
            for value, labels in sorted(scale["labels"].items(), key=_num)
        ]
        specials = sorted(scale.get("special_codes", {}).items(), key=_num)
        options += [Option(int(code), pick(spec["label"], language), special=True) for code, spec in specials]
        out.append(
            Question(
                item_id=item["id"],
                number=number,
                prompt=prompt,
                has_wording=bool(text or label),
                options=tuple(options),
                low=int(scale["min"]),
                high=int(scale["max"]),
                special_codes=tuple(int(code) for code, _spec in specials),
            )
        )
    return out


def _num(pair: tuple[str, Any]) -> int:
    return int(pair[0])


def output_labels(definition: Mapping[str, Any], language: str) -> dict[str, str]:
    """Output id (scores and their transforms) -> label."""
    labels = {}
    for score in definition["scores"]:
        labels[score["id"]] = pick(score["label"], language)
        for transform in score.get("transforms", []):
            labels[transform["id"]] = pick(transform["label"], language)
    return labels


def band_labels(definition: Mapping[str, Any], language: str) -> dict[tuple[str, str], str]:
    """(output id, band id) -> label."""
    labels = {}
    for score in definition["scores"]:
        for holder in [score, *score.get("transforms", [])]:
            for band in holder.get("bands", []):
                labels[(holder["id"], band["id"])] = pick(band["label"], language)
    return labels


def unverified_facts(definition: Mapping[str, Any]) -> list[dict[str, str]]:
    """Facts the definition marks as not (yet) checked against the published source."""
    return [
        {"fact": v["fact"], "reason": v.get("reason", "")}
        for v in definition.get("verification", [])
        if v["status"] == "unverified"
    ]


def wording_missing(definition: Mapping[str, Any], wording: Mapping[str, str] | None = None) -> bool:
    wording = wording or {}
    return any(
        not (item.get("text") or item.get("label") or wording.get(item["id"])) for item in definition["items"]
    )
