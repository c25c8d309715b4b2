"""Programme definitions as data: loading the shipped templates and validating any definition.

Pure Python (no Django): a definition is a dict read from JSON. Names may be a plain string or a
mapping of language code to text; :func:`localise` picks the reader's language.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates_data"
TEMPLATE_CODES = ("cti_ts", "catalan_peer")
KINDS = ("cti_ts", "peer_placement", "custom")
ELIGIBILITY_KINDS = ("age_between", "months_since_first_visit_at_most", "diagnosis_in")
MAX_AREAS_PER_PHASE = 3


class DefinitionError(ValueError):
    """A definition that cannot run a programme; ``problems`` lists every reason found."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def localise(value: Any, language: str = "en") -> str:
    if isinstance(value, dict):
        return str(value.get(language) or value.get("en") or next(iter(value.values()), ""))
    return "" if value is None else str(value)


def _is_name(value: Any) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    return isinstance(value, dict) and bool(value) and all(isinstance(v, str) for v in value.values())


def _keyed(items: Any, where: str, problems: list[str]) -> list[dict[str, Any]]:
    if not isinstance(items, list) or not items:
        problems.append(f"{where}: a non-empty list is required")
        return []
    keys: set[str] = set()
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            problems.append(f"{where}[{index}]: an object is required")
            continue
        key = item.get("key")
        if not isinstance(key, str) or not key.isidentifier():
            problems.append(f"{where}[{index}]: 'key' must be a short identifier")
        elif key in keys:
            problems.append(f"{where}: the key '{key}' is repeated")
        else:
            keys.add(key)
        if not _is_name(item.get("name")):
            problems.append(f"{where}[{index}]: 'name' is required")
    return [item for item in items if isinstance(item, dict)]


def _positive_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def problems_in(definition: Any) -> list[str]:
    """Every reason the definition cannot be used (empty when it is valid)."""
    if not isinstance(definition, dict):
        return ["the definition must be an object"]
    problems: list[str] = []
    if definition.get("kind") not in KINDS:
        problems.append(f"kind: one of {', '.join(KINDS)}")
    if not _is_name(definition.get("name")):
        problems.append("name: required")
    if not _positive_int(definition.get("caseload_limit")):
        problems.append("caseload_limit: a positive whole number")
    engagement = definition.get("engagement")
    if not isinstance(engagement, dict) or not _positive_int(engagement.get("contact_every_days")):
        problems.append("engagement: needs 'contact_every_days'")
    for index, phase in enumerate(_keyed(definition.get("phases"), "phases", problems)):
        if not _positive_int(phase.get("months")) or phase["months"] > 24:
            problems.append(f"phases[{index}]: 'months' must be between 1 and 24")
        if not _positive_int(phase.get("contact_every_days")) or phase["contact_every_days"] > 365:
            problems.append(f"phases[{index}]: 'contact_every_days' must be between 1 and 365")
    roles = _keyed(definition.get("roles"), "roles", problems)
    for role in roles:
        if role.get("key") not in ("psw", "cmhw"):
            problems.append(f"roles: '{role.get('key')}' is not a worker role (psw, cmhw)")
        _keyed(role.get("targets"), f"roles.{role.get('key')}.targets", problems)
    _keyed(definition.get("areas_of_focus"), "areas_of_focus", problems)
    if definition.get("outside_peer_role"):
        _keyed(definition["outside_peer_role"], "outside_peer_role", problems)
    for index, rule in enumerate(definition.get("eligibility") or []):
        if not isinstance(rule, dict) or rule.get("kind") not in ELIGIBILITY_KINDS:
            problems.append(f"eligibility[{index}]: kind must be one of {', '.join(ELIGIBILITY_KINDS)}")
        elif rule["kind"] == "age_between" and not (
            isinstance(rule.get("min"), int)
            and isinstance(rule.get("max"), int)
            and rule["min"] <= rule["max"]
        ):
            problems.append(f"eligibility[{index}]: 'min' and 'max' ages in order")
    trial = definition.get("trial")
    if trial is not None:
        arms = _keyed(trial.get("arms") if isinstance(trial, dict) else None, "trial.arms", problems)
        if len(arms) < 2:
            problems.append("trial.arms: at least two arms")
        sizes = trial.get("block_sizes") if isinstance(trial, dict) else None
        if (
            not isinstance(sizes, list)
            or not sizes
            or not all(_positive_int(size) and arms and size % len(arms) == 0 for size in sizes)
        ):
            problems.append("trial.block_sizes: multiples of the number of arms")
    for index, item in enumerate(definition.get("assessments") or []):
        if (
            not isinstance(item, dict)
            or not item.get("timepoint")
            or not isinstance(item.get("offset_days"), int)
        ):
            problems.append(f"assessments[{index}]: 'timepoint' and 'offset_days' are required")
    return problems


def validate(definition: Any) -> dict[str, Any]:
    problems = problems_in(definition)
    if problems:
        raise DefinitionError(problems)
    return definition


@cache
def _template_text(code: str) -> str:
    if code not in TEMPLATE_CODES:
        raise DefinitionError([f"no template '{code}'"])
    return (TEMPLATES_DIR / f"{code}.json").read_text(encoding="utf-8")


def load_template(code: str) -> dict[str, Any]:
    """A fresh copy of a shipped template, validated."""
    return validate(json.loads(_template_text(code)))


def templates() -> list[dict[str, Any]]:
    return [load_template(code) for code in TEMPLATE_CODES]


def copy_definition(definition: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(definition)


# Small readers used by pages and services, so the shape of a definition is known in one place.


def phases(definition: dict[str, Any]) -> list[dict[str, Any]]:
    return list(definition.get("phases") or [])


def phase_by_key(definition: dict[str, Any], key: str) -> dict[str, Any] | None:
    return next((phase for phase in phases(definition) if phase["key"] == key), None)


def total_months(definition: dict[str, Any]) -> int:
    return sum(phase["months"] for phase in phases(definition))


def choices(definition: dict[str, Any], section: str, language: str) -> list[tuple[str, str]]:
    return [(item["key"], localise(item["name"], language)) for item in definition.get(section) or []]


def targets(definition: dict[str, Any], language: str) -> list[tuple[str, str]]:
    result = []
    for role in definition.get("roles") or []:
        role_name = localise(role["name"], language)
        result += [(t["key"], f"{role_name}: {localise(t['name'], language)}") for t in role["targets"]]
    return result


def arms(definition: dict[str, Any]) -> list[dict[str, Any]]:
    trial = definition.get("trial") or {}
    return list(trial.get("arms") or [])


def arm_delivers_intervention(definition: dict[str, Any], arm: str) -> bool:
    if not arm:
        return True  # not a trial: everyone receives the programme
    found = next((item for item in arms(definition) if item["key"] == arm), None)
    return bool(found and found.get("delivers_intervention"))
