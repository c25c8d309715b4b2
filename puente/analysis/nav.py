from django.utils.translation import gettext_lazy as _

from puente.analysis.data import EVALUATION_ROLES
from puente.web.extensions import NavArea, NavItem

ITEMS = [NavItem(_("Evaluation"), "evaluation_list", EVALUATION_ROLES, order=70, area=NavArea.RESEARCH)]
