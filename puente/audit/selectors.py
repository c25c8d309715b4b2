"""Reading the audit log, limited to the sites the administrator holds."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from puente.accounts.models import User
from puente.accounts.roles import Role
from puente.accounts.selectors import site_ids_for
from puente.audit.models import AuditEvent


@dataclass(frozen=True)
class AuditFilters:
    action: str = ""
    actor: str = ""
    object_type: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    before_seq: int | None = None


def audit_events(user: User, filters: AuditFilters, limit: int = 100) -> list[AuditEvent]:
    """Newest first; ``before_seq`` pages back through older events without counting the table."""
    site_ids = site_ids_for(user, [Role.ADMINISTRATOR])
    queryset: QuerySet[AuditEvent] = AuditEvent.objects.filter(
        Q(site_id__in=site_ids) | Q(site_id__isnull=True)
    )
    if filters.action:
        queryset = queryset.filter(action__startswith=filters.action)
    if filters.actor:
        queryset = queryset.filter(actor_username__iexact=filters.actor)
    if filters.object_type:
        queryset = queryset.filter(object_type=filters.object_type)
    if filters.date_from:
        queryset = queryset.filter(created_at__date__gte=filters.date_from)
    if filters.date_to:
        queryset = queryset.filter(created_at__date__lte=filters.date_to)
    if filters.before_seq:
        queryset = queryset.filter(seq__lt=filters.before_seq)
    return list(queryset.order_by("-seq")[:limit])
