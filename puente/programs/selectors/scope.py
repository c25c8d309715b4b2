"""Who may see and change which programme, enrolment and team."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from puente.accounts.models import User
from puente.accounts.roles import (
    FIELD_WORKERS,
    IDENTITY_READERS,
    PARTICIPANT_EDITORS,
    SITE_WIDE_PARTICIPANT_ROLES,
    Role,
)
from puente.accounts.selectors import site_ids_for
from puente.people import selectors as people
from puente.programs.models import Contact, Enrolment, FocusArea, Linkage, Programme, Team
from puente.web.compiled_queries import CompiledLookup

ENROLMENT_RELATED = ("programme", "participant", "site", "team")
PROGRAMME_READERS = SITE_WIDE_PARTICIPANT_ROLES
ENROLMENT_READERS = SITE_WIDE_PARTICIPANT_ROLES | FIELD_WORKERS
MANAGERS = PARTICIPANT_EDITORS
TRIAL_DATA_READERS = frozenset({Role.ADMINISTRATOR, Role.COORDINATOR, Role.RESEARCHER})


def programmes_for(user: User) -> QuerySet[Programme]:
    site_ids = site_ids_for(user, PROGRAMME_READERS)
    return Programme.objects.filter(sites__in=site_ids).distinct().order_by("name")


def get_programme(user: User, pk: int) -> Programme:
    programme = programmes_for(user).filter(pk=pk).first()
    if programme is None:
        raise Http404
    return programme


def can_manage_programme(user: User, programme: Programme) -> bool:
    managed = site_ids_for(user, MANAGERS)
    return any(site.pk in managed for site in programme.sites.all())


def visible_enrolments(user: User) -> QuerySet[Enrolment]:
    """Enrolments of the participants the user may see (retired ones included)."""
    condition = people.scope_condition(user, "participant__")
    if condition is None:
        return Enrolment.objects.none()
    return Enrolment.objects.filter(condition).select_related(*ENROLMENT_RELATED)


def _enrolment_in_scope(
    *, user_id: int, site_ids: list[int], worker_sites: list[int], pk: int
) -> QuerySet[Enrolment]:
    condition = people.scope_q(user_id, site_ids, worker_sites, "participant__")
    return Enrolment.objects.filter(condition, pk=pk).select_related(*ENROLMENT_RELATED)[:1]


# Every page about one enrolment starts here, contact posts included: compiled once per shape of scope.
_ENROLMENT_IN_SCOPE = CompiledLookup(_enrolment_in_scope)


def get_enrolment(user: User, pk: int) -> Enrolment:
    scope = people.scope_values(user)
    enrolment = None
    if scope is not None:
        site_ids, worker_sites = scope
        enrolment = _ENROLMENT_IN_SCOPE.first(
            user_id=user.pk, site_ids=site_ids, worker_sites=worker_sites, pk=pk
        )
    if enrolment is None:
        raise Http404
    return enrolment


def can_manage(user: User, enrolment: Enrolment) -> bool:
    """Enrol, assign teams, change phase dates, record an exit: the site's coordinators."""
    return enrolment.site_id in site_ids_for(user, MANAGERS)


def can_work(user: User, enrolment: Enrolment) -> bool:
    """Log contacts, keep plans and linkages: coordinators and the workers whose caseload it is
    (a worker reaches an enrolment only through their caseload)."""
    return enrolment.site_id in site_ids_for(user, MANAGERS | FIELD_WORKERS)


def can_read_plans(user: User, enrolment: Enrolment) -> bool:
    """Free-text notes and the crisis plan may identify people: not for pseudonymised roles."""
    return enrolment.site_id in site_ids_for(user, IDENTITY_READERS)


def get_focus_area(user: User, pk: int) -> FocusArea:
    area = FocusArea.objects.filter(pk=pk, enrolment__in=visible_enrolments(user).values("pk")).first()
    if area is None:
        raise Http404
    return area


def get_linkage(user: User, pk: int) -> Linkage:
    linkage = Linkage.objects.filter(pk=pk, enrolment__in=visible_enrolments(user).values("pk")).first()
    if linkage is None:
        raise Http404
    return linkage


def get_contact(user: User, pk: int) -> Contact:
    contact = Contact.objects.filter(pk=pk, enrolment__in=visible_enrolments(user).values("pk")).first()
    if contact is None:
        raise Http404
    return contact


def teams_for(user: User, roles: frozenset[str] = MANAGERS) -> QuerySet[Team]:
    return (
        Team.objects.filter(site_id__in=site_ids_for(user, roles), retired_at__isnull=True)
        .select_related("site")
        .prefetch_related("members__worker")
    )
