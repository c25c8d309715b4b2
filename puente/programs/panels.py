"""The programme panel on the participant page: enrolments, phase and a link to the timeline."""

from __future__ import annotations

from typing import Any

from puente.programs.selectors.overview import enrolment_summaries
from puente.web.extensions import Panel
from puente.web.languages import language


def programme_panel(user: Any, participant: Any) -> Panel | None:
    return Panel(
        "programs/panel_programmes.html",
        {"participant": participant, "enrolments": enrolment_summaries(user, participant, language())},
        order=10,
    )


PARTICIPANT_PANELS = [programme_panel]
