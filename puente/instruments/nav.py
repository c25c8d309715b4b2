from django.utils.translation import gettext_lazy as _

from puente.instruments.permissions import ENTRY_ROLES, INSTRUMENT_READERS
from puente.web.extensions import NavArea, NavItem

ITEMS = [
    NavItem(_("Questionnaires due"), "due_list", ENTRY_ROLES, order=23, area=NavArea.DELIVERY),
    NavItem(_("Instruments"), "instrument_list", INSTRUMENT_READERS, order=60, area=NavArea.RESEARCH),
]
