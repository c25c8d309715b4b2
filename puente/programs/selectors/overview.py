"""Reads for the home pages, the caseload review and the allocation table (fixed query counts)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery, Window

from puente.accounts.models import Site, User
from puente.accounts.selectors import site_ids_for
from puente.people import selectors as people
from puente.people.models import Participant
from puente.programs.course import Course
from puente.programs.models import (
    AllocationSlot,
    CaseloadReview,
    Contact,
    Enrolment,
    Phase,
    Programme,
    Team,
    TeamMember,
)
from puente.programs.phases import PhaseSpan
from puente.programs.selectors.delivery import course_for
from puente.programs.selectors.standing import Standing, active_programmes, active_standings
from puente.programs.services.teams import DEFAULT_CASELOAD_LIMIT, open_cases, worker_limit

BOUNDARY_WINDOW_DAYS = 90


def _with_course_data(queryset: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    # The latest contact as a subquery that walks the (enrolment, contact_on) index backwards: a
    # GROUP BY over the joined contacts would aggregate every contact of every row on large sites.
    latest = (
        Contact.objects.filter(enrolment=OuterRef("pk"), retired_at__isnull=True)
        .order_by("-contact_on")
        .values("contact_on")[:1]
    )
    # The programme (with its large JSON definition) is fetched and decoded once, not once per row.
    return (
        queryset.select_related("participant", "team", "site")
        .annotate(last_contact=Subquery(latest))
        .prefetch_related("programme")
    )


def _with_phases(queryset: QuerySet[Enrolment]) -> list[Enrolment]:
    """The enrolments with their phase spans in ``phase_list`` (one more query). A prefetch would build
    a filtered queryset and model objects per enrolment, which costs most of the time on a site with
    hundreds of them; the course needs only each phase's key, order and dates."""
    enrolments = list(queryset)
    by_enrolment: dict[int, list[PhaseSpan]] = {e.pk: [] for e in enrolments}
    if enrolments:
        rows = Phase.objects.filter(enrolment_id__in=list(by_enrolment)).order_by("enrolment_id", "order")
        for enrolment_id, key, order, starts_on, ends_on in rows.values_list(
            "enrolment_id", "key", "order", "starts_on", "ends_on"
        ):
            by_enrolment[enrolment_id].append(PhaseSpan(key, order, starts_on, ends_on))
    for e in enrolments:
        e.phase_list = by_enrolment[e.pk]
    return enrolments


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
    enrolments = _with_phases(
        _with_course_data(
            Enrolment.objects.filter(participant__in=[p.pk for p in participants], status="active")
        ).order_by("enrolled_on")
    )
    by_participant: dict[int, Enrolment] = {}
    for enrolment in enrolments:
        by_participant.setdefault(enrolment.participant_id, enrolment)
    rows = []
    for participant in participants:
        enrolment = by_participant.get(participant.pk)
        course = (
            course_for(enrolment, enrolment.phase_list, enrolment.last_contact, language)
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


# How many participants each list of the caseload review shows (the rest are counted: "and N more").
ROWS_SHOWN = 10
# The participants offered for discussion in the review form.
REVIEW_CHOICES = 15


@dataclass
class SiteOverview:
    teams: list[TeamRow]
    per_phase: list[tuple[str, int]]
    overdue: list[CaseRow]  # the most overdue first, at most ROWS_SHOWN
    waiting: list[CaseRow]  # without family support first, then by enrolment date
    past_end: list[CaseRow]
    choices: list[CaseRow]  # offered for discussion: those needing attention first
    dropouts: dict[str, int]
    boundary_count: int
    boundary_contacts: list[Contact]
    past_end_count: int = 0
    figures: dict[str, Any] = field(default_factory=dict)

    @property
    def overdue_more(self) -> int:
        return self.figures.get("overdue", 0) - len(self.overdue)

    @property
    def waiting_more(self) -> int:
        return self.figures.get("waiting", 0) - len(self.waiting)

    @property
    def past_end_more(self) -> int:
        return self.past_end_count - len(self.past_end)


def _team_rows(site_ids: set[int]) -> dict[int, TeamRow]:
    teams = list(
        Team.objects.filter(site_id__in=site_ids, retired_at__isnull=True)
        .select_related("site")
        # Members with their workers in one query (not one for members and another for workers).
        .prefetch_related(Prefetch("members", queryset=TeamMember.objects.select_related("worker")))
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
    return team_rows


def _review_choice_ids(
    standings: list[Standing], overdue: list[Standing], waiting: list[Standing], past_end: list[Standing]
) -> list[int]:
    """Those needing attention first (most overdue, waiting for a team, due to close), then the next
    contacts due."""
    chosen: dict[int, None] = {}
    for group in (overdue, waiting, past_end, sorted(standings, key=lambda s: s.sort_key)):
        for standing in group:
            chosen.setdefault(standing.enrolment_id)
            if len(chosen) == REVIEW_CHOICES:
                return list(chosen)
    return list(chosen)


def _case_rows(ids: list[int], standings: list[Standing], rules: dict, language: str) -> dict[int, CaseRow]:
    """The rows the page shows, as full CaseRows with their Course (a bounded number: two queries)."""
    by_id = {s.enrolment_id: s for s in standings}
    enrolments = _with_phases(
        Enrolment.objects.filter(pk__in=ids).select_related("participant__site", "team").order_by()
    )
    rows = {}
    for enrolment in enrolments:
        # The programme's definition is already loaded: no query per row, nor for the page.
        enrolment.programme = rules[enrolment.programme_id].programme
        last_contact = by_id[enrolment.pk].last_contact
        course = course_for(enrolment, enrolment.phase_list, last_contact, language)
        rows[enrolment.pk] = CaseRow(enrolment.participant, enrolment, course)
    return rows


def site_overview(user: User, site_ids: set[int], language: str) -> SiteOverview:
    """The teams and the counts over every active enrolment at the sites, with one page of those
    needing the coordinator's attention. The query count and the rows built stay the same however
    many participants the sites have."""
    today = dt.date.today()
    rules = active_programmes(site_ids, language)
    standings = active_standings(site_ids, rules, today)
    team_rows = _team_rows(site_ids)
    phase_counts: Counter[str] = Counter()
    waiting, overdue, past_end = [], [], []
    for standing in standings:
        if not standing.receives:
            phase_counts["usual_care"] += 1
            continue
        phase_counts[rules[standing.programme_id].name(standing.phase_key)] += 1
        team = team_rows.get(standing.team_id)
        if standing.team_id is None:
            waiting.append(standing)
        elif team is not None:
            team.active += 1
        if standing.overdue:
            overdue.append(standing)
            if team is not None:
                team.overdue += 1
        if standing.past_end:
            past_end.append(standing)
    # Participants without family support first: a peer worker may help them most.
    waiting.sort(key=lambda s: (s.family_support != "no", s.enrolled_on))
    overdue.sort(key=lambda s: -s.overdue_days)
    choice_ids = _review_choice_ids(standings, overdue, waiting, past_end)
    shown = {s.enrolment_id for s in [*overdue[:ROWS_SHOWN], *waiting[:ROWS_SHOWN], *past_end[:ROWS_SHOWN]]}
    rows = _case_rows(sorted(shown.union(choice_ids)), standings, rules, language)
    dropouts = dict(
        Enrolment.objects.filter(site_id__in=site_ids, status="exited")
        .values_list("exit_reason")
        .annotate(n=Count("pk"))
        .order_by()
    )
    since = today - dt.timedelta(days=BOUNDARY_WINDOW_DAYS)
    boundary = Contact.objects.filter(
        enrolment__site_id__in=site_ids, role_boundary=True, retired_at__isnull=True, contact_on__gte=since
    )
    # The ten latest with the total alongside (a window count): one query instead of two.
    boundary_contacts = list(
        boundary.select_related("enrolment__participant", "logged_by").annotate(total=Window(Count("pk")))[
            :10
        ]
    )
    boundary_count = boundary_contacts[0].total if boundary_contacts else 0
    per_phase = sorted(phase_counts.items())
    figures = {
        "active": len(standings),
        "overdue": len(overdue),
        "waiting": len(waiting),
        "dropouts": sum(dropouts.get(r, 0) for r in ("drop_out",)),
        "exits": sum(dropouts.values()),
        "role_boundary_warnings": boundary_count,
        "per_phase": dict(per_phase),
    }
    return SiteOverview(
        teams=list(team_rows.values()),
        per_phase=per_phase,
        overdue=[rows[s.enrolment_id] for s in overdue[:ROWS_SHOWN]],
        waiting=[rows[s.enrolment_id] for s in waiting[:ROWS_SHOWN]],
        past_end=[rows[s.enrolment_id] for s in past_end[:ROWS_SHOWN]],
        choices=[rows[pk] for pk in choice_ids],
        dropouts=dropouts,
        boundary_count=boundary_count,
        boundary_contacts=boundary_contacts,
        past_end_count=len(past_end),
        figures=figures,
    )


def review_choices(overview: SiteOverview) -> list[CaseRow]:
    """The participants offered for discussion in the review form (see ``_review_choice_ids``)."""
    return overview.choices


def reviews_at(site_ids: set[int], limit: int = 10) -> list[CaseloadReview]:
    # How many attended is all the page shows of the attendees: a count, not every user row.
    return list(
        CaseloadReview.objects.filter(site_id__in=site_ids)
        .select_related("site", "chaired_by")
        .annotate(attendee_count=Count("attendees", distinct=True))
        .prefetch_related(Prefetch("discussed", queryset=Enrolment.objects.select_related("participant")))[
            :limit
        ]
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

    enrolments = _with_phases(
        _with_course_data(visible_enrolments(user).filter(participant=participant)).order_by("-enrolled_on")
    )
    for e in enrolments:
        e.course = course_for(e, e.phase_list, e.last_contact, language)
        e.arm_name = arm_name(e.programme.definition, e.arm, language) if e.arm else ""
    return enrolments
