from django.utils.translation import gettext_lazy as _

from puente.integration.access import INTEGRATION_ROLES
from puente.web.extensions import NavArea, NavItem

ITEMS = [
    NavItem(
        _("Mixed methods"), "integration_display_list", INTEGRATION_ROLES, order=75, area=NavArea.RESEARCH
    )
]
