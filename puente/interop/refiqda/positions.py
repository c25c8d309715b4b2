"""Text positions: REFI-QDA counts Unicode code points; NVivo counts UTF-16 code units.

The two countings differ only after a character outside the Basic Multilingual Plane (emoji and the
like), which takes two UTF-16 units. CR LF is two code points and two UTF-16 units, so line ends need no
conversion as long as the text is kept verbatim (it is: nothing normalises newlines).
"""

from __future__ import annotations

import re

import numpy as np

from .errors import RefiQdaError

MODES = ("auto", "codepoints", "utf16")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def has_astral(text: str) -> bool:
    return _ASTRAL.search(text) is not None


class Utf16Map:
    """Maps UTF-16 code-unit offsets of a text to code-point offsets (and back)."""

    def __init__(self, text: str):
        cps = np.frombuffer(text.encode("utf-32-le"), dtype="<u4")
        widths = 1 + (cps > 0xFFFF).astype(np.int64)
        # offsets[i] = UTF-16 offset of code point i; offsets[-1] = UTF-16 length.
        self.offsets = np.concatenate(([0], np.cumsum(widths)))
        self.length = int(self.offsets[-1])

    def splits_pair(self, units: np.ndarray) -> bool:
        """True if an offset falls between the two halves of a surrogate pair (or past the end)."""
        idx = np.searchsorted(self.offsets, units)
        idx = np.minimum(idx, len(self.offsets) - 1)
        return bool(np.any(self.offsets[idx] != units))

    def to_codepoints(self, units: np.ndarray) -> np.ndarray:
        if units.size and (units.min() < 0 or units.max() > self.length):
            raise RefiQdaError(f"selection position past the end of the text ({self.length} UTF-16 units)")
        if self.splits_pair(units):
            raise RefiQdaError("selection position splits a surrogate pair (not a valid UTF-16 offset)")
        return np.searchsorted(self.offsets, units)

    def to_utf16(self, codepoints: np.ndarray) -> np.ndarray:
        return self.offsets[codepoints]


def decide_mode(text: str | None, positions: np.ndarray, origin: str | None, mode: str) -> tuple[str, str]:
    """Choose how the positions of one source were counted. Returns (mode, reason).

    Hard evidence first (a position that only fits one counting), then the producer's known habit,
    then the standard.
    """
    if mode not in MODES:
        raise ValueError(f"positions must be one of {MODES}, not {mode!r}")
    if text is None or not has_astral(text):
        return "identical", "no characters outside the BMP: both countings agree"
    if mode != "auto":
        return mode, "requested"
    if positions.size == 0:
        return "identical", "no selections"
    umap = Utf16Map(text)
    top = int(positions.max())
    if len(text) < top <= umap.length:
        return "utf16", "positions run past the text in code points but fit it in UTF-16 units"
    if umap.splits_pair(positions):
        return "codepoints", "a position would split a surrogate pair if read as UTF-16"
    if origin and origin.strip().lower().startswith("nvivo"):
        return "utf16", f"{origin!r} counts UTF-16 code units"
    return "codepoints", "REFI-QDA standard (Unicode code points)"


def convert(text: str, positions: np.ndarray, mode: str) -> np.ndarray:
    """Positions in code points, checked to lie inside the text."""
    if mode == "utf16":
        return Utf16Map(text).to_codepoints(positions)
    if positions.size and (positions.min() < 0 or positions.max() > len(text)):
        raise RefiQdaError(f"selection position past the end of the text ({len(text)} characters)")
    return positions
