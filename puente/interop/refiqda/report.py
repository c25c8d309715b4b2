"""What an import or export did, for the UI to show the user."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ImportReport:
    origin: str | None = None
    # Per text source guid: "codepoints", "utf16" (converted) or "identical" (both countings agree).
    positions: dict[str, str] = field(default_factory=dict)
    position_reasons: dict[str, str] = field(default_factory=dict)
    converted_selections: int = 0
    unmodelled: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class ExportReport:
    # Things Puente holds that REFI cannot carry, and what they became (e.g. "... -> Note <guid>").
    converted: list[str] = field(default_factory=list)
    # Things left out or exported incomplete (unmodelled elements without a place, missing files).
    warnings: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
