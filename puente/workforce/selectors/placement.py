from __future__ import annotations

from django.db.models import Q, QuerySet, Sum
from django.http import Http404

from puente.accounts.models import User
from puente.accounts.selectors import site_ids_for
from puente.workforce.access import WORKFORCE_MANAGERS
from puente.workforce.models import Accreditation, HoursEntry, Placement


def visible_placements(user: User) -> QuerySet[Placement]:
    condition = (
        Q(site_id__in=site_ids_for(user, WORKFORCE_MANAGERS))
        | Q(worker=user)
        | Q(reference_professional=user)
    )
    return (
        Placement.objects.filter(condition)
        .select_related("site", "worker", "reference_professional")
        .annotate(hours_logged=Sum("hours__hours"))
    )


def get_placement(user: User, pk: int) -> Placement:
    placement = visible_placements(user).filter(pk=pk).first()
    if placement is None:
        raise Http404
    return placement


def can_manage_placement(user: User, placement: Placement) -> bool:
    return placement.site_id in site_ids_for(user, WORKFORCE_MANAGERS)


def can_log_hours(user: User, placement: Placement) -> bool:
    return placement.worker_id == user.pk or can_manage_placement(user, placement)


def hours_of(placement: Placement, limit: int = 60) -> list[HoursEntry]:
    return list(placement.hours.select_related("recorded_by")[:limit])


def placeable_accreditations(user: User) -> QuerySet[Accreditation]:
    return (
        Accreditation.objects.filter(
            revoked_on__isnull=True,
            enrollment__cohort__site_id__in=site_ids_for(user, WORKFORCE_MANAGERS),
            enrollment__candidate__user__isnull=False,
        )
        .select_related("enrollment__candidate__user", "enrollment__cohort__site")
        .order_by("enrollment__candidate__code")
    )
