"""Demo questionnaires: the Catalan peer-to-peer evaluation (T1/T2/T3) and the CTI-TS trial outcomes.

The numbers follow the published story of each programme: PSWs' life satisfaction rises after the
training and ends slightly below baseline, recovery and meaningful activity rise then partly fall back,
occupational performance improves clearly, service users' recovery stays about level, professionals'
attitudes are stable; in CTI-TS quality of life rises a little (more with CTI than with usual care)
and unmet needs fall, and a follow-up whose window closed uncollected is recorded as missing, with why.
Everything goes through the services (audited) and comes from a fixed seed.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from puente.accounts.models import User
from puente.instruments.models import Administration, Instrument, Respondent, RespondentGroup
from puente.instruments.services import answers as answer_services
from puente.instruments.services import catalogue, schedules
from puente.programs.models import Enrolment, Programme, ProgrammeKind

SEED = 5005
ITEM_NOISE = 0.75

# Target item means per time point (scale units, after reverse keying), from seed 004's group means:
# PSW SWLS 23.7 -> 26.6 -> 22.2 (of 35), EMAS 48.5 -> 53.3 -> 50.9 (of 60), RAS-R 96.2 -> 101.5 -> 97.3.
CATALAN_TARGETS: dict[str, dict[str, tuple[float, ...]]] = {
    RespondentGroup.PSW: {
        "swls": (4.74, 5.31, 4.44),
        "emas": (4.04, 4.44, 4.24),
        "ras_r": (4.01, 4.23, 4.05),
        "ismi": (2.30, 2.15, 2.22),
    },
    RespondentGroup.SERVICE_USER: {"ras_r": (3.86, 3.90, 3.83)},
    RespondentGroup.PROFESSIONAL: {"cami": (3.10, 3.11, 3.11)},
}
CATALAN_TIME_POINTS = (("T1", 0), ("T2", 6), ("T3", 12))
# COPM from T2 on, for PSWs: the problems they named were finding work, working as a PSW, giving to
# the community; performance and satisfaction improve by about two points.
COPM_TARGETS = {"T2": (5.0, 4.8), "T3": (6.8, 6.6)}
CTI_TIME_POINTS = (("BL", 0), ("M9", 9), ("M18", 18))
# WHOQOL-BREF item means at BL, M9, M18: a little higher with CTI than with usual care.
WHOQOL_TARGETS = {"cti_ts": (2.95, 3.25, 3.40), "usual_care": (2.95, 3.05, 3.10)}
# Chance that a follow-up is never collected (the window closes): higher at 18 months, as in trials.
MISSED = {"BL": 0.0, "M9": 0.08, "M18": 0.12}
MISSED_REASONS = (
    "Lost to follow-up: not reached by phone or at home within the window.",
    "Declined the follow-up interview.",
)
MOVED_AWAY = "Moved away from the area; lost to follow-up."
# Chance that a visit past its due date, whose window is still open, has not been done yet.
PENDING = 0.5
PENDING_VISIT = "pending"


def _answers(definition: dict[str, Any], target: float, rng: random.Random, person: float) -> dict[str, int]:
    """Integer answers whose keyed mean is near ``target`` (reverse-keyed items stored reversed)."""
    out = {}
    for item in definition["items"]:
        scale = definition["scales"][item["scale"]]
        low, high = int(scale["min"]), int(scale["max"])
        value = round(rng.gauss(target + person, ITEM_NOISE))
        value = min(max(value, low), high)
        out[item["id"]] = low + high - value if item.get("reverse") else value
    return out


def _copm(performance: float, satisfaction: float, rng: random.Random, person: float) -> dict[str, int]:
    out = {}
    for problem in (1, 2, 3):  # three problems named; 4 and 5 stay empty
        out[f"copm_p{problem}_importance"] = min(10, max(1, round(rng.gauss(8.5, 1))))
        out[f"copm_p{problem}_performance"] = min(10, max(1, round(rng.gauss(performance + person, 1.2))))
        out[f"copm_p{problem}_satisfaction"] = min(10, max(1, round(rng.gauss(satisfaction + person, 1.2))))
    return out


def _can(
    previous: dict[str, int] | None, definition: dict[str, Any], rng: random.Random, met: float = 0.4
) -> dict[str, int]:
    """Needs per domain; over time some unmet needs (a share ``met`` of them) become met, a few met
    needs resolve, a few new problems appear, and unknowns get rated."""
    out = {}
    for item in definition["items"]:
        before = previous.get(item["id"]) if previous else None
        if before is None:
            out[item["id"]] = rng.choices([0, 1, 2, 9], weights=[45, 28, 22, 5])[0]
        elif before == 2 and rng.random() < met:
            out[item["id"]] = 1
        elif before == 1 and rng.random() < 0.15:
            out[item["id"]] = 0
        elif before == 0 and rng.random() < 0.05:
            out[item["id"]] = 2
        elif before == 9:
            out[item["id"]] = rng.choice([0, 1, 2])
        else:
            out[item["id"]] = before
    return out


def _visit_outcome(administration: Administration, today: dt.date, rng: random.Random) -> str:
    """What became of one follow-up visit: "" collected, PENDING_VISIT not yet (it stays on the due
    list), or why it was never collected (its window has closed, so it is recorded as missing)."""
    enrolment = administration.respondent.enrolment
    if administration.window_closes_on >= today:
        return PENDING_VISIT if rng.random() < PENDING else ""
    if enrolment.exit_reason == "moved" and enrolment.ended_on < administration.due_on:
        return MOVED_AWAY
    if rng.random() < MISSED[administration.time_point]:
        return rng.choice(MISSED_REASONS)
    return ""


def _programme(kind: str, code: str, name: str, sites: list, *, is_trial: bool = False) -> Programme:
    programme = Programme.objects.filter(kind=kind).order_by("pk").first()
    if programme is None:
        # The programmes app's demo normally creates this programme; these minimal rows keep the
        # instruments demo working on its own.
        programme = Programme.objects.create(code=code, name=name, kind=kind, is_trial=is_trial)
    programme.sites.add(*sites)
    return programme


def _enrolment(programme: Programme, participant, enrolled_on: dt.date, actor: User) -> Enrolment:
    enrolment = Enrolment.objects.filter(programme=programme, participant=participant).first()
    if enrolment is None:
        # Minimal enrolment, made only when the programmes demo has not enrolled this participant.
        enrolment = Enrolment.objects.create(
            programme=programme,
            participant=participant,
            site=participant.site,
            enrolled_on=enrolled_on,
            start_date=enrolled_on,
            enrolled_by=actor,
        )
    return enrolment


def _schedule(actor: User, programme: Programme, plan: list[tuple[str, str, str, int]]) -> None:
    instruments = {i.code: i for i in Instrument.objects.all()}
    existing = set(programme.instrument_schedule.values_list("instrument__code", "group", "time_point"))
    for code, group, time_point, months in plan:
        if (code, group, time_point) in existing:
            continue
        schedules.do_add_schedule_entry(
            actor=actor,
            programme=programme,
            instrument=instruments[code],
            group=group,
            time_point=time_point,
            months_after=months,
        )


def _complete(
    actor: User, administration: Administration, answers: dict[str, int], today: dt.date, rng
) -> None:
    answered = min(administration.due_on + dt.timedelta(days=rng.randint(-5, 12)), today)
    answer_services.do_enter_answers(
        actor=actor,
        administration=administration,
        answers=answers,
        expected_version=administration.version,
        administered_on=answered,
    )


def _catalan(demo: Any, rng: random.Random) -> None:
    vic = demo.sites["vic"]
    researcher, coordinator = demo.researcher, demo.staff["vic"]["coordinator"][0]
    today = demo.today
    programme = _programme(ProgrammeKind.PEER_PLACEMENT, "vic-peer-to-peer", "Programa entre iguals", [vic])
    plan = []
    for group, targets in CATALAN_TARGETS.items():
        for code in targets:
            plan += [(code, group, tp, months) for tp, months in CATALAN_TIME_POINTS]
    plan += [("copm", RespondentGroup.PSW, tp, months) for tp, months in CATALAN_TIME_POINTS[1:]]
    _schedule(researcher, programme, plan)
    start = today - dt.timedelta(days=395)  # T1 at the start of training, T3 a year later

    psw_users = demo.staff["vic"]["psw"]
    professional_users = [*demo.staff["vic"]["cmhw"], coordinator]
    for index in range(1, 13):
        schedules.do_register_staff_respondent(
            actor=coordinator,
            programme=programme,
            site=vic,
            group=RespondentGroup.PSW,
            code=f"VIC-PSW-{index:02d}",
            user=psw_users[index - 1] if index <= len(psw_users) else None,
            enrolled_on=start,
            start_date=start,
            language="ca",
            research_consent=True,
            consent_recorded_on=start,
        )
    for index in range(1, 9):
        schedules.do_register_staff_respondent(
            actor=coordinator,
            programme=programme,
            site=vic,
            group=RespondentGroup.PROFESSIONAL,
            code=f"VIC-PRO-{index:02d}",
            user=professional_users[index - 1] if index <= len(professional_users) else None,
            enrolled_on=start,
            language="ca",
            research_consent=True,
            consent_recorded_on=start,
        )
    for participant in demo.participants["vic"]:
        if participant.research_consent:
            enrolment = _enrolment(programme, participant, start + dt.timedelta(days=21), coordinator)
            # The evaluation measured service users at the cohort's dates, not from each enrolment.
            schedules.do_register_service_user(actor=coordinator, enrolment=enrolment, baseline_on=start)

    respondents = Respondent.objects.filter(programme=programme).order_by("code")
    people = {r.pk: rng.gauss(0, 0.35) for r in respondents}
    administrations = (
        Administration.objects.filter(respondent__programme=programme)
        .select_related("respondent", "revision")
        .order_by("respondent__code", "months_after", "instrument__code")
    )
    for administration in administrations:
        respondent = administration.respondent
        dropped_out = respondent.group == RespondentGroup.PSW and respondent.code in (
            "VIC-PSW-11",
            "VIC-PSW-12",
        )
        if dropped_out and administration.months_after > 0:
            answer_services.do_retire_administration(
                actor=coordinator,
                administration=administration,
                reason="Left the programme after the training.",
            )
            continue
        if administration.due_on > today - dt.timedelta(days=7):
            continue  # not yet due: stays on the due list
        definition = administration.revision.definition
        step = [tp for tp, _m in CATALAN_TIME_POINTS].index(administration.time_point)
        person = people[respondent.pk] / (3 if definition["id"] == "ismi" else 1)
        if definition["id"] == "copm":
            answers = _copm(*COPM_TARGETS[administration.time_point], rng, people[respondent.pk])
        else:
            target = CATALAN_TARGETS[respondent.group][definition["id"]][step]
            answers = _answers(definition, target, rng, person)
        _complete(researcher, administration, answers, today, rng)

    # One paper form entered wrongly and corrected, so the history shows how corrections look.
    first = Administration.objects.filter(
        respondent__code="VIC-PSW-01", instrument__code="swls", time_point="T1"
    ).first()
    if first is not None and first.status == "completed":
        corrected = dict(first.answers)
        corrected["swls_3"] = 5 if corrected.get("swls_3") != 5 else 4
        answer_services.do_enter_answers(
            actor=researcher,
            administration=first,
            answers=corrected,
            expected_version=first.version,
            reason="Transcription error: the paper form says otherwise.",
        )


def _cti_ts(demo: Any, rng: random.Random) -> None:
    today = demo.today
    sites = [demo.sites["santiago"], demo.sites["rio"]]
    programme = _programme(ProgrammeKind.CTI_TS, "cti-ts-demo", "CTI-TS", sites, is_trial=True)
    researcher = demo.researcher
    plan = [
        (code, RespondentGroup.SERVICE_USER, tp, months)
        for code in ("whoqol_bref", "can")
        for tp, months in CTI_TIME_POINTS
    ]
    _schedule(researcher, programme, plan)
    for site_code in ("santiago", "rio"):
        coordinator = demo.staff[site_code]["coordinator"][0]
        for participant in demo.participants[site_code]:
            if not participant.research_consent:
                continue  # no consent, no questionnaires
            enrolled_on = today - dt.timedelta(days=rng.choice([20, 75, 150, 290, 330, 420, 560, 600]))
            enrolment = _enrolment(programme, participant, enrolled_on, coordinator)
            schedules.do_register_service_user(actor=coordinator, enrolment=enrolment)

    can_before: dict[int, dict[str, int]] = {}
    people = {}
    outcomes: dict[tuple[int, str], str] = {}  # (respondent, time point) -> _visit_outcome
    administrations = (
        Administration.objects.filter(respondent__programme=programme)
        .select_related("respondent__enrolment", "revision", "site")
        .order_by("respondent__code", "months_after", "instrument__code")
    )
    for administration in administrations:
        respondent, time_point = administration.respondent, administration.time_point
        if administration.due_on > today - dt.timedelta(days=7):
            continue  # not yet due: on the due list
        actor = demo.staff[administration.site.code]["coordinator"][0]
        key = (respondent.pk, time_point)
        if key not in outcomes:  # both questionnaires of a visit are collected, or missed, together
            outcomes[key] = _visit_outcome(administration, today, rng)
        if outcomes[key] == PENDING_VISIT:
            continue  # overdue, still collectable: on the due list
        if outcomes[key]:  # missing, with why, so it leaves the due list
            answer_services.do_retire_administration(
                actor=actor, administration=administration, reason=outcomes[key]
            )
            continue
        definition = administration.revision.definition
        arm = "usual_care" if respondent.enrolment.arm == "usual_care" else "cti_ts"
        if definition["id"] == "can":
            met = 0.4 if arm == "cti_ts" else 0.2
            answers = _can(can_before.get(respondent.pk), definition, rng, met)
            can_before[respondent.pk] = answers
        else:
            step = [tp for tp, _m in CTI_TIME_POINTS].index(time_point)
            person = people.setdefault(respondent.pk, rng.gauss(0, 0.3))
            answers = _answers(definition, WHOQOL_TARGETS[arm][step], rng, person)
        _complete(actor, administration, answers, today, rng)


def load(demo: Any) -> None:
    """Add schedules, respondents and answered questionnaires to the demo programme."""
    catalogue.do_sync_shipped_instruments(actor=None)
    rng = random.Random(SEED)
    _catalan(demo, rng)
    _cti_ts(demo, rng)
