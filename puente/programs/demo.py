"""The programmes part of the demo: a CTI-TS trial at Santiago and Rio and the Catalan peer-to-peer
placement programme at Vic, with teams, phases, months of contacts, plans and linkages. The trial has
a first cohort whose nine months of CTI ended long ago (so its 18-month follow-up has come due) and a
second cohort under way in every phase.

Everything goes through the services from a fixed seed, so it is audited and the same everywhere
(the trial allocations too: the demo hands the allocation service its seeded generator).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from puente.accounts.models import User
from puente.people import services as people_services
from puente.people.models import CaseAssignment, Participant
from puente.programs import definitions
from puente.programs.models import Enrolment, Programme, Team
from puente.programs.phases import planned_spans
from puente.programs.services import contacts, enrolment, plans, programmes, reviews, teams

SEED = 3003
# Intervention start, in days before today, for the trial's intervention participants in turn:
# finished, dropped out, in phase 3, 2 and 1, and still in pre-CTI engagement (no start yet).
CTI_STARTS = [295, 120, 230, 140, 50, None, 20, 200, 280, 75, 170, 10]
# Who dropped out: start (days ago, as in CTI_STARTS) -> days after the start. Keyed by the start, not
# the position, because Rio walks the list from another point.
DROP_OUT_AFTER = {120: 95}
# The trial's first cohort: participants (by number at the site) enrolled 19-21 months ago, so the
# nine months of CTI are over and the 18-month follow-up has come due. Days since enrolment.
FIRST_COHORT = {
    "santiago": {1: 618, 2: 596, 3: 631, 4: 605, 5: 589},
    "rio": {1: 604, 2: 640, 3: 587, 4: 622, 5: 612},
}
# Who in the first cohort left early: (site, number) -> (reason, days after the start, note).
FIRST_COHORT_EXITS = {
    ("rio", 5): ("moved", 150, "Mudou-se para Niterói com a família; encaminhado ao CAPS de lá."),
}
KINDS_BY_PHASE = {
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
    "engagement": ["home_visit", "phone"],
    "joining": ["group", "community_outing", "phone"],
    "accompaniment": ["community_outing", "accompaniment", "group"],
    "closing": ["phone", "community_outing"],
}
NOTES = {
    "es": [
        "Conversamos sobre su semana y lo que le gustaría retomar.",
        "Fuimos juntos al CESFAM a pedir hora.",
        "Visita en casa con la madre; se acordó apoyar con las compras.",
        "Llamada breve para confirmar el taller.",
    ],
    "pt": [
        "Conversamos sobre a semana e o que gostaria de retomar.",
        "Fomos juntos à UBS marcar consulta.",
        "Visita em casa com a mãe; combinamos apoiar nas compras.",
        "Ligação rápida para confirmar a oficina.",
    ],
    "ca": [
        "Hem parlat de la setmana i del que voldria reprendre.",
        "Hem anat junts al grup d'ajuda mútua.",
        "Passeig pel barri i cafè al casal.",
        "Trucada breu per confirmar la propera trobada.",
    ],
}
LINKAGES = {
    "es": [
        ("formal", "primary_care", "CESFAM Padre Orellana"),
        ("informal", "self_help", "Grupo de ayuda mutua Aguante"),
        ("informal", "leisure", "Taller de murales del barrio"),
        ("formal", "employment", "OMIL Santiago"),
    ],
    "pt": [
        ("formal", "primary_care", "Clínica da Família Centro"),
        ("informal", "self_help", "Grupo Ouvidores de Vozes"),
        ("informal", "leisure", "Oficina de samba da Lapa"),
        ("formal", "social_services", "CRAS Centro"),
    ],
    "ca": [
        ("informal", "self_help", "Grup d'ajuda mútua ActivaMent"),
        ("informal", "leisure", "Casal de joves de Vic"),
        ("formal", "employment", "Servei d'inserció laboral Osona"),
    ],
}


def _ago(today: dt.date, days: int) -> dt.date:
    return today - dt.timedelta(days=days)


def _has_consent(participant: Participant, research: bool) -> bool:
    try:
        enrolment.check_consent_for(Programme(is_trial=research), participant)
    except Exception:
        return False
    return True


def _team(actor: User, site, name: str, psw: User, cmhw: User, language: str, rng: random.Random) -> Team:
    return teams.do_create_team(
        actor=actor,
        site=site,
        name=name,
        members=[
            teams.MemberSpec(
                worker=psw,
                role="psw",
                gender=rng.choice(["woman", "man"]),
                age_band=rng.choice(["25-34", "35-44"]),
            ),
            teams.MemberSpec(worker=cmhw, role="cmhw", fte=Decimal("1.00")),
        ],
        languages=[language],
    )


def _contacts(actor, e: Enrolment, start: dt.date, until: dt.date, language: str, rng: random.Random) -> None:
    definition = e.programme.definition
    spans = planned_spans(start, definitions.phases(definition))
    targets = [t["key"] for role in definition["roles"] for t in role["targets"]]
    areas = [a["key"] for a in definition["areas_of_focus"]]
    boundary = [t["key"] for t in definition.get("outside_peer_role") or []]
    for span in spans:
        every = next(p["contact_every_days"] for p in definitions.phases(definition) if p["key"] == span.key)
        day = span.starts_on + dt.timedelta(days=rng.randint(0, 2))
        while day <= min(span.ends_on, until):
            kind = rng.choice(KINDS_BY_PHASE.get(span.key, ["phone"]))
            attendees = ["psw"] + (["cmhw"] if rng.random() < 0.5 else [])
            if kind == "family_meeting" or rng.random() < 0.15:
                attendees.append("family")
            if kind == "accompaniment":
                attendees.append("professionals")
            contacts.do_log_contact(
                actor=actor,
                enrolment=e,
                contact_on=day,
                kind=kind,
                place={"home_visit": "home", "phone": "phone", "accompaniment": "health_centre"}.get(
                    kind, "community"
                ),
                attendees=attendees,
                duration_minutes=15 if kind == "phone" else rng.choice([45, 60, 90, 120]),
                targets=rng.sample(targets, 2),
                areas=rng.sample(areas, 1),
                outside_role_tasks=[rng.choice(boundary)] if boundary and rng.random() < 0.04 else [],
                note=rng.choice(NOTES[language]),
            )
            day += dt.timedelta(days=every + rng.randint(-1, 2))


def _plans(actor, e: Enrolment, start: dt.date, until: dt.date, language: str, rng: random.Random) -> None:
    definition = e.programme.definition
    areas = [a["key"] for a in definition["areas_of_focus"]]
    for span in planned_spans(start, definitions.phases(definition)):
        if span.starts_on + dt.timedelta(days=7) > until:
            break
        for area in rng.sample(areas, rng.randint(1, 3)):
            focus = plans.do_add_focus_area(
                actor=actor,
                enrolment=e,
                phase_key=span.key,
                area_key=area,
                goal=rng.choice(NOTES[language])[:60],
            )
            if span.ends_on < until:
                plans.do_update_focus_progress(
                    actor=actor,
                    area=focus,
                    expected_version=1,
                    progress=rng.choice(["progressing", "achieved"]),
                    note="",
                )
        plans.do_review_plan(
            actor=actor,
            enrolment=e,
            phase_key=span.key,
            reviewed_on=span.starts_on + dt.timedelta(days=7),
            note="",
        )
    plan = plans.do_save_recovery_plan(
        actor=actor,
        enrolment=e,
        expected_version=None,
        values={
            "interests": "Música, cocina, fútbol"
            if language == "es"
            else "Música, cozinha, futebol"
            if language == "pt"
            else "Música, cuina, caminar",
            "strengths": "Constancia; humor; cuida a su hermano menor",
        },
    )
    plans.do_add_goal(actor=actor, plan=plan, text="Volver a tocar guitarra en un grupo", built_on="Música")
    plans.do_add_goal(actor=actor, plan=plan, text="Cocinar para la familia los domingos", built_on="Cocina")
    plans.do_save_crisis_plan(
        actor=actor,
        enrolment=e,
        expected_version=None,
        warning_signs="Duerme poco, deja de salir de la pieza, escucha voces más fuertes.",
        what_helps="Caminar juntos, música tranquila, hablar con su hermana.",
        what_to_avoid="Discusiones en voz alta.",
        who_to_call=[
            {"name": "Hermana", "relation": "familia", "phone": "+56 9 5555 0101"},
            {"name": "COSAM", "relation": "equipo", "phone": "+56 2 2555 0100"},
        ],
    )
    for offset, (kind, support, name) in enumerate(rng.sample(LINKAGES[language], 2)):
        proposed = start + dt.timedelta(days=14 + offset * 20)
        if proposed > until:
            continue
        link = plans.do_add_linkage(
            actor=actor, enrolment=e, kind=kind, support_type=support, name=name, proposed_on=proposed
        )
        version = 1
        for status, gap in (("first_contact", 14), ("active", 21)):
            proposed += dt.timedelta(days=gap)
            if proposed > until:
                break
            link = plans.do_update_linkage(
                actor=actor, linkage=link, expected_version=version, status=status, on=proposed
            )
            version = link.version


def _run(
    demo,
    programme: Programme,
    code: str,
    team_list: list[Team],
    rng: random.Random,
    starts: list,
    trial: bool,
) -> None:
    today, site = demo.today, demo.sites[code]
    first_cohort = FIRST_COHORT.get(code, {}) if trial else {}
    coordinator = demo.staff[code]["coordinator"][0]
    language = site.language
    position = 0
    for index, participant in enumerate(demo.participants[code], start=1):
        if not _has_consent(participant, research=trial):
            continue
        early = first_cohort.get(index)
        if early:
            enrolled_on = _ago(today, early)
            start_offset = early - rng.randint(7, 21)
        else:
            start_offset = starts[position % len(starts)]
            enrolled_on = _ago(today, (start_offset or 6) + rng.randint(5, 20))
        e = enrolment.do_enrol(
            actor=coordinator,
            programme=programme,
            participant=participant,
            enrolled_on=enrolled_on,
            first_visit_on=enrolled_on - dt.timedelta(days=rng.randint(20, 120)),
            language=language,
            rng=rng,
        )
        receives = definitions.arm_delivers_intervention(programme.definition, e.arm)
        open_cases = list(CaseAssignment.objects.filter(participant=participant, ended_on__isnull=True))
        if not receives:
            for case in open_cases:  # usual care: no CTI team
                people_services.do_end_assignment(
                    actor=coordinator, assignment=case, ended_on=max(today, case.started_on)
                )
            continue
        position += 0 if early else 1
        if not open_cases:
            continue  # waiting for a team: the coordinator has it on the review page
        team = team_list[index % 2]
        teams.do_assign_team(actor=coordinator, enrolment=e, team=team, on=enrolled_on)
        if start_offset is None:
            contacts.do_log_contact(
                actor=team.members.first().worker,
                enrolment=e,
                contact_on=_ago(today, 3),
                kind="home_visit",
                attendees=["psw", "cmhw"],
                duration_minutes=60,
                note=NOTES[language][0],
            )
            continue
        start = _ago(today, start_offset)
        enrolment.do_set_start_date(actor=coordinator, enrolment=e, start_date=start)
        worker = team.members.order_by("role").last().worker  # the peer worker logs most contacts
        leaves = FIRST_COHORT_EXITS.get((code, index))
        if leaves is None and not early and start_offset in DROP_OUT_AFTER:
            leaves = ("drop_out", DROP_OUT_AFTER[start_offset], "Dejó de responder.")
        until = min(today, start + dt.timedelta(days=leaves[1])) if leaves else today
        _contacts(worker, e, start, until, language, rng)
        _plans(worker, e, start, until, language, rng)
        e.refresh_from_db()
        spans = list(e.phases.order_by("order"))
        for span in spans[1:]:
            if span.starts_on <= until:
                enrolment.do_record_transition(actor=worker, enrolment=e, on=span.starts_on)
        if leaves:
            enrolment.do_exit(actor=coordinator, enrolment=e, reason=leaves[0], on=until, note=leaves[2])
        elif spans[-1].ends_on < today - dt.timedelta(days=3):
            enrolment.do_complete(
                actor=worker,
                enrolment=e,
                final_meeting_on=spans[-1].ends_on,
                closing_note="Reunión final con la familia y el CESFAM; traspaso acordado.",
            )
    if trial:
        sample = list(
            Enrolment.objects.filter(programme=programme, site=site, status="active", team__isnull=False)[:4]
        )
        for weeks in (2, 1):
            reviews.do_record_review(
                actor=coordinator,
                site=site,
                held_on=_ago(today, 7 * weeks),
                attendees=[coordinator, *demo.staff[code]["psw"], *demo.staff[code]["cmhw"]],
                discussed=sample[:2] if weeks == 2 else sample[2:],
                notes="Revisión semanal de casos.",
                decisions="Priorizar visitas a quienes llevan más días sin contacto.",
                figures={},
            )


def load(demo) -> None:
    rng = random.Random(SEED)
    trial = programmes.do_create_from_template(
        actor=demo.admin,
        template_code="cti_ts",
        code="cti-ts-trial",
        name="CTI-TS RedeAmericas trial",
        sites=[demo.sites["santiago"], demo.sites["rio"]],
        is_trial=True,
    )
    for code in ("santiago", "rio"):
        staff, site = demo.staff[code], demo.sites[code]
        team_list = [
            _team(
                staff["coordinator"][0],
                site,
                f"{label} {code.title()}",
                staff["psw"][i],
                staff["cmhw"][i],
                site.language,
                rng,
            )
            for i, label in enumerate(
                [
                    "Equipo A" if code == "santiago" else "Equipe A",
                    "Equipo B" if code == "santiago" else "Equipe B",
                ]
            )
        ]
        # Rio starts further along the list, so that between them the two sites show every phase.
        starts = CTI_STARTS if code == "santiago" else CTI_STARTS[3:] + CTI_STARTS[:3]
        _run(demo, trial, code, team_list, rng, starts, trial=True)
    if "vic" in demo.sites and demo.staff.get("vic"):
        staff, site = demo.staff["vic"], demo.sites["vic"]
        catalan = programmes.do_create_from_template(
            actor=demo.admin,
            template_code="catalan_peer",
            code="catalan-peer-placement",
            name="Programa d'inserció entre iguals (Osona)",
            sites=[site],
        )
        team_list = [
            _team(
                staff["coordinator"][0], site, f"Equip {label}", staff["psw"][i], staff["cmhw"][i], "ca", rng
            )
            for i, label in enumerate("AB")
        ]
        _run(demo, catalan, "vic", team_list, rng, [150, 100, 60, 30, 170, 15], trial=False)
