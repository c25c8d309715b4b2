"""POST data for the builder page, as the browser sends it (management forms and all)."""

from __future__ import annotations

from typing import Any


def formset(prefix: str, rows: list[dict[str, Any]], initial: int = 0) -> dict[str, str]:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            if value is True:
                data[f"{prefix}-{index}-{key}"] = "on"
            elif value not in (False, None):
                data[f"{prefix}-{index}-{key}"] = str(value)
    return data


def builder_post(
    *,
    code: str = "mood3",
    items: list[dict[str, Any]] | None = None,
    subscales: list[dict[str, Any]] | None = None,
    bands: list[dict[str, Any]] | None = None,
    method: str = "sum",
    missing: int = 20,
    version: int | None = None,
    initial_items: int = 0,
    **meta: Any,
) -> dict[str, str]:
    if items is None:
        items = [
            {"id": "q1", "label": "I felt calm", "scale": "agree5", "required": True},
            {"id": "q2", "label": "I felt tense", "scale": "agree5", "reverse": True},
            {
                "id": "q3",
                "label": "I slept well",
                "scale": "custom",
                "choices": "0, Never\n1, Sometimes\n2, Often",
            },
        ]
    data = {
        "code": code,
        "name": meta.pop("name", "Mood check"),
        "abbreviation": meta.pop("abbreviation", "MOOD3"),
        "language": meta.pop("language", "en"),
        "method": method,
        "max_missing_percent": str(missing),
        "reference": meta.pop("reference", ""),
        "note": meta.pop("note", ""),
    }
    if version is not None:
        data["version"] = str(version)
    data.update(formset("items", items, initial_items))
    data.update(formset("subscales", subscales or []))
    data.update(formset("bands", bands or []))
    data.update({k: str(v) for k, v in meta.items()})
    return data
