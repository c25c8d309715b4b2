"""Run the generator: refuse to touch a database with real participants, then fill it in one
transaction and report what went in and how long it took."""

from __future__ import annotations

import datetime as dt
import random
import time
from typing import Any

from django.apps import apps
from django.db import connection, transaction
from django.utils import timezone

from puente.audit import services as audit
from puente.people.models import Participant
from puente.synth import delivery, instruments, people, qualitative
from puente.synth.bulk import quiet_queries
from puente.synth.sizes import Scale, scale_named
from puente.synth.version import generator_version

# The tables reported after a run (app label, model name).
COUNTED = [
    ("accounts", "Site"),
    ("accounts", "User"),
    ("accounts", "Membership"),
    ("people", "Participant"),
    ("people", "Identity"),
    ("people", "ConsentEvent"),
    ("people", "CaseAssignment"),
    ("programs", "Team"),
    ("programs", "TeamMember"),
    ("programs", "Enrolment"),
    ("programs", "Phase"),
    ("programs", "PhaseEvent"),
    ("programs", "TeamAssignment"),
    ("programs", "Contact"),
    ("programs", "FocusArea"),
    ("programs", "PlanReview"),
    ("programs", "RecoveryPlan"),
    ("programs", "RecoveryGoal"),
    ("programs", "CrisisPlan"),
    ("programs", "Linkage"),
    ("programs", "CaseloadReview"),
    ("instruments", "ScheduleEntry"),
    ("instruments", "Respondent"),
    ("instruments", "Administration"),
    ("instruments", "ResponseRevision"),
    ("qualitative", "Project"),
    ("qualitative", "Document"),
    ("qualitative", "SpeakerTurn"),
    ("qualitative", "Case"),
    ("qualitative", "Coding"),
    ("qualitative", "MatrixCell"),
]


class DatabaseInUse(Exception):
    """The target database already holds participants and replacing them was not asked for."""


def clear_database() -> None:
    """Empty every table (``--replace``); the schema stays."""
    from django.core.management import call_command

    if connection.vendor == "postgresql" and connection.in_atomic_block:
        # Deferred foreign-key checks still pending in this transaction would block TRUNCATE.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM qualitative_search")


def counts() -> dict[str, int]:
    return {f"{label}.{name}": apps.get_model(label, name).objects.count() for label, name in COUNTED}


def generate(
    scale: str | Scale,
    seed: int = 1,
    *,
    reference_date: dt.date | None = None,
    replace: bool = False,
) -> dict[str, Any]:
    """Fill the current default database with a synthetic data set; return counts per table and seconds.

    The same scale, seed and reference date give the same data. ``reference_date`` is "today" for
    the data set (default: today), so due dates and overdue contacts look current.
    """
    chosen = scale if isinstance(scale, Scale) else scale_named(scale)
    today = reference_date or timezone.localdate()
    if Participant.objects.exists():
        if not replace:
            raise DatabaseInUse(
                "the database already holds participants; synthetic data goes only into an empty "
                "database (use --replace to wipe it first)"
            )
        clear_database()
    began = time.perf_counter()
    rng = random.Random(seed)
    with quiet_queries(), transaction.atomic():
        foundation = people.build_foundation(chosen, rng)
        people.build_participants(chosen, foundation, rng, today)
        programme = delivery.create_programme(foundation)
        plans = delivery.build_delivery(chosen, foundation, programme, seed, today)
        instruments.build_instruments(foundation, programme, plans, seed, today)
        qualitative.build_qualitative(chosen, foundation, seed, today)
        audit.record(
            actor=None,
            action="synth.generate",
            object_type="synth",
            object_id=chosen.name,
            after={
                "scale": chosen.name,
                "seed": seed,
                "reference_date": today.isoformat(),
                "generator": generator_version(),
            },
        )
    seconds = time.perf_counter() - began
    return {
        "scale": chosen.name,
        "seed": seed,
        "reference_date": today.isoformat(),
        "seconds": round(seconds, 2),
        "counts": counts(),
    }
