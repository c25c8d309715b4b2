"""What a participant has consented to, derived from their consent events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from puente.people.models import ConsentEvent, ConsentEventKind, ConsentScope


@dataclass(frozen=True)
class ScopeState:
    scope: str
    given_on: dt.date | None
    withdrawn_on: dt.date | None

    @property
    def active(self) -> bool:
        return self.given_on is not None and self.withdrawn_on is None


class ConsentRequired(Exception):
    """Research data may not be collected for this participant."""

    def __init__(self, study_code: str) -> None:
        super().__init__(
            _("%(code)s has no valid consent for research data collection; record consent first.")
            % {"code": study_code}
        )


def consent_states(events: Iterable[ConsentEvent]) -> dict[str, ScopeState]:
    """Replay events in date order: a withdrawal closes a scope, a later consent reopens it."""
    states: dict[str, ScopeState] = {}
    for event in sorted(events, key=lambda e: (e.event_date, e.recorded_at or dt.datetime.min, e.pk or 0)):
        for scope in event.scopes:
            if event.kind == ConsentEventKind.GIVEN:
                states[scope] = ScopeState(scope, event.event_date, None)
            else:
                previous = states.get(scope)
                states[scope] = ScopeState(scope, previous.given_on if previous else None, event.event_date)
    return states


def has_research_consent(events: Iterable[ConsentEvent]) -> bool:
    state = consent_states(events).get(ConsentScope.RESEARCH)
    return bool(state and state.active)
