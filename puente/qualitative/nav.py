from django.utils.translation import gettext_lazy as _

from puente.qualitative.access import QDA_ROLES
from puente.web.extensions import NavArea, NavItem

ITEMS = [NavItem(_("Qualitative"), "qda_project_list", QDA_ROLES, order=65, area=NavArea.RESEARCH)]
