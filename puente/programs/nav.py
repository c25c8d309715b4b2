from django.utils.translation import gettext_lazy as _

from puente.programs.selectors.scope import MANAGERS, PROGRAMME_READERS, TRIAL_DATA_READERS
from puente.web.extensions import NavArea, NavItem

ITEMS = [
    NavItem(_("Programmes"), "programme_list", PROGRAMME_READERS, order=20, area=NavArea.DELIVERY),
    NavItem(_("Caseload review"), "caseload_review", MANAGERS, order=21, area=NavArea.DELIVERY),
    NavItem(_("Fidelity"), "fidelity", TRIAL_DATA_READERS, order=22, area=NavArea.DELIVERY),
]
