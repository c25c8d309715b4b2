from django.utils.translation import gettext_lazy as _

from puente.accounts.roles import Role
from puente.web.extensions import NavArea, NavItem
from puente.workforce.access import FLOW_READERS, SUPERVISOR_ROLES, TRAINING_STAFF, WORKFORCE_MANAGERS

ITEMS = [
    NavItem(_("My work"), "my_workforce", frozenset({Role.PSW}), order=30, area=NavArea.WORKFORCE),
    NavItem(_("Training"), "cohort_list", FLOW_READERS, order=40, area=NavArea.WORKFORCE),
    NavItem(_("Candidates"), "candidate_list", TRAINING_STAFF, order=41, area=NavArea.WORKFORCE),
    NavItem(_("Placements"), "placement_list", WORKFORCE_MANAGERS, order=42, area=NavArea.WORKFORCE),
    NavItem(_("Supervision"), "supervision_overview", WORKFORCE_MANAGERS, order=43, area=NavArea.WORKFORCE),
    NavItem(_("Wellbeing alerts"), "alert_list", SUPERVISOR_ROLES, order=44, area=NavArea.WORKFORCE),
]
