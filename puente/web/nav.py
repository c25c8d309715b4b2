from django.utils.translation import gettext_lazy as _

from puente.accounts.roles import FIELD_WORKERS, SITE_WIDE_PARTICIPANT_ROLES, Role
from puente.web.extensions import NavItem

ITEMS = [
    NavItem(_("Home"), "home", order=0),
    NavItem(_("Participants"), "participant_list", SITE_WIDE_PARTICIPANT_ROLES | FIELD_WORKERS, order=10),
    NavItem(
        _("Research exports"),
        "export_list",
        frozenset({Role.RESEARCHER, Role.COORDINATOR, Role.ADMINISTRATOR}),
        order=800,
    ),
    NavItem(_("Erasure requests"), "erasure_list", frozenset({Role.ADMINISTRATOR}), order=890),
    NavItem(_("Audit log"), "audit_log", frozenset({Role.ADMINISTRATOR}), order=900),
    NavItem(_("Security"), "security_overview", frozenset({Role.ADMINISTRATOR}), order=910),
]
