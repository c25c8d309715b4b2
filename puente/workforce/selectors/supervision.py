from __future__ import annotations

import datetime as dt

from django.db.models import Max, OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404

from puente.accounts.models import Membership, Site, User
from puente.accounts.roles import Role
from puente.accounts.selectors import site_ids_for, sites_for
from puente.workforce.access import SUPERVISOR_ROLES, WORKFORCE_MANAGERS
from puente.workforce.models import SupervisionAssignment, SupervisionAttendance, SupervisionSession

MISSED_AFTER_DAYS = 14


def manager_sites(user: User) -> QuerySet[Site]:
    return sites_for(user, WORKFORCE_MANAGERS)


def get_manager_site(user: User, pk: int) -> Site:
    site = manager_sites(user).filter(pk=pk).first()
    if site is None:
        raise Http404
    return site


def psws_at(site_ids: set[int] | list[int]) -> QuerySet[User]:
    return (
        User.objects.filter(memberships__site_id__in=list(site_ids), memberships__role=Role.PSW)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def supervisors_at(site_ids: set[int] | list[int]) -> QuerySet[User]:
    return (
        User.objects.filter(memberships__site_id__in=list(site_ids), memberships__role__in=SUPERVISOR_ROLES)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def supervision_overview(user: User, today: dt.date) -> list[User]:
    """Each PSW of the user's sites with their supervisor and last attended supervision (three queries).

    ``missed`` is set for anyone with no supervision attended in the last two weeks.
    """
    site_ids = site_ids_for(user, WORKFORCE_MANAGERS)
    open_assignment = SupervisionAssignment.objects.filter(worker=OuterRef("pk"), ends_on__isnull=True)
    last_attended = (
        SupervisionAttendance.objects.filter(worker=OuterRef("pk"), attended=True)
        .values("worker")
        .annotate(last=Max("session__held_on"))
        .values("last")
    )
    workers = list(
        psws_at(site_ids).annotate(
            supervisor_id=Subquery(open_assignment.values("supervisor_id")[:1]),
            supervised_since=Subquery(open_assignment.values("starts_on")[:1]),
            last_supervision=Subquery(last_attended[:1]),
        )
    )
    names = {
        u.pk: u for u in User.objects.filter(pk__in={w.supervisor_id for w in workers if w.supervisor_id})
    }
    threshold = today - dt.timedelta(days=MISSED_AFTER_DAYS)
    for worker in workers:
        worker.supervisor = names.get(worker.supervisor_id)
        reference = worker.last_supervision or worker.supervised_since
        worker.missed = worker.supervisor is not None and reference is not None and reference <= threshold
    return workers


def recent_sessions(user: User, limit: int = 20) -> list[SupervisionSession]:
    attendees = SupervisionAttendance.objects.select_related("worker").order_by("worker__username")
    return list(
        SupervisionSession.objects.filter(site_id__in=site_ids_for(user, WORKFORCE_MANAGERS))
        .select_related("supervisor", "site")
        .prefetch_related(Prefetch("attendees", queryset=attendees))[:limit]
    )


def is_psw_at(user: User, site: Site) -> bool:
    return Membership.objects.filter(user=user, site=site, role=Role.PSW).exists()
