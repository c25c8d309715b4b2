"""Which roles may do what with instruments, schedules and questionnaires."""

from __future__ import annotations

from puente.accounts.roles import FIELD_WORKERS, SITE_WIDE_PARTICIPANT_ROLES, Role

# Everyone who handles participants may read the catalogue and give questionnaires.
INSTRUMENT_READERS = SITE_WIDE_PARTICIPANT_ROLES | FIELD_WORKERS
# Researchers define instruments (administrators too, to fix mistakes).
INSTRUMENT_EDITORS = frozenset({Role.ADMINISTRATOR, Role.RESEARCHER})
# Who sets up a programme's assessment schedule and its respondents.
SCHEDULE_EDITORS = frozenset({Role.ADMINISTRATOR, Role.COORDINATOR, Role.RESEARCHER})
# Who enters questionnaires; field workers only for their own caseload (scoped in the selectors).
ENTRY_ROLES = INSTRUMENT_READERS
# Who loads the licensed item wording their organisation holds.
WORDING_LOADERS = frozenset({Role.ADMINISTRATOR, Role.COORDINATOR, Role.RESEARCHER})
