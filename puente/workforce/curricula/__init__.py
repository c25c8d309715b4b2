"""Training curricula as data: one JSON file each, validated against ``schema.json`` on load."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

import jsonschema

HERE = Path(__file__).resolve().parent


class CurriculumError(ValueError):
    """A curriculum file that does not follow the schema or contradicts itself."""


def pick(text: dict[str, str], language: str) -> str:
    """The text in the language asked for, or English."""
    return text.get(language) or text.get((language or "en")[:2]) or text["en"]


@dataclass(frozen=True)
class Module:
    key: str
    titles: dict[str, str]
    hours: Decimal
    outcomes: tuple[dict[str, str], ...]

    def title(self, language: str) -> str:
        return pick(self.titles, language)


@dataclass(frozen=True)
class Curriculum:
    key: str
    version: str
    titles: dict[str, str]
    total_hours: Decimal
    session_interval_days: int
    rule: dict
    modules: tuple[Module, ...]

    def title(self, language: str) -> str:
        return pick(self.titles, language)

    def module(self, key: str) -> Module | None:
        return next((module for module in self.modules if module.key == key), None)


@cache
def _schema() -> dict:
    return json.loads((HERE / "schema.json").read_text(encoding="utf-8"))


def parse(data: dict) -> Curriculum:
    try:
        jsonschema.validate(data, _schema())
    except jsonschema.ValidationError as error:
        raise CurriculumError(f"{data.get('key', '?')}: {error.message}") from error
    keys = [module["key"] for module in data["modules"]]
    if len(keys) != len(set(keys)):
        raise CurriculumError(f"{data['key']}: module keys must be unique")
    hours = sum(Decimal(str(module["hours"])) for module in data["modules"])
    if hours != Decimal(str(data["total_hours"])):
        raise CurriculumError(f"{data['key']}: modules add up to {hours} hours, not {data['total_hours']}")
    return Curriculum(
        key=data["key"],
        version=data["version"],
        titles=data["title"],
        total_hours=Decimal(str(data["total_hours"])),
        session_interval_days=data["session_interval_days"],
        rule=dict(data["accreditation"]),
        modules=tuple(
            Module(
                key=module["key"],
                titles=module["title"],
                hours=Decimal(str(module["hours"])),
                outcomes=tuple(module["outcomes"]),
            )
            for module in data["modules"]
        ),
    )


@cache
def curricula() -> dict[str, Curriculum]:
    """Every curriculum shipped, by key (loaded and validated once per process)."""
    found: dict[str, Curriculum] = {}
    for path in sorted(HERE.glob("*.json")):
        if path.name == "schema.json":
            continue
        curriculum = parse(json.loads(path.read_text(encoding="utf-8")))
        if curriculum.key in found:
            raise CurriculumError(f"{path.name}: the key {curriculum.key} is used twice")
        found[curriculum.key] = curriculum
    return found


def get(key: str) -> Curriculum:
    try:
        return curricula()[key]
    except KeyError as error:
        raise CurriculumError(f"unknown curriculum {key}") from error
