"""Reads about accounts and sites, scoped to the requesting user."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from puente.accounts.models import Site, User


def site_ids_for(user: User, roles: Iterable[str]) -> set[int]:
    """The sites where the user holds any of the given roles."""
    roles = set(roles)
    held = user.site_roles()  # one query per request, shared with the role checks
    return set().union(*(held.get(role, set()) for role in roles)) if roles else set()


def sites_for(user: User, roles: Iterable[str]) -> QuerySet[Site]:
    return Site.objects.filter(pk__in=site_ids_for(user, roles)).select_related("organisation")


def members_of_sites(site_ids: Iterable[int], roles: Iterable[str]) -> QuerySet[User]:
    return (
        User.objects.filter(memberships__site_id__in=list(site_ids), memberships__role__in=list(roles))
        .distinct()
        .order_by("last_name", "first_name", "username")
    )
