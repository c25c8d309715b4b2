"""Evaluation data made through the instruments services: a Catalan-like cohort and a small trial."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

import pytest

from puente.instruments.models import Administration, Instrument, RespondentGroup
from puente.instruments.services import answers as answer_services
from puente.instruments.services import catalogue, schedules
from puente.people import services as people
from puente.people.models import ConsentScope
from puente.programs.models import Enrolment, Programme
from tests.conftest import make_participant

TODAY = dt.date.today()
COHORT_START = TODAY - dt.timedelta(days=400)
# Item means (after reverse keying) per time point, the shape of seed 004's PSW results.
PSW_TARGETS = {"swls": (4.7, 5.3, 4.4), "ras_r": (4.0, 4.25, 4.05)}
PRO_TARGETS = {"swls": (4.0, 4.0, 4.1)}


@dataclass
class Cohort:
    programme: Programme
    time_points: tuple[str, ...]


def answers_for(definition: dict, target: float, rng: random.Random, person: float) -> dict[str, int]:
    out = {}
    for item in definition["items"]:
        scale = definition["scales"][item["scale"]]
        low, high = int(scale["min"]), int(scale["max"])
        value = min(max(round(rng.gauss(target + person, 0.7)), low), high)
        out[item["id"]] = low + high - value if item.get("reverse") else value
    return out


def complete_all(actor, administrations, targets_for, rng: random.Random) -> None:
    people_effect: dict[int, float] = {}
    for administration in administrations:
        targets = targets_for(administration)
        if targets is None:
            continue
        definition = administration.revision.definition
        person = people_effect.setdefault(administration.respondent_id, rng.gauss(0, 0.35))
        answer_services.do_enter_answers(
            actor=actor,
            administration=administration,
            answers=answers_for(definition, targets, rng, person),
            expected_version=administration.version,
            administered_on=min(administration.due_on, TODAY),
        )


def schedule_plan(actor, programme, plan) -> None:
    instruments = {i.code: i for i in Instrument.objects.all()}
    for code, group, time_point, months in plan:
        schedules.do_add_schedule_entry(
            actor=actor,
            programme=programme,
            instrument=instruments[code],
            group=group,
            time_point=time_point,
            months_after=months,
        )


def build_cohort(world, *, psws: int = 10, seed: int = 4) -> Cohort:
    """PSWs and professionals at site A answering SWLS and RAS-R at T1/T2/T3; one PSW without consent,
    one who left after T1."""
    catalogue.do_sync_shipped_instruments(actor=None)
    rng = random.Random(seed)
    programme = Programme.objects.create(code="peer-cohort", name="Peer cohort", kind="peer_placement")
    programme.sites.add(world.site_a)
    tps = (("T1", 0), ("T2", 6), ("T3", 12))
    plan = [(c, RespondentGroup.PSW, tp, m) for c in PSW_TARGETS for tp, m in tps]
    plan += [(c, RespondentGroup.PROFESSIONAL, tp, m) for c in PRO_TARGETS for tp, m in tps]
    schedule_plan(world.researcher, programme, plan)
    for index in range(1, psws + 2):
        schedules.do_register_staff_respondent(
            actor=world.coordinator,
            programme=programme,
            site=world.site_a,
            group=RespondentGroup.PSW,
            code=f"PSW-{index:02d}",
            enrolled_on=COHORT_START,
            start_date=COHORT_START,
            language="es",
            research_consent=index <= psws,  # the last one never agreed
            consent_recorded_on=COHORT_START if index <= psws else None,
        )
    for index in range(1, 7):
        schedules.do_register_staff_respondent(
            actor=world.coordinator,
            programme=programme,
            site=world.site_a,
            group=RespondentGroup.PROFESSIONAL,
            code=f"PRO-{index:02d}",
            enrolled_on=COHORT_START,
            language="es",
            research_consent=True,
            consent_recorded_on=COHORT_START,
        )
    administrations = (
        Administration.objects.filter(respondent__programme=programme)
        .select_related("respondent", "revision")
        .order_by("respondent__code", "months_after", "instrument__code")
    )
    step = {"T1": 0, "T2": 1, "T3": 2}
    left = f"PSW-{psws:02d}"
    retired = []
    for administration in administrations:
        if administration.respondent.code == left and administration.time_point != "T1":
            retired.append(administration)
    for administration in retired:
        answer_services.do_retire_administration(
            actor=world.coordinator, administration=administration, reason="Left after the training."
        )

    def targets(administration):
        if administration.status != "planned" or (
            administration.respondent.code == left and administration.time_point != "T1"
        ):
            return None
        if administration.respondent.group == RespondentGroup.PSW:
            return PSW_TARGETS[administration.instrument.code][step[administration.time_point]]
        return PRO_TARGETS[administration.instrument.code][step[administration.time_point]]

    todo = [a for a in administrations.select_related("instrument") if a.status == "planned"]
    complete_all(world.researcher, todo, targets, rng)
    return Cohort(programme, ("T1", "T2", "T3"))


def build_trial(world, *, per_site: int = 6, seed: int = 7) -> Cohort:
    """A two-arm trial at sites A and B: WHOQOL-BREF at BL and M9; the CTI-TS arm improves more."""
    catalogue.do_sync_shipped_instruments(actor=None)
    rng = random.Random(seed)
    programme = Programme.objects.create(
        code="trial",
        name="Trial",
        kind="cti_ts",
        is_trial=True,
        definition={
            "trial": {
                "arms": [
                    {"key": "cti_ts", "name": {"en": "CTI-TS"}, "delivers_intervention": True},
                    {"key": "usual_care", "name": {"en": "Usual care"}, "delivers_intervention": False},
                ]
            }
        },
    )
    programme.sites.add(world.site_a, world.site_b)
    schedule_plan(
        world.researcher,
        programme,
        [("whoqol_bref", RespondentGroup.SERVICE_USER, tp, m) for tp, m in (("BL", 0), ("M9", 9))],
    )
    form_b = people.do_create_consent_form(
        actor=world.admin,
        site=world.site_b,
        language="pt",
        version="9",
        title="Termo",
        scopes=[s.value for s in ConsentScope],
        effective_from=TODAY - dt.timedelta(days=800),
    )
    forms = {world.site_a.pk: world.form_a, world.site_b.pk: form_b}
    enrolled = TODAY - dt.timedelta(days=400)
    for site, prefix in ((world.site_a, "TA"), (world.site_b, "TB")):
        for index in range(per_site):
            participant = make_participant(
                world.admin,
                site,
                f"{prefix}-{index:03d}",
                consent_form=forms[site.pk],
                national_id=f"{site.pk}{index}",
            )
            enrolment = Enrolment.objects.create(
                programme=programme,
                participant=participant,
                site=site,
                enrolled_on=enrolled,
                start_date=enrolled,
                arm="cti_ts" if index % 2 else "usual_care",
                enrolled_by=world.admin,
            )
            schedules.do_register_service_user(actor=world.admin, enrolment=enrolment)
    arm_of = dict(Enrolment.objects.filter(programme=programme).values_list("participant_id", "arm"))

    def targets(administration):
        arm = arm_of[administration.respondent.participant_id]
        base = 2.9
        return base if administration.time_point == "BL" else base + (0.6 if arm == "cti_ts" else 0.1)

    todo = (
        Administration.objects.filter(respondent__programme=programme)
        .select_related("respondent", "revision", "instrument")
        .order_by("respondent__code", "months_after")
    )
    complete_all(world.researcher, list(todo), targets, rng)
    return Cohort(programme, ("BL", "M9"))


@pytest.fixture
def cohort(world) -> Cohort:
    return build_cohort(world)


@pytest.fixture
def trial(world) -> Cohort:
    return build_trial(world)
