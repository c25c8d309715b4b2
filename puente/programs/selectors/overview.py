"""Reads for the home pages, the caseload review and the allocation table (fixed query counts)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Prefetch, Q, QuerySet

from puente.accounts.models import Site, User
from puente.accounts.selectors import site_ids_for
from puente.people import selectors as people
from puente.people.models import Participant
from puente.programs import definitions
from puente.programs.course import Course
from puente.programs.models import AllocationSlot, CaseloadReview, Contact, Enrolment, Phase, Programme, Team
from puente.programs.selectors.delivery import course_for
from puente.programs.services.teams import DEFAULT_CASELOAD_LIMIT, open_cases, worker_limit

BOUNDARY_WINDOW_DAYS = 90


def _with_course_data(queryset: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    return (
        queryset.select_related("programme", "participant", "team", "site")
        .annotate(last_contact=Max("contacts__contact_on", filter=Q(contacts__retired_at__isnull=True)))
        .prefetch_related(Prefetch("phases", queryset=Phase.objects.order_by("order")))
    )


@dataclass
class CaseRow:
    participant: Participant
    enrolment: Enrolment | None
    course: Course | None

    @property
    def sort_key(self) -> tuple:
        if self.course is None or self.course.due_on is None:
            return (2, 0, self.participant.study_code)
        if self.course.overdue:
            return (0, -self.course.overdue_days, self.participant.study_code)
        return (1, self.course.due_on.toordinal(), self.participant.study_code)


def caseload_today(user: User, language: str) -> list[CaseRow]:
    """The worker's caseload, most overdue contact first, then by the next due date."""
    participants = list(people.caseload(user))
    enrolments = _with_course_data(
        Enrolment.objects.filter(participant__in=[p.pk for p in participants], status="active")
    ).order_by("enrolled_on")
    by_participant: dict[int, Enrolment] = {}
    for enrolment in enrolments:
        by_participant.setdefault(enrolment.participant_id, enrolment)
    rows = []
    for participant in participants:
        enrolment = by_participant.get(participant.pk)
        course = (
            course_for(enrolment, list(enrolment.phases.all()), enrolment.last_contact, language)
            if enrolment
            else None
        )
        rows.append(CaseRow(participant, enrolment, course))
    return sorted(rows, key=lambda row: row.sort_key)


@dataclass
class TeamRow:
    team: Team
    members: list[Any]
    active: int = 0
    overdue: int = 0
    over_limit: bool = False


@dataclass
class SiteOverview:
    rows: list[CaseRow]
    teams: list[TeamRow]
    per_phase: list[tuple[str, int]]
    overdue: list[CaseRow]
    waiting: list[CaseRow]
    past_end: list[CaseRow]
    dropouts: dict[str, int]
    boundary_count: int
    boundary_contacts: list[Contact]
    figures: dict[str, Any] = field(default_factory=dict)


def site_overview(user: User, site_ids: set[int], language: str) -> SiteOverview:
    """All teams and active enrolments at the sites, with what needs the coordinator's attention."""
    enrolments = list(
        _with_course_data(Enrolment.objects.filter(site_id__in=site_ids, status="active")).order_by(
            "participant__study_code"
        )
    )
    rows = [
        CaseRow(e.participant, e, course_for(e, list(e.phases.all()), e.last_contact, language))
        for e in enrolments
    ]
    teams = list(
        Team.objects.filter(site_id__in=site_ids, retired_at__isnull=True)
        .select_related("site")
        .prefetch_related("members__worker")
        .order_by("site__name", "name")
    )
    loads = open_cases(m.worker_id for t in teams for m in t.members.all())
    team_rows = {}
    for team in teams:
        members = list(team.members.all())
        for member in members:
            member.active = loads.get(member.worker_id, 0)
            member.limit = worker_limit(member.fte, DEFAULT_CASELOAD_LIMIT)
            member.over_limit = member.active > member.limit
        team_rows[team.pk] = TeamRow(team, members, over_limit=any(m.over_limit for m in members))
    phase_counts: Counter[str] = Counter()
    waiting, overdue, past_end = [], [], []
    for row in rows:
        receives = definitions.arm_delivers_intervention(
            row.enrolment.programme.definition, row.enrolment.arm
        )
        if not receives:
            phase_counts["usual_care"] += 1
            continue
        phase_counts[row.course.phase_name] += 1
        if row.enrolment.team_id is None:
            waiting.append(row)
        else:
            team_rows[row.enrolment.team_id].active += 1
        if row.course.overdue:
            overdue.append(row)
            if row.enrolment.team_id in team_rows:
                team_rows[row.enrolment.team_id].overdue += 1
        if row.course.past_end:
            past_end.append(row)
    # Participants without family support first: a peer worker may help them most.
    waiting.sort(key=lambda r: (r.participant.family_support != "no", r.enrolment.enrolled_on))
    overdue.sort(key=lambda r: -r.course.overdue_days)
    dropouts = dict(
        Enrolment.objects.filter(site_id__in=site_ids, status="exited")
        .values_list("exit_reason")
        .annotate(n=Count("pk"))
        .order_by()
    )
    since = dt.date.today() - dt.timedelta(days=BOUNDARY_WINDOW_DAYS)
    boundary = Contact.objects.filter(
        enrolment__site_id__in=site_ids, role_boundary=True, retired_at__isnull=True, contact_on__gte=since
    )
    boundary_contacts = list(boundary.select_related("enrolment__participant", "logged_by")[:10])
    boundary_count = boundary.count()
    per_phase = sorted(phase_counts.items())
    figures = {
        "active": len(rows),
        "overdue": len(overdue),
        "waiting": len(waiting),
        "dropouts": sum(dropouts.get(r, 0) for r in ("drop_out",)),
        "exits": sum(dropouts.values()),
        "role_boundary_warnings": boundary_count,
        "per_phase": dict(per_phase),
    }
    return SiteOverview(
        rows=rows,
        teams=list(team_rows.values()),
        per_phase=per_phase,
        overdue=overdue,
        waiting=waiting,
        past_end=past_end,
        dropouts=dropouts,
        boundary_count=boundary_count,
        boundary_contacts=boundary_contacts,
        figures=figures,
    )


def reviews_at(site_ids: set[int], limit: int = 10) -> list[CaseloadReview]:
    return list(
        CaseloadReview.objects.filter(site_id__in=site_ids)
        .select_related("site", "chaired_by")
        .prefetch_related("attendees", "discussed__participant")[:limit]
    )


def review_attendee_choices(site_ids: set[int]) -> QuerySet[User]:
    from puente.accounts.roles import FIELD_WORKERS, Role

    return (
        User.objects.filter(
            memberships__site_id__in=site_ids, memberships__role__in=FIELD_WORKERS | {Role.COORDINATOR}
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


def managed_sites(user: User, roles: frozenset[str]) -> list[Site]:
    return list(Site.objects.filter(pk__in=site_ids_for(user, roles)).order_by("name"))


def allocation_rows(programme: Programme, site_ids: set[int]) -> QuerySet[AllocationSlot]:
    """The allocations made so far (never the unused slots): pseudonymised, study codes only."""
    return (
        AllocationSlot.objects.filter(programme=programme, site_id__in=site_ids, enrolment__isnull=False)
        .select_related("site", "enrolment__participant")
        .order_by("site__code", "position")
    )


def enrolment_summaries(user: User, participant: Participant, language: str) -> list[Enrolment]:
    """The participant's enrolments with their course (three queries whatever their history)."""
    from puente.programs.selectors.delivery import arm_name
    from puente.programs.selectors.scope import visible_enrolments

    enrolments = list(
        _with_course_data(visible_enrolments(user).filter(participant=participant)).order_by("-enrolled_on")
    )
    for e in enrolments:
        e.course = course_for(e, list(e.phases.all()), e.last_contact, language)
        e.arm_name = arm_name(e.programme.definition, e.arm, language) if e.arm else ""
    return enrolments
