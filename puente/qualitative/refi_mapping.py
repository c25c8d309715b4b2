"""Shared conventions between the REFI-QDA import and export of a Puente project."""

from __future__ import annotations

import re
import uuid

NAMESPACE = uuid.UUID("0d5b7c1e-5a6f-4c1f-9d2e-7b3c1a9e8f20")
MATRIX_KIND = "framework matrix summary"
CASE_MEMO_KIND = "case memo"
# Code criteria have no place of their own in REFI-QDA: they travel inside the code's description
# under these markers, which the import reads back.
CRITERIA = (("inclusion", "[Use it when]"), ("exclusion", "[Do not use it when]"), ("example", "[Example]"))
_MARKER = re.compile(r"\n\n(\[Use it when\]|\[Do not use it when\]|\[Example\]) ")


def guid_for(kind: str, pk: int | str, stored: str = "") -> str:
    return stored or str(uuid.uuid5(NAMESPACE, f"{kind}:{pk}"))


def code_description(definition: str, inclusion: str, exclusion: str, example: str) -> str | None:
    parts = [definition]
    values = {"inclusion": inclusion, "exclusion": exclusion, "example": example}
    for key, marker in CRITERIA:
        if values[key]:
            parts.append(f"{marker} {values[key]}")
    text = "\n\n".join(parts)
    return text or None


def split_description(text: str | None) -> dict[str, str]:
    result = {"definition": "", "inclusion": "", "exclusion": "", "example": ""}
    if not text:
        return result
    pieces = _MARKER.split(text)
    result["definition"] = pieces[0]
    by_marker = {marker: key for key, marker in CRITERIA}
    for marker, value in zip(pieces[1::2], pieces[2::2], strict=False):
        result[by_marker[marker]] = value
    return result


def case_name_from(description: str | None, kind: str) -> str | None:
    """The case a kind-tagged note is about: the writer puts "<kind>; cases: <name>" in its description."""
    if not description or not description.startswith(kind + "; cases: "):
        return None
    return description[len(kind + "; cases: ") :]
