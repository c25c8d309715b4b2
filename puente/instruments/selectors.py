"""Reads about instruments, schedules and questionnaires, scoped to the requesting user.

Questionnaires follow the participant rules: site-wide roles see those of their sites, field workers
those of their own caseload and those they are responsible for. Anything else answers 404.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.http import Http404

from puente.accounts.models import Organisation, User
from puente.accounts.roles import ALL_ROLES, FIELD_WORKERS, SITE_WIDE_PARTICIPANT_ROLES
from puente.accounts.selectors import site_ids_for
from puente.instruments.models import (
    OPEN_STATUSES,
    Administration,
    AdministrationStatus,
    Instrument,
    ItemWording,
    Respondent,
    ResponseRevision,
    ScheduleEntry,
    SelfReportLink,
)
from puente.instruments.permissions import SCHEDULE_EDITORS
from puente.people.models import CaseAssignment, Participant
from puente.programs.models import Enrolment, Programme

DUE_STATES = ("open", "overdue", "upcoming")
UPCOMING_DAYS = 30


def instruments(*, include_retired: bool = False) -> QuerySet[Instrument]:
    queryset = Instrument.objects.select_related("current")
    if not include_retired:
        queryset = queryset.filter(retired_at__isnull=True)
    return queryset.order_by("source", "abbreviation")


def get_instrument(code: str) -> Instrument:
    instrument = instruments(include_retired=True).filter(code=code).first()
    if instrument is None:
        raise Http404
    return instrument


def revisions_of(instrument: Instrument) -> QuerySet:
    return instrument.revisions.select_related("created_by").order_by("-number")


def programmes_for(user: User) -> QuerySet[Programme]:
    """Programmes running at any site where the user holds a role."""
    site_ids = site_ids_for(user, ALL_ROLES)
    return Programme.objects.filter(sites__in=site_ids, retired_at__isnull=True).distinct().order_by("name")


def get_programme(user: User, pk: int) -> Programme:
    programme = programmes_for(user).filter(pk=pk).first()
    if programme is None:
        raise Http404
    return programme


def can_edit_schedule(user: User, programme: Programme) -> bool:
    editable = site_ids_for(user, SCHEDULE_EDITORS)
    return bool(editable) and programme.sites.filter(pk__in=editable).exists()


def schedule_of(programme: Programme) -> QuerySet[ScheduleEntry]:
    return (
        ScheduleEntry.objects.filter(programme=programme, retired_at__isnull=True)
        .select_related("instrument")
        .order_by("group", "months_after", "time_point", "instrument__abbreviation")
    )


def respondents_of(user: User, programme: Programme) -> QuerySet[Respondent]:
    """The programme's respondents at the sites the user sees in full."""
    site_ids = site_ids_for(user, SITE_WIDE_PARTICIPANT_ROLES)
    return (
        Respondent.objects.filter(programme=programme, site_id__in=site_ids, retired_at__isnull=True)
        .select_related("site")
        .order_by("group", "code")
    )


def enrolments_to_register(user: User, programme: Programme) -> QuerySet[Enrolment]:
    """Enrolments at the user's editable sites not yet answering this programme's questionnaires."""
    site_ids = site_ids_for(user, SCHEDULE_EDITORS)
    registered = Respondent.objects.filter(programme=programme, participant__isnull=False).values(
        "participant_id"
    )
    return (
        Enrolment.objects.filter(programme=programme, site_id__in=site_ids)
        .exclude(participant_id__in=registered)
        .select_related("participant")
        .order_by("participant__study_code")
    )


def _administration_scope(user: User) -> Q | None:
    if not user.is_authenticated:
        return None
    site_ids = site_ids_for(user, SITE_WIDE_PARTICIPANT_ROLES)
    worker_sites = site_ids_for(user, FIELD_WORKERS)
    condition = Q(pk__in=[])
    if site_ids:
        condition |= Q(site_id__in=site_ids)
    if worker_sites:
        own_cases = CaseAssignment.objects.filter(worker=user, ended_on__isnull=True).values("participant_id")
        condition |= Q(site_id__in=worker_sites) & (
            Q(respondent__participant_id__in=own_cases) | Q(worker=user)
        )
    return condition


def visible_administrations(user: User) -> QuerySet[Administration]:
    condition = _administration_scope(user)
    if condition is None:
        return Administration.objects.none()
    return Administration.objects.filter(condition).select_related(
        "respondent", "instrument", "revision", "site", "worker", "entered_by"
    )


def get_administration(user: User, pk: int) -> Administration:
    administration = visible_administrations(user).filter(pk=pk).first()
    if administration is None:
        raise Http404
    return administration


def due_administrations(
    user: User,
    *,
    today: dt.date,
    state: str = "open",
    site_id: int | None = None,
    worker_id: int | None = None,
) -> QuerySet[Administration]:
    """Open questionnaires: ``open`` (window open or past), ``overdue`` (window closed), ``upcoming``."""
    queryset = visible_administrations(user).filter(
        status__in=OPEN_STATUSES, respondent__retired_at__isnull=True
    )
    if state == "overdue":
        queryset = queryset.filter(window_closes_on__lt=today)
    elif state == "upcoming":
        queryset = queryset.filter(
            window_opens_on__gt=today, window_opens_on__lte=today + dt.timedelta(days=UPCOMING_DAYS)
        )
    else:
        queryset = queryset.filter(window_opens_on__lte=today)
    if site_id is not None:
        queryset = queryset.filter(site_id=site_id)
    if worker_id is not None:
        queryset = queryset.filter(worker_id=worker_id)
    # The list shows no definition: joining the revision would decode its JSON on every row.
    return (
        queryset.select_related(None)
        .select_related("respondent", "instrument", "site", "worker")
        .order_by("window_closes_on", "due_on", "pk")
    )


def history_of(administration: Administration) -> list[ResponseRevision]:
    return list(administration.history.select_related("saved_by").order_by("-number"))


def links_of(administration: Administration) -> list[SelfReportLink]:
    return list(administration.links.select_related("created_by").order_by("-created_at"))


def completed_for_participant(participant: Participant) -> list[Administration]:
    """A participant's completed questionnaires with their definitions, oldest first (one query)."""
    return list(
        Administration.objects.filter(
            respondent__participant=participant, status=AdministrationStatus.COMPLETED
        )
        .select_related("instrument", "revision")
        .order_by("instrument__abbreviation", "administered_on", "months_after", "pk")
    )


def open_for_participant(user: User, participant: Participant) -> list[Administration]:
    return list(
        visible_administrations(user)
        .filter(respondent__participant=participant, status__in=OPEN_STATUSES)
        .order_by("due_on", "pk")[:20]
    )


def organisations_for(user: User, roles: frozenset[str]) -> QuerySet[Organisation]:
    """Organisations of the sites where the user holds one of ``roles``."""
    return Organisation.objects.filter(sites__in=site_ids_for(user, roles)).distinct().order_by("name")


def wording_sets(organisation_ids: list[int], instrument: Instrument) -> list[ItemWording]:
    """Current licensed wording sets of these organisations for one instrument."""
    return list(
        ItemWording.objects.filter(
            organisation_id__in=organisation_ids, instrument=instrument, retired_at__isnull=True
        )
        .select_related("organisation", "uploaded_by")
        .order_by("organisation__name", "language")
    )


def wording_for(site_id: int, instrument_id: int, language: str) -> dict[str, str]:
    """Item id -> licensed wording the site's organisation loaded for an instrument and language."""
    texts = (
        ItemWording.objects.filter(
            organisation__sites__id=site_id,
            instrument_id=instrument_id,
            language=language,
            retired_at__isnull=True,
        )
        .values_list("texts", flat=True)
        .first()
    )
    return dict(texts or {})
