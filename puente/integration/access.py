"""Who works with joint displays: the people who may evaluate a site (coordinators, researchers,
administrators). A display follows its site: outside a user's sites it does not exist for them (404);
every other role has no mixed-methods pages at all (403)."""

from __future__ import annotations

from puente.analysis.data import EVALUATION_ROLES

INTEGRATION_ROLES = EVALUATION_ROLES
