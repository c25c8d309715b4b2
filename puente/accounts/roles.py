"""The roles a person can hold at a site, and what each role may do.

Capabilities are named sets of roles, so a view or selector asks "who may read identity data?"
instead of repeating role lists.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    COORDINATOR = "coordinator", _("Coordinator")
    PSW = "psw", _("Peer support worker")
    CMHW = "cmhw", _("Community mental health worker")
    TRAINER = "trainer", _("Trainer")
    RESEARCHER = "researcher", _("Researcher")
    DATA_ENTRY = "data_entry", _("Data entry")


# The home page shows the dashboard of the first role a user holds in this order.
ROLE_PRIORITY: tuple[str, ...] = (
    Role.ADMINISTRATOR,
    Role.COORDINATOR,
    Role.RESEARCHER,
    Role.TRAINER,
    Role.PSW,
    Role.CMHW,
    Role.DATA_ENTRY,
)

FIELD_WORKERS = frozenset({Role.PSW, Role.CMHW})
# Roles that see every participant of their site (workers see only their own caseload).
SITE_WIDE_PARTICIPANT_ROLES = frozenset(
    {Role.ADMINISTRATOR, Role.COORDINATOR, Role.RESEARCHER, Role.DATA_ENTRY}
)
# Roles with a need to know who a participant is (name, phone, address, national ID).
IDENTITY_READERS = frozenset({Role.ADMINISTRATOR, Role.COORDINATOR, Role.PSW, Role.CMHW})
# Roles that may create and change participant records and consent.
PARTICIPANT_EDITORS = frozenset({Role.ADMINISTRATOR, Role.COORDINATOR})
ALL_ROLES = frozenset(Role.values)
# Roles that can read identity data or export research data: they must sign in with a second factor.
SECOND_FACTOR_ROLES = IDENTITY_READERS | frozenset({Role.RESEARCHER})
