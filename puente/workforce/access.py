"""Who may do what in the workforce app, as named sets of roles."""

from __future__ import annotations

from puente.accounts.roles import Role

# Recruitment, candidates' identity, placements, supervision: the site's coordinators and administrators.
WORKFORCE_MANAGERS = frozenset({Role.COORDINATOR, Role.ADMINISTRATOR})
# Cohorts, sessions, attendance and accreditation.
TRAINING_STAFF = frozenset({Role.TRAINER, Role.COORDINATOR, Role.ADMINISTRATOR})
# The participant flow is aggregate numbers only, so researchers may read it too.
FLOW_READERS = TRAINING_STAFF | {Role.RESEARCHER}
# Supervisors are the site's coordinators (clinical supervisors).
SUPERVISOR_ROLES = frozenset({Role.COORDINATOR})
