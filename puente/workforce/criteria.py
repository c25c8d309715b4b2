"""The built-in selection criteria (every site starts with them and may add its own)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

DEFAULT_CRITERIA: dict[str, object] = {
    "lived_experience": _("Lived experience of mental health services"),
    "own_recovery": _("Progress in their own recovery"),
    "empathy": _("Empathy"),
    "team_work": _("Can work as a team with the community worker"),
    "availability": _("Available for the hours of the placement"),
}
SCORES = [(1, _("1 - not shown")), (2, "2"), (3, "3"), (4, "4"), (5, _("5 - clearly shown"))]


def criterion_label(key: str, name: str) -> str:
    label = DEFAULT_CRITERIA.get(key)
    return str(label) if label is not None else name
