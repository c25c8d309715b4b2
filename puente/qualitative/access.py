"""Who may do what in a qualitative project.

Qualitative projects hold research data. They are open to the researchers of the project's sites and
to the project's members (researchers or coordinators the lead added). Members code; the lead also
imports, de-identifies, manages the codebook and ends the independent-coding phase. Everyone else:
the project does not exist for them (404), or their role has no qualitative pages at all (403).
"""

from __future__ import annotations

from puente.accounts.roles import Role

QDA_ROLES = frozenset({Role.RESEARCHER, Role.COORDINATOR})
