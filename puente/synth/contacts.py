"""Contacts over time: each enrolment's share of the scale's contacts, spread over the phases it went
through (weekly or more in transition, tapering to monthly), with realistic types, places, attendees
and durations. Written with ``insert_rows``: a million rows through ``bulk_create`` would take minutes.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from typing import TYPE_CHECKING

import numpy as np

from puente.programs.models import COMMUNITY_KINDS, SUPPORT_ATTENDEES, Contact
from puente.programs.phases import ENGAGEMENT
from puente.synth import texts
from puente.synth.bulk import insert_rows
from puente.synth.people import SiteStaff

if TYPE_CHECKING:
    from puente.synth.delivery import Course

INTENSITY = {ENGAGEMENT: 1.0, "transition": 2.2, "try_out": 1.2, "transfer": 0.6}
KINDS_BY_PHASE = {
    ENGAGEMENT: ["home_visit", "phone", "phone"],
    "transition": [
        "home_visit",
        "home_visit",
        "community_outing",
        "accompaniment",
        "family_meeting",
        "phone",
    ],
    "try_out": ["community_outing", "accompaniment", "phone", "home_visit", "group"],
    "transfer": ["phone", "accompaniment", "family_meeting", "group"],
}
PLACES = {"home_visit": "home", "phone": "phone", "accompaniment": "health_centre", "group": "service"}

CONTACT_COLUMNS = (
    "enrolment_id",
    "phase_key",
    "contact_on",
    "kind",
    "place",
    "attendees",
    "duration_minutes",
    "targets",
    "areas",
    "outside_role_tasks",
    "role_boundary",
    "in_community",
    "with_supports",
    "note",
    "logged_by_id",
    "created_at",
    "retired_at",
    "retired_reason",
)


def _contact_rows(
    staff: SiteStaff, courses: list[Course], definition: dict, rng: random.Random, np_rng: np.random.Generator
) -> Iterator[tuple]:
    targets = [t["key"] for role in definition["roles"] for t in role["targets"]]
    areas = [a["key"] for a in definition["areas_of_focus"]]
    boundary = [t["key"] for t in definition.get("outside_peer_role") or []]
    notes = texts.CONTACT_NOTES.get(staff.site.language, texts.CONTACT_NOTES["es"])
    for c in courses:
        if not c.contacts or not c.segments:
            continue
        psw, cmhw = staff.psws[c.team_index].pk, staff.cmhws[c.team_index].pk
        weights = np.array([((b - a).days + 1) * INTENSITY[k] for a, b, k in c.segments])
        picks = np_rng.choice(len(c.segments), size=c.contacts, p=weights / weights.sum())
        offsets = np_rng.random(c.contacts)
        for segment_index, offset in sorted(zip(picks.tolist(), offsets.tolist(), strict=True)):
            first, last, key = c.segments[segment_index]
            day = first + dt.timedelta(days=int(offset * ((last - first).days + 1)))
            kind = rng.choice(KINDS_BY_PHASE[key])
            by_psw = rng.random() < 0.65
            attendees = ["psw"] if by_psw else ["cmhw"]
            if rng.random() < 0.4:
                attendees.append("cmhw" if by_psw else "psw")
            if kind == "family_meeting" or rng.random() < 0.12:
                attendees.append("family")
            if kind == "accompaniment":
                attendees.append("professionals")
            tasks = [rng.choice(boundary)] if boundary and rng.random() < 0.03 else []
            yield (
                c.enrolment.pk,
                key,
                day,
                kind,
                PLACES.get(kind, "community"),
                sorted(attendees),
                rng.choice([10, 15, 20]) if kind == "phone" else rng.choice([30, 45, 60, 90, 120]),
                sorted(rng.sample(targets, 2)),
                [rng.choice(areas)],
                tasks,
                # The flags the contact service keeps in step with the lists.
                bool(tasks) and "psw" in attendees,
                kind in COMMUNITY_KINDS,
                bool(set(attendees) & SUPPORT_ATTENDEES),
                rng.choice(notes),
                psw if by_psw else cmhw,
                texts.moment(day),
                None,
                "",
            )


def write_contacts(
    staff: SiteStaff, courses: list[Course], definition: dict, rng: random.Random, np_rng: np.random.Generator
) -> int:
    return insert_rows(Contact, CONTACT_COLUMNS, _contact_rows(staff, courses, definition, rng, np_rng))
