"""The language of the request being answered, as the two-letter code programme definitions are keyed by."""

from __future__ import annotations

from django.utils import translation


def language() -> str:
    """``"pt"`` for ``pt-br``; English when no language is active."""
    return (translation.get_language() or "en").split("-")[0]
