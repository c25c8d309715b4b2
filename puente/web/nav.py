from django.utils.translation import gettext_lazy as _

from puente.accounts.roles import FIELD_WORKERS, SITE_WIDE_PARTICIPANT_ROLES, Role
from puente.web.extensions import NavArea, NavItem

ADMINISTRATORS = frozenset({Role.ADMINISTRATOR})

ITEMS = [
    NavItem(_("Home"), "home", order=0),
    NavItem(_("Participants"), "participant_list", SITE_WIDE_PARTICIPANT_ROLES | FIELD_WORKERS, order=10),
    NavItem(
        _("Research exports"),
        "export_list",
        frozenset({Role.RESEARCHER, Role.COORDINATOR, Role.ADMINISTRATOR}),
        order=800,
        area=NavArea.RESEARCH,
    ),
    NavItem(_("Erasure requests"), "erasure_list", ADMINISTRATORS, order=890, area=NavArea.ADMINISTRATION),
    NavItem(_("Audit log"), "audit_log", ADMINISTRATORS, order=900, area=NavArea.ADMINISTRATION),
    NavItem(_("Security"), "security_overview", ADMINISTRATORS, order=910, area=NavArea.ADMINISTRATION),
]
