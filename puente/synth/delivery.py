"""CTI-TS delivery: teams, enrolments with their phases, team and case assignments, contacts over
time, plans, linkages and weekly caseload reviews.

Each enrolment's course is drawn first (dates only), so the contact rate can be set to reach the
scale's total; rows then go in site by site with ``bulk_create``.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

import numpy as np

from puente.people.models import CaseAssignment, Participant
from puente.programs import definitions
from puente.programs.models import (
    CaseloadReview,
    CrisisPlan,
    Enrolment,
    EnrolmentStatus,
    FocusArea,
    Linkage,
    Phase,
    PhaseEvent,
    PhaseEventKind,
    PlanReview,
    Programme,
    RecoveryGoal,
    RecoveryPlan,
    Team,
    TeamAssignment,
    TeamMember,
)
from puente.programs.phases import ENGAGEMENT, PhaseSpan, phase_on, planned_spans
from puente.programs.services import programmes
from puente.synth import texts
from puente.synth.bulk import insert_rows
from puente.synth.contacts import INTENSITY, write_contacts
from puente.synth.people import Foundation, SiteStaff
from puente.synth.sizes import Scale

# Relative contact intensity per day of each phase: weekly or more in transition, then tapering.
EXIT_REASONS = (["drop_out", "moved", "hospitalised", "other"], [60, 20, 15, 5])


@dataclass
class Course:
    """What happens to one enrolment, decided before any row is written."""

    participant: Participant
    enrolled_on: dt.date
    first_visit_on: dt.date
    team_index: int | None
    team_on: dt.date | None
    start: dt.date | None
    spans: list[PhaseSpan]
    status: str
    ended_on: dt.date | None
    exit_reason: str = ""
    contacts: int = 0
    enrolment: Enrolment | None = None
    segments: list[tuple[dt.date, dt.date, str]] = field(default_factory=list)

    @property
    def until(self) -> dt.date | None:
        return self.ended_on


def create_programme(foundation: Foundation) -> Programme:
    return programmes.do_create_from_template(
        actor=foundation.admin,
        template_code="cti_ts",
        code="synth-cti-ts",
        name="CTI-TS regional roll-out (synthetic)",
        sites=[s.site for s in foundation.sites],
    )


def _segments(course: Course, today: dt.date) -> list[tuple[dt.date, dt.date, str]]:
    """(first day, last day, phase) of the time a team was in contact, up to the end or today."""
    if course.team_on is None:
        return []
    last = course.ended_on or today
    out = []
    engagement_end = (course.start - dt.timedelta(days=1)) if course.start else last
    if course.team_on <= min(engagement_end, last):
        out.append((course.team_on, min(engagement_end, last), ENGAGEMENT))
    for span in course.spans:
        first, stop = max(span.starts_on, course.team_on), min(span.ends_on, last)
        if span is course.spans[-1]:
            stop = last  # past the planned end it still counts as the last phase
        if first <= stop:
            out.append((first, stop, span.key))
    return out


def plan_courses(
    scale: Scale, staff: SiteStaff, programme: Programme, rng: random.Random, today: dt.date
) -> list[Course]:
    phase_defs = definitions.phases(programme.definition)
    courses = []
    participants = sorted(staff.participants, key=lambda p: (p.consent_on, p.study_code))
    for order, participant in enumerate(participants):
        enrolled_on = min(
            today - dt.timedelta(days=1), participant.consent_on + dt.timedelta(rng.randint(0, 7))
        )
        first_visit_on = enrolled_on - dt.timedelta(days=rng.randint(10, 150))
        team_on = enrolled_on + dt.timedelta(days=rng.randint(0, 5))
        recent = (today - enrolled_on).days
        if team_on > today or (recent < 10 and rng.random() < 0.5):
            team_on = None  # waiting for a team: the coordinator sees them first on the review page
        start = enrolled_on + dt.timedelta(days=rng.randint(5, 30))
        if team_on is None or start > today - dt.timedelta(days=1):
            start = None
        spans = planned_spans(start, phase_defs) if start else []
        status, ended_on, reason = EnrolmentStatus.ACTIVE, None, ""
        if start and rng.random() < 0.12:
            latest = min(spans[-1].ends_on, today - dt.timedelta(days=1))
            if latest > start + dt.timedelta(days=14):
                status = EnrolmentStatus.EXITED
                ended_on = start + dt.timedelta(days=rng.randint(14, (latest - start).days))
                reason = rng.choices(*EXIT_REASONS)[0]
        if status == EnrolmentStatus.ACTIVE and spans and spans[-1].ends_on < today - dt.timedelta(days=14):
            status = EnrolmentStatus.COMPLETED
            ended_on = spans[-1].ends_on - dt.timedelta(days=rng.randint(0, 7))
        course = Course(
            participant=participant,
            enrolled_on=enrolled_on,
            first_visit_on=first_visit_on,
            team_index=order % scale.teams_per_site if team_on else None,
            team_on=team_on,
            start=start,
            spans=spans,
            status=status,
            ended_on=ended_on,
            exit_reason=reason,
        )
        course.segments = _segments(course, today)
        courses.append(course)
    return courses


def set_contact_counts(courses: list[Course], total: int, seed: int) -> None:
    """Share the scale's number of contacts out by time in contact, weighted by phase intensity."""
    weights = np.array(
        [sum(((b - a).days + 1) * INTENSITY[key] for a, b, key in c.segments) for c in courses], dtype=float
    )
    if weights.sum() == 0:
        return
    expected = weights * (total / weights.sum())
    counts = np.random.default_rng(seed).poisson(expected)
    for course, count in zip(courses, counts, strict=True):
        course.contacts = int(count)


def _teams(staff: SiteStaff, rng: random.Random) -> list[Team]:
    language = staff.site.language
    label = texts.TEAM_LABEL.get(language, "Team")
    Team.objects.bulk_create(
        Team(site=staff.site, name=f"{label} {chr(65 + i) if i < 26 else i + 1}", languages=[language])
        for i in range(len(staff.psws))
    )
    teams = list(Team.objects.filter(site=staff.site).order_by("pk"))
    members = []
    for team, psw, cmhw in zip(teams, staff.psws, staff.cmhws, strict=True):
        members.append(
            TeamMember(
                team=team,
                worker=psw,
                role="psw",
                gender=rng.choice(["woman", "man"]),
                age_band=rng.choice(["25-34", "35-44", "45-54"]),
            )
        )
        members.append(TeamMember(team=team, worker=cmhw, role="cmhw"))
    TeamMember.objects.bulk_create(members)
    return teams


def _enrolments(programme: Programme, staff: SiteStaff, courses: list[Course], teams: list[Team]) -> None:
    rows = []
    for c in courses:
        rows.append(
            Enrolment(
                programme=programme,
                participant=c.participant,
                site=staff.site,
                enrolled_on=c.enrolled_on,
                start_date=c.start,
                status=c.status,
                ended_on=c.ended_on,
                exit_reason=c.exit_reason,
                exit_note="Dejó de responder." if c.exit_reason == "other" else "",
                enrolled_by=staff.coordinator,
                eligibility={
                    "age": {"ok": True, "detail": ""},
                    "recent_first_visit": {"ok": True, "detail": ""},
                },
                first_visit_on=c.first_visit_on,
                team=teams[c.team_index] if c.team_index is not None else None,
                final_meeting_on=c.ended_on if c.status == EnrolmentStatus.COMPLETED else None,
                closing_note=texts.CLOSING_NOTE if c.status == EnrolmentStatus.COMPLETED else "",
                version=2 if c.start else 1,
            )
        )
    Enrolment.objects.bulk_create(rows, batch_size=2000)
    for course, enrolment in zip(courses, rows, strict=True):
        course.enrolment = enrolment


def _course_rows(staff: SiteStaff, courses: list[Course], teams: list[Team]) -> None:
    phases, events, moves, cases = [], [], [], []
    for c in courses:
        e = c.enrolment
        psw = staff.psws[c.team_index] if c.team_index is not None else None
        for span in c.spans:
            phases.append(
                Phase(
                    enrolment=e,
                    key=span.key,
                    order=span.order,
                    starts_on=span.starts_on,
                    ends_on=span.ends_on,
                )
            )
        if c.start:
            events.append(
                PhaseEvent(
                    enrolment=e,
                    kind=PhaseEventKind.STARTED,
                    to_key=c.spans[0].key,
                    happened_on=c.start,
                    recorded_by=staff.coordinator,
                )
            )
            last = c.ended_on or dt.date.max
            for before, span in zip(c.spans, c.spans[1:], strict=False):
                if span.starts_on <= last and span.starts_on <= c.segments[-1][1]:
                    events.append(
                        PhaseEvent(
                            enrolment=e,
                            kind=PhaseEventKind.TRANSITION,
                            from_key=before.key,
                            to_key=span.key,
                            happened_on=span.starts_on,
                            recorded_by=psw,
                        )
                    )
        if c.ended_on:
            completed = c.status == EnrolmentStatus.COMPLETED
            events.append(
                PhaseEvent(
                    enrolment=e,
                    kind=PhaseEventKind.COMPLETED if completed else PhaseEventKind.EXITED,
                    from_key=phase_on(c.ended_on, c.spans),
                    happened_on=c.ended_on,
                    reason=texts.CLOSING_NOTE if completed else e.exit_note,
                    recorded_by=psw if completed else staff.coordinator,
                )
            )
        if c.team_index is not None:
            moves.append(
                TeamAssignment(
                    enrolment=e,
                    team=teams[c.team_index],
                    started_on=c.team_on,
                    ended_on=c.ended_on,
                    assigned_by=staff.coordinator,
                )
            )
            # The team is mirrored in the case assignments that scope every worker's pages.
            for worker, role in ((psw, "psw"), (staff.cmhws[c.team_index], "cmhw")):
                cases.append(
                    CaseAssignment(
                        participant=c.participant,
                        worker=worker,
                        role=role,
                        started_on=c.team_on,
                        ended_on=c.ended_on,
                    )
                )
    Phase.objects.bulk_create(phases, batch_size=2000)
    PhaseEvent.objects.bulk_create(events, batch_size=2000)
    TeamAssignment.objects.bulk_create(moves, batch_size=2000)
    CaseAssignment.objects.bulk_create(cases, batch_size=2000)


FOCUS_COLUMNS = (
    "enrolment_id",
    "phase_key",
    "area_key",
    "goal",
    "progress",
    "progress_note",
    "created_at",
    "updated_at",
    "retired_at",
    "version",
)


def _plans(
    staff: SiteStaff, courses: list[Course], definition: dict, rng: random.Random, today: dt.date
) -> None:
    language = staff.site.language
    areas = [a["key"] for a in definition["areas_of_focus"]]
    focus, reviews, linkages, plan_rows, crisis, goal_specs = [], [], [], [], [], []
    for c in courses:
        if not c.start:
            continue
        psw = staff.psws[c.team_index]
        until = c.ended_on or today
        for span in c.spans:
            if span.starts_on + dt.timedelta(days=7) > until:
                break
            done = span.ends_on < until
            for area in rng.sample(areas, rng.randint(1, 3)):
                progress = ["progressing", "achieved"] if done else ["not_started", "started", "progressing"]
                focus.append(
                    (
                        c.enrolment.pk,
                        span.key,
                        area,
                        rng.choice(texts.GOALS[language]),
                        rng.choice(progress),
                        "",
                        texts.moment(span.starts_on + dt.timedelta(days=3)),
                        texts.moment(min(until, span.ends_on)),
                        None,
                        1,
                    )
                )
            reviews.append(
                PlanReview(
                    enrolment=c.enrolment,
                    phase_key=span.key,
                    reviewed_on=span.starts_on + dt.timedelta(days=7),
                    reviewed_by=psw,
                )
            )
        if rng.random() < 0.6:
            plan_rows.append(
                RecoveryPlan(
                    enrolment=c.enrolment,
                    interests=rng.choice(texts.INTERESTS[language]),
                    strengths=rng.choice(texts.STRENGTHS[language]),
                    vulnerabilities=rng.choice(texts.VULNERABILITIES[language]),
                    updated_by=psw,
                )
            )
            goal_specs.append(
                [
                    (rng.choice(texts.GOALS[language]), c.start + dt.timedelta(days=rng.randint(7, 40)))
                    for _ in range(rng.randint(1, 3))
                ]
            )
        if rng.random() < 0.3:
            crisis.append(
                CrisisPlan(
                    enrolment=c.enrolment,
                    warning_signs=texts.CRISIS[language][0],
                    what_helps=texts.CRISIS[language][1],
                    what_to_avoid=texts.CRISIS[language][2],
                    who_to_call=[
                        {
                            "name": texts.CRISIS[language][3],
                            "relation": "family",
                            "phone": f"+00 9 {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}",
                        },
                        {
                            "name": staff.site.name,
                            "relation": "team",
                            "phone": f"+00 2 {rng.randint(1000, 9999)} 0100",
                        },
                    ],
                    updated_by=psw,
                )
            )
        for offset, (kind, support, name) in enumerate(rng.sample(texts.LINKAGES, rng.randint(0, 3))):
            proposed = c.start + dt.timedelta(days=14 + offset * 20)
            if proposed > until:
                continue
            first_contact = proposed + dt.timedelta(days=14)
            active = first_contact + dt.timedelta(days=21)
            linkages.append(
                Linkage(
                    enrolment=c.enrolment,
                    kind=kind,
                    support_type=support,
                    name=name,
                    status="active"
                    if active <= until
                    else "first_contact"
                    if first_contact <= until
                    else "proposed",
                    proposed_on=proposed,
                    first_contact_on=first_contact if first_contact <= until else None,
                    active_on=active if active <= until else None,
                    created_by=psw,
                    version=1 + (first_contact <= until) + (active <= until),
                )
            )
    insert_rows(FocusArea, FOCUS_COLUMNS, focus)
    PlanReview.objects.bulk_create(reviews, batch_size=2000)
    RecoveryPlan.objects.bulk_create(plan_rows, batch_size=2000)
    RecoveryGoal.objects.bulk_create(
        [
            RecoveryGoal(plan=plan, text=text, built_on="", created_on=day)
            for plan, specs in zip(plan_rows, goal_specs, strict=True)
            for text, day in specs
        ],
        batch_size=2000,
    )
    CrisisPlan.objects.bulk_create(crisis, batch_size=2000)
    Linkage.objects.bulk_create(linkages, batch_size=2000)


def _reviews(staff: SiteStaff, courses: list[Course], rng: random.Random, today: dt.date) -> None:
    active = [c.enrolment for c in courses if c.status == EnrolmentStatus.ACTIVE and c.team_index is not None]
    people = [staff.coordinator, *staff.psws, *staff.cmhws]
    for weeks in range(8, 0, -1):
        review = CaseloadReview.objects.create(
            site=staff.site,
            held_on=today - dt.timedelta(days=7 * weeks),
            chaired_by=staff.coordinator,
            notes=texts.REVIEW_NOTES.get(staff.site.language, texts.REVIEW_NOTES["es"]),
            decisions=texts.REVIEW_DECISIONS.get(staff.site.language, texts.REVIEW_DECISIONS["es"]),
            figures={"active": len(active)},
        )
        review.attendees.add(*people)
        review.discussed.add(*rng.sample(active, min(4, len(active))))


def build_delivery(
    scale: Scale, foundation: Foundation, programme: Programme, seed: int, today: dt.date
) -> list[list[Course]]:
    rng = random.Random(seed * 7 + 1)
    plans = [plan_courses(scale, staff, programme, rng, today) for staff in foundation.sites]
    set_contact_counts([c for site in plans for c in site], scale.contacts, seed)
    np_rng = np.random.default_rng(seed + 11)
    for staff, courses in zip(foundation.sites, plans, strict=True):
        teams = _teams(staff, rng)
        _enrolments(programme, staff, courses, teams)
        _course_rows(staff, courses, teams)
        write_contacts(staff, courses, programme.definition, rng, np_rng)
        _plans(staff, courses, programme.definition, rng, today)
        _reviews(staff, courses, rng, today)
    return plans
