"""Reads for the pages about one enrolment: its course, plans, team suggestions and timeline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, QuerySet
from django.utils.translation import gettext as _

from puente.accounts.models import User
from puente.accounts.selectors import site_ids_for
from puente.people import selectors as people
from puente.people.models import Participant
from puente.programs import definitions, matching
from puente.programs.course import Course, course_of, phase_name
from puente.programs.models import (
    Contact,
    CrisisPlan,
    Enrolment,
    FocusArea,
    Linkage,
    Phase,
    PhaseEvent,
    PlanReview,
    Programme,
    RecoveryPlan,
    Team,
    TeamAssignment,
)
from puente.programs.phases import PhaseSpan
from puente.programs.selectors.scope import MANAGERS, teams_for, visible_enrolments
from puente.programs.services.teams import DEFAULT_CASELOAD_LIMIT, free_places, open_cases


def spans_of(phases: list[Phase]) -> list[PhaseSpan]:
    return [PhaseSpan(p.key, p.order, p.starts_on, p.ends_on) for p in sorted(phases, key=lambda p: p.order)]


def course_for(
    enrolment: Enrolment, phases: list[Phase], last_contact: dt.date | None, language: str
) -> Course:
    definition = enrolment.programme.definition
    return course_of(
        definition=definition,
        status=enrolment.status,
        enrolled_on=enrolment.enrolled_on,
        spans=spans_of(phases),
        last_contact=last_contact,
        today=dt.date.today(),
        language=language,
        receives_intervention=definitions.arm_delivers_intervention(definition, enrolment.arm),
    )


def enrolment_page(enrolment: Enrolment, language: str) -> dict[str, Any]:
    definition = enrolment.programme.definition
    phases = list(enrolment.phases.all())
    contacts = list(
        Contact.objects.filter(enrolment=enrolment, retired_at__isnull=True).select_related("logged_by")[:8]
    )
    last = contacts[0].contact_on if contacts else None
    course = course_for(enrolment, phases, last, language)
    areas = list(FocusArea.objects.filter(enrolment=enrolment, retired_at__isnull=True))
    area_names = dict(definitions.choices(definition, "areas_of_focus", language))
    by_phase = []
    for span in course.spans:
        phase_areas = [a for a in areas if a.phase_key == span.key]
        for area in phase_areas:
            area.area_name = area_names.get(area.area_key, area.area_key)
        by_phase.append(
            {
                "span": span,
                "name": phase_name(definition, span.key, language),
                "areas": phase_areas,
                "current": span.key == course.phase_key,
            }
        )
    plan = RecoveryPlan.objects.filter(enrolment=enrolment).prefetch_related("goals").first()
    return {
        "course": course,
        "phases": by_phase,
        "contacts": contacts,
        "plan": plan,
        "has_crisis_plan": CrisisPlan.objects.filter(enrolment=enrolment).exists(),
        "linkages": list(Linkage.objects.filter(enrolment=enrolment)),
        "team_members": list(enrolment.team.members.select_related("worker")) if enrolment.team_id else [],
        "receives_intervention": definitions.arm_delivers_intervention(definition, enrolment.arm),
        "arm_name": arm_name(definition, enrolment.arm, language),
    }


def arm_name(definition: dict[str, Any], arm: str, language: str) -> str:
    found = next((a for a in definitions.arms(definition) if a["key"] == arm), None)
    return definitions.localise(found["name"], language) if found else arm


def enrollable_participants(user: User, programme: Programme) -> QuerySet[Participant]:
    managed = site_ids_for(user, MANAGERS)
    return (
        people.visible_participants(user)
        .filter(site_id__in=managed, site__in=programme.sites.all())
        .exclude(enrolments__programme=programme)
        .order_by("study_code")
    )


@dataclass(frozen=True)
class TeamChoice:
    team: Team
    suggestion: matching.Suggestion
    free: int
    reasons: tuple[str, ...]


def team_suggestions(user: User, enrolment: Enrolment) -> list[TeamChoice]:
    teams = [t for t in teams_for(user) if t.site_id == enrolment.site_id]
    members = [m for t in teams for m in t.members.all()]
    loads = open_cases(m.worker_id for m in members)
    limit = enrolment.programme.definition.get("caseload_limit", DEFAULT_CASELOAD_LIMIT)
    participant = enrolment.participant
    person = matching.ParticipantFacts(
        language=participant.language,
        family_support=participant.family_support,
        attributes={"gender": participant.gender, "age_band": participant.age_band},
    )
    facts, by_id = [], {}
    for team in teams:
        team_members = list(team.members.all())
        psw = next((m for m in team_members if m.role == "psw"), None)
        free = free_places(team_members, loads, limit)
        by_id[team.pk] = (team, free)
        facts.append(
            matching.TeamFacts(
                team_id=team.pk,
                name=team.name,
                free_places=free,
                has_psw=psw is not None,
                languages=frozenset(team.languages),
                psw_attributes={"gender": psw.gender, "age_band": psw.age_band} if psw else {},
            )
        )
    return [
        TeamChoice(by_id[s.team_id][0], s, by_id[s.team_id][1], tuple(explain(r) for r in s.reasons))
        for s in matching.rank(facts, person)
    ]


def explain(reason: matching.Reason) -> str:
    texts = {
        "capacity": _("%(detail)s free places"),
        "full": _("at full capacity"),
        "language": _("works in the participant's language"),
        "no_language": _("does not list the participant's language"),
        "shared": _("the peer worker shares the participant's %(detail)s"),
        "psw_for_no_family": _("no family support: a peer worker with room is a priority"),
        "no_psw": _("no peer worker in this team, and the participant has no family support"),
    }
    detail = {"gender": _("gender"), "age_band": _("age band")}.get(reason.detail, reason.detail)
    return texts[reason.code] % {"detail": detail}


@dataclass(frozen=True)
class TimelineItem:
    day: dt.date
    kind: str
    title: str
    detail: str = ""
    warning: bool = False
    enrolment_id: int | None = None


def timeline(user: User, participant: Participant, language: str, show_notes: bool) -> list[TimelineItem]:
    """Everything that happened in the participant's programmes, oldest first (fixed query count)."""
    enrolments = list(visible_enrolments(user).filter(participant=participant))
    ids = [e.pk for e in enrolments]
    by_id = {e.pk: e for e in enrolments}
    items: list[TimelineItem] = []
    for e in enrolments:
        text = e.programme.name + (f" · {arm_name(e.programme.definition, e.arm, language)}" if e.arm else "")
        items.append(TimelineItem(e.enrolled_on, "enrolment", _("Enrolled"), text, enrolment_id=e.pk))
    for event in PhaseEvent.objects.filter(enrolment_id__in=ids):
        definition = by_id[event.enrolment_id].programme.definition
        detail = phase_name(definition, event.to_key, language) if event.to_key else ""
        if event.kind == "exited":
            detail = by_id[event.enrolment_id].get_exit_reason_display()
        if show_notes and event.reason:
            detail = f"{detail} · {event.reason}" if detail else event.reason
        items.append(
            TimelineItem(
                event.happened_on, "phase", event.get_kind_display(), detail, enrolment_id=event.enrolment_id
            )
        )
    for move in TeamAssignment.objects.filter(enrolment_id__in=ids).select_related("team"):
        items.append(
            TimelineItem(
                move.started_on, "team", _("Team assigned"), move.team.name, enrolment_id=move.enrolment_id
            )
        )
    for contact in Contact.objects.filter(enrolment_id__in=ids, retired_at__isnull=True).select_related(
        "logged_by"
    ):
        detail = f"{contact.duration_minutes} min · {contact.logged_by}"
        if show_notes and contact.note:
            detail += f" · {contact.note}"
        items.append(
            TimelineItem(
                contact.contact_on,
                "contact",
                contact.get_kind_display(),
                detail,
                warning=contact.role_boundary,
                enrolment_id=contact.enrolment_id,
            )
        )
    for area in FocusArea.objects.filter(enrolment_id__in=ids, retired_at__isnull=True):
        definition = by_id[area.enrolment_id].programme.definition
        name = dict(definitions.choices(definition, "areas_of_focus", language)).get(
            area.area_key, area.area_key
        )
        detail = f"{name} · {phase_name(definition, area.phase_key, language)}"
        if show_notes:
            detail += f" · {area.goal}"
        items.append(
            TimelineItem(
                area.created_at.date(), "plan", _("Area of focus"), detail, enrolment_id=area.enrolment_id
            )
        )
    for review in PlanReview.objects.filter(enrolment_id__in=ids):
        definition = by_id[review.enrolment_id].programme.definition
        detail = phase_name(definition, review.phase_key, language)
        if show_notes and review.note:
            detail += f" · {review.note}"
        items.append(
            TimelineItem(
                review.reviewed_on,
                "plan",
                _("Recovery plan reviewed"),
                detail,
                enrolment_id=review.enrolment_id,
            )
        )
    for link in Linkage.objects.filter(enrolment_id__in=ids):
        steps = [
            (link.proposed_on, _("Linkage proposed")),
            (link.first_contact_on, _("Linkage: first contact")),
            (link.active_on, _("Linkage active")),
            (link.ended_on, _("Linkage ended")),
        ]
        for day, title in steps:
            if day:
                items.append(
                    TimelineItem(
                        day,
                        "linkage",
                        title,
                        f"{link.name} · {link.get_support_type_display()}",
                        enrolment_id=link.enrolment_id,
                    )
                )
    order = {"enrolment": 0, "phase": 1, "team": 2, "plan": 3, "linkage": 4, "contact": 5}
    return sorted(items, key=lambda item: (item.day, order[item.kind]))


def last_contacts(enrolment_ids: list[int]) -> dict[int, dt.date]:
    rows = (
        Contact.objects.filter(enrolment_id__in=enrolment_ids, retired_at__isnull=True)
        .values("enrolment_id")
        .annotate(last=Max("contact_on"))
    )
    return {row["enrolment_id"]: row["last"] for row in rows}
