"""The participant page's questionnaire panel: scores over time per instrument, with bands (two queries)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import get_language

from puente.accounts.models import User
from puente.instruments import presentation, selectors
from puente.instruments.models import Administration
from puente.people.models import Participant
from puente.web.extensions import Panel

_EPS = 1e-9


def _important(rule: dict[str, Any] | None, before: float | None, after: float | None) -> bool:
    """The definition's clinically important change between two time points (e.g. COPM >= 2)."""
    if rule is None or before is None or after is None:
        return False
    delta = after - before
    threshold = float(rule["min_change"]) - _EPS
    if rule["direction"] == "increase":
        return delta >= threshold
    if rule["direction"] == "decrease":
        return -delta >= threshold
    return abs(delta) >= threshold


def _instrument_table(administrations: list[Administration], language: str) -> dict[str, Any]:
    definition = administrations[-1].revision.definition
    labels = presentation.output_labels(definition, language)
    band_labels = presentation.band_labels(definition, language)
    rules = {rule["score"]: rule for rule in definition.get("change", [])}
    rows = []
    for output_id, label in labels.items():
        cells, previous = [], None
        for administration in administrations:
            value = administration.scores.get("values", {}).get(output_id)
            band = administration.scores.get("bands", {}).get(output_id, "")
            cells.append(
                {
                    "value": value,
                    "band": band_labels.get((output_id, band), ""),
                    "important": _important(rules.get(output_id), previous, value),
                }
            )
            previous = value if value is not None else previous
        rows.append({"label": label, "cells": cells})
    return {
        "name": presentation.instrument_name(definition, language),
        "abbreviation": administrations[-1].instrument.abbreviation,
        "columns": administrations,
        "rows": rows,
        "unverified": presentation.unverified_facts(definition),
    }


def questionnaire_scores(user: User, participant: Participant) -> Panel | None:
    completed = selectors.completed_for_participant(participant)
    still_open = selectors.open_for_participant(user, participant)
    if not completed and not still_open:
        return None
    language = get_language() or "en"
    by_instrument: dict[int, list[Administration]] = {}
    for administration in completed:
        by_instrument.setdefault(administration.instrument_id, []).append(administration)
    tables = [_instrument_table(group, language) for group in by_instrument.values()]
    return Panel(
        "instruments/panel_scores.html",
        {
            "tables": tables,
            "still_open": still_open,
            "consent": participant.research_consent,
            "today": timezone.localdate(),
        },
        order=50,
    )


PARTICIPANT_PANELS = [questionnaire_scores]
