"""The one exception the REFI-QDA reader and writer raise for bad input or an invalid export."""

from __future__ import annotations


class RefiQdaError(ValueError):
    """Input refused (unsafe, malformed or inconsistent) or an export that does not validate."""
