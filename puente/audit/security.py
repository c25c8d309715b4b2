"""Reads for the administrators' security page: who can reach what, and what happened at the door."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from puente.accounts.models import LoginAttempt, Membership, TwoFactorDevice, User
from puente.accounts.roles import SECOND_FACTOR_ROLES, Role
from puente.accounts.selectors import site_ids_for
from puente.audit.models import AuditEvent

RECENT = dt.timedelta(days=14)


@dataclass(frozen=True)
class AccessRow:
    username: str
    name: str
    site: str
    role: str
    role_label: str
    two_factor: bool
    needs_two_factor: bool
    last_login: dt.datetime | None
    active: bool


def access_rows(admin: User) -> list[AccessRow]:
    """One row per role held at one of the administrator's sites."""
    memberships = (
        Membership.objects.filter(site_id__in=site_ids_for(admin, [Role.ADMINISTRATOR]))
        .select_related("user", "site")
        .annotate(has_device=Exists(TwoFactorDevice.objects.filter(user=OuterRef("user_id"))))
        .order_by("site__name", "role", "user__username")
    )
    return [
        AccessRow(
            username=m.user.username,
            name=m.user.get_full_name(),
            site=m.site.name,
            role=m.role,
            role_label=str(m.get_role_display()),
            two_factor=m.has_device,
            needs_two_factor=m.role in SECOND_FACTOR_ROLES,
            last_login=m.user.last_login,
            active=m.user.is_active,
        )
        for m in memberships
    ]


def failed_logins(admin: User, limit: int = 50) -> list[LoginAttempt]:
    """Recent failures for accounts at the administrator's sites, and for names no account has
    (guessing), which are everyone's concern."""
    site_ids = site_ids_for(admin, [Role.ADMINISTRATOR])
    known = User.objects.filter(username__iexact=OuterRef("username"))
    mine = known.filter(memberships__site_id__in=site_ids)
    return list(
        LoginAttempt.objects.filter(succeeded=False, created_at__gte=timezone.now() - RECENT)
        .filter(Q(Exists(mine)) | ~Q(Exists(known)))
        .order_by("-created_at")[:limit]
    )


def exports(admin: User, limit: int = 50) -> list[AuditEvent]:
    site_ids = site_ids_for(admin, [Role.ADMINISTRATOR])
    return list(
        AuditEvent.objects.filter(action__startswith="export.")
        .filter(Q(site_id__in=site_ids) | Q(site_id__isnull=True))
        .order_by("-seq")[:limit]
    )
