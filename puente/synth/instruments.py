"""Questionnaires: the schedule (baseline, 9 and 18 months for service users; T1, T2, T3 for staff),
respondents, and administrations answered on time, late, or not yet, scored by the same vectorised
engine the services use.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import numpy as np

from puente.instruments.models import (
    Administration,
    AdministrationStatus,
    Instrument,
    Mode,
    Respondent,
    RespondentGroup,
    ResponseRevision,
    ScheduleEntry,
)
from puente.instruments.scores import compiled_for, score_many
from puente.instruments.services import catalogue, schedules
from puente.programs.models import EnrolmentStatus, Programme
from puente.synth.bulk import insert_rows
from puente.synth.delivery import Course
from puente.synth.people import Foundation, SiteStaff
from puente.synth.texts import moment

SERVICE_USER_PLAN = (("whoqol_bref", "can", "swls", "ras_r", "ismi"), (("BL", 0), ("M9", 9), ("M18", 18)))
STAFF_PLANS = {
    RespondentGroup.PSW: (("swls", "emas", "ras_r", "ismi"), (("T1", 0), ("T2", 6), ("T3", 12))),
    RespondentGroup.PROFESSIONAL: (("cami",), (("T1", 0), ("T2", 6), ("T3", 12))),
}
# Where answers sit between the lowest and the highest option, per time point (after reverse keying):
# quality of life and recovery improve a little over the intervention, self-stigma eases.
LEVELS = {
    "whoqol_bref": (0.49, 0.56, 0.60),
    "swls": (0.45, 0.52, 0.55),
    "ras_r": (0.66, 0.69, 0.70),
    "ismi": (0.45, 0.41, 0.39),
    "emas": (0.70, 0.78, 0.74),
    "cami": (0.62, 0.63, 0.63),
}
# CAN: probability of no need, met need, unmet need at each time point (unmet needs fall).
CAN_LEVELS = ((0.45, 0.28, 0.27), (0.47, 0.35, 0.18), (0.50, 0.36, 0.14))
WINDOW_BEFORE, WINDOW_AFTER = 14, 30


def build_schedule(
    foundation: Foundation, programme: Programme
) -> dict[tuple[str, str], list[ScheduleEntry]]:
    catalogue.do_sync_shipped_instruments(actor=None)
    instruments = {i.code: i for i in Instrument.objects.all()}
    plans = {RespondentGroup.SERVICE_USER: SERVICE_USER_PLAN, **STAFF_PLANS}
    for group, (codes, points) in plans.items():
        for code in codes:
            for time_point, months in points:
                schedules.do_add_schedule_entry(
                    actor=foundation.researcher,
                    programme=programme,
                    instrument=instruments[code],
                    group=group,
                    time_point=time_point,
                    months_after=months,
                    window_before_days=WINDOW_BEFORE,
                    window_after_days=WINDOW_AFTER,
                )
    entries = ScheduleEntry.objects.filter(programme=programme).select_related("instrument__current")
    by_group: dict[str, list[ScheduleEntry]] = {}
    for entry in entries.order_by("group", "months_after", "instrument__code"):
        by_group.setdefault(entry.group, []).append(entry)
    return by_group


def _respondents(
    programme: Programme, staff: SiteStaff, courses: list[Course], today: dt.date
) -> list[Respondent]:
    site = staff.site
    rows = []
    for c in courses:
        if not c.participant.research_consent:
            continue  # no research consent, no questionnaires
        rows.append(
            Respondent(
                programme=programme,
                site=site,
                group=RespondentGroup.SERVICE_USER,
                code=c.participant.study_code,
                participant=c.participant,
                enrolment=c.enrolment,
                enrolled_on=c.enrolled_on,
                start_date=c.start,
                language=c.participant.language,
                worker=staff.psws[c.team_index] if c.team_index is not None else None,
                created_by=staff.coordinator,
            )
        )
        rows[-1].course = c
    started = today - dt.timedelta(days=400)
    for group, workers, label in (
        (RespondentGroup.PSW, staff.psws, "PSW"),
        (RespondentGroup.PROFESSIONAL, staff.cmhws, "PRO"),
    ):
        for number, worker in enumerate(workers, start=1):
            rows.append(
                Respondent(
                    programme=programme,
                    site=site,
                    group=group,
                    code=f"{site.code.upper()}-{label}-{number:02d}",
                    user=worker,
                    enrolled_on=started,
                    start_date=started,
                    language=site.language,
                    research_consent=True,
                    consent_recorded_on=started,
                    worker=worker,
                    created_by=staff.coordinator,
                )
            )
            rows[-1].course = None
    Respondent.objects.bulk_create(rows, batch_size=2000)
    return rows


def _answered(respondent: Respondent, due: dt.date, today: dt.date, rng: random.Random) -> bool:
    if due > today - dt.timedelta(days=7):
        return False  # not yet due, or due now: on the due list
    course = respondent.course
    if course is not None and course.status == EnrolmentStatus.EXITED and due > course.ended_on:
        return rng.random() < 0.4  # those who left early are harder to reach
    return rng.random() > 0.08


def _answers(
    definition: dict[str, Any], step: int, persons: np.ndarray, np_rng: np.random.Generator
) -> list[dict[str, int]]:
    items = definition["items"]
    n = len(persons)
    matrix = np.empty((n, len(items)), dtype=np.int64)
    for column, item in enumerate(items):
        scale = definition["scales"][item["scale"]]
        low, high = int(scale["min"]), int(scale["max"])
        if definition["id"] == "can":
            matrix[:, column] = np_rng.choice(3, size=n, p=CAN_LEVELS[step])
            continue
        centre = low + LEVELS[definition["id"]][step] * (high - low)
        values = np.clip(np.rint(np_rng.normal(centre + persons * (high - low) / 4, 0.75)), low, high)
        matrix[:, column] = (low + high - values) if item.get("reverse") else values
    ids = [item["id"] for item in items]
    return [dict(zip(ids, row, strict=True)) for row in matrix.tolist()]


ADMINISTRATION_COLUMNS = (
    "respondent_id",
    "schedule_entry_id",
    "instrument_id",
    "revision_id",
    "site_id",
    "worker_id",
    "time_point",
    "months_after",
    "due_on",
    "window_opens_on",
    "window_closes_on",
    "status",
    "mode",
    "administered_on",
    "answers",
    "scores",
    "entered_by_id",
    "started_at",
    "completed_at",
    "retired_reason",
    "version",
)
REVISION_COLUMNS = (
    "administration_id",
    "number",
    "answers",
    "previous",
    "reason",
    "mode",
    "saved_by_id",
    "saved_at",
)


def _administrations(
    staff: SiteStaff,
    respondents: list[Respondent],
    entries: dict[str, list[ScheduleEntry]],
    rng: random.Random,
    np_rng: np.random.Generator,
    today: dt.date,
) -> int:
    planned: list[dict[str, Any]] = []
    answered: dict[tuple[int, int], list[dict[str, Any]]] = {}
    persons = {r.pk: float(np_rng.normal(0, 0.35)) for r in respondents}
    for respondent in respondents:
        group_entries = entries.get(respondent.group, [])
        for entry in group_entries:
            due = schedules.add_months(respondent.enrolled_on, entry.months_after)
            row = {"respondent": respondent, "entry": entry, "due": due}
            planned.append(row)
            if _answered(respondent, due, today, rng):
                points = [e.time_point for e in group_entries if e.instrument_id == entry.instrument_id]
                answered.setdefault((entry.pk, points.index(entry.time_point)), []).append(row)
    by_pk = {e.pk: e for es in entries.values() for e in es}
    for (entry_pk, step), group in answered.items():
        revision = by_pk[entry_pk].instrument.current
        answers = _answers(
            revision.definition, step, np.array([persons[row["respondent"].pk] for row in group]), np_rng
        )
        scores = score_many(compiled_for(revision.definition, revision.digest), answers)
        for row, values, score in zip(group, answers, scores, strict=True):
            row["answers"], row["scores"] = values, score
            row["day"] = min(row["due"] + dt.timedelta(days=rng.randint(-5, 12)), today)
    coordinator = staff.coordinator.pk

    def tuples():
        for row in planned:
            entry, respondent, due, day = row["entry"], row["respondent"], row["due"], row.get("day")
            yield (
                respondent.pk,
                entry.pk,
                entry.instrument_id,
                entry.instrument.current_id,
                respondent.site_id,
                respondent.worker_id,
                entry.time_point,
                entry.months_after,
                due,
                due - dt.timedelta(days=entry.window_before_days),
                due + dt.timedelta(days=entry.window_after_days),
                AdministrationStatus.COMPLETED if day else AdministrationStatus.PLANNED,
                Mode.STAFF_ENTRY if day else "",
                day,
                row.get("answers", {}),
                row.get("scores", {}),
                coordinator if day else None,
                moment(day, 15) if day else None,
                moment(day, 15) if day else None,
                "",
                2 if day else 1,
            )

    written = insert_rows(Administration, ADMINISTRATION_COLUMNS, tuples())
    # The append-only history: each answered questionnaire was saved once.
    completed = Administration.objects.filter(site=staff.site, status=AdministrationStatus.COMPLETED)
    ids = {(r, e): pk for pk, r, e in completed.values_list("pk", "respondent_id", "schedule_entry_id")}
    insert_rows(
        ResponseRevision,
        REVISION_COLUMNS,
        (
            (
                ids[(row["respondent"].pk, row["entry"].pk)],
                1,
                row["answers"],
                dict.fromkeys(row["answers"]),
                "",
                Mode.STAFF_ENTRY,
                coordinator,
                moment(row["day"], 15),
            )
            for group in answered.values()
            for row in group
        ),
    )
    return written


def build_instruments(
    foundation: Foundation, programme: Programme, plans: list[list[Course]], seed: int, today: dt.date
) -> None:
    entries = build_schedule(foundation, programme)
    rng = random.Random(seed * 13 + 5)
    np_rng = np.random.default_rng(seed + 23)
    for staff, courses in zip(foundation.sites, plans, strict=True):
        respondents = _respondents(programme, staff, courses, today)
        _administrations(staff, respondents, entries, rng, np_rng, today)
