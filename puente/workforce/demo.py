"""The workforce part of the demo: the Catalan cohort at Vic (16 trainees, 10 complete the placement)
and the CTI-TS peer support workers of Santiago and Rio as accredited, placed and supervised workers.

All through the services, from a fixed seed, so it is audited and the same on every machine.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from puente.accounts import services as accounts
from puente.accounts.models import Site, User
from puente.accounts.roles import Role
from puente.demo.loader import DEMO_PASSWORD, DemoContext, _national_id
from puente.people.models import NationalIdKind
from puente.workforce.models import (
    AttendanceStatus,
    CandidateSource,
    Enrollment,
    LeaveKind,
    PlacementOutcome,
    ServiceKind,
    Stage,
    SupervisionKind,
    SupervisionTopic,
    WellbeingAlert,
)
from puente.workforce.services import accreditation, placement, recruitment, supervision, training, wellbeing

ID_KINDS = {"santiago": NationalIdKind.RUT, "rio": NationalIdKind.CPF, "vic": NationalIdKind.DNI_ES}
TOPICS = list(SupervisionTopic.values)

# The Vic cohort's story (seed 004): 16 start, 2 leave during training, 1 falls short of 80 %,
# 1 accredited person chooses not to take a placement, 2 leave the placement early (one of them
# to look after their own recovery), 10 complete the six months.
LEFT_TRAINING = {
    4: ("Found a job elsewhere", 3),
    11: ("Family circumstances", 5),
}  # trainee -> (reason, after session)
SHORT_OF_ATTENDANCE = 8
NOT_PLACED = {14: "Chose not to take up a placement"}
LEFT_PLACEMENT = {
    6: ("Stepped back to look after their own recovery", 70),
    13: ("Moved away from the area", 110),
}


def load(demo: DemoContext) -> None:
    rng = random.Random(20240410)
    _catalan_cohort(demo, rng)
    for code in ("santiago", "rio"):
        _cti_ts_workers(demo, rng, code)
    wellbeing.do_raise_missed_checkin_alerts(on=demo.today)


def _identity(demo: DemoContext, code: str, user: User) -> dict[str, str]:
    fake = demo.fakers[code]
    return {
        "full_name": f"{user.first_name} {user.last_name}",
        "phone": fake.phone_number(),
        "email": user.email,
        "national_id_kind": ID_KINDS[code],
        "national_id": _national_id(fake, ID_KINDS[code]),
    }


def _candidate(demo, rng, code: str, site: Site, number: int, user: User, applied_on: dt.date, source: str):
    actor = demo.staff[code]["coordinator"][0]
    candidate = recruitment.do_create_candidate(
        actor=actor,
        site=site,
        code=f"{code[:3].upper()}-C{number:02d}",
        source=source,
        language=site.language,
        applied_on=applied_on,
        identity=_identity(demo, code, user),
        user=user,
    )
    criteria = recruitment.do_ensure_default_criteria(actor=actor, site=site)
    for panel_member in (actor, demo.trainer):
        recruitment.do_score_interview(
            actor=panel_member,
            candidate=candidate,
            scores={c.pk: rng.choice([3, 4, 4, 5]) for c in criteria},
            interviewed_on=applied_on + dt.timedelta(days=14),
        )
    recruitment.do_move_stage(
        actor=actor,
        candidate=candidate,
        to_stage=Stage.SELECTED,
        changed_on=applied_on + dt.timedelta(days=21),
    )
    return candidate


def _trainee_users(demo: DemoContext, site: Site, count: int) -> list[User]:
    users = list(demo.staff["vic"]["psw"])
    fake = demo.fakers["vic"]
    for number in range(len(users) + 1, count + 1):
        user = accounts.do_create_user(
            actor=demo.admin,
            username=f"psw{number}.vic",
            password=DEMO_PASSWORD,
            first_name=fake.first_name(),
            last_name=fake.last_name(),
            email=f"psw{number}.vic@demo.invalid",
            language="ca",
        )
        accounts.do_grant_role(actor=demo.admin, user=user, site=site, role=Role.PSW)
        users.append(user)
    return users


def _catalan_cohort(demo: DemoContext, rng: random.Random) -> None:
    site = demo.sites["vic"]
    coordinator = demo.staff["vic"]["coordinator"][0]
    starts_on = demo.today - dt.timedelta(days=300)
    users = _trainee_users(demo, site, 16)
    sources = [CandidateSource.CURRENT_SERVICE_USER] * 12 + [CandidateSource.FORMER_SERVICE_USER] * 3
    sources.append(CandidateSource.ADVOCACY_GROUP)
    candidates = [
        _candidate(demo, rng, "vic", site, n, user, starts_on - dt.timedelta(days=60), sources[n - 1])
        for n, user in enumerate(users, start=1)
    ]
    cohort = training.do_create_cohort(
        actor=demo.trainer,
        site=site,
        name="Formació d'agents de suport entre iguals, Vic",
        curriculum_key="catalan_peer_programme",
        language="ca",
        starts_on=starts_on,
        trainers=[demo.trainer],
        place="Universitat de Vic, aula 12",
    )
    enrollments = [
        training.do_enrol(
            actor=demo.trainer, cohort=cohort, candidate=c, enrolled_on=starts_on - dt.timedelta(days=7)
        )
        for c in candidates
    ]
    sessions = list(cohort.sessions.order_by("held_on"))
    for index, session in enumerate(sessions, start=1):
        statuses = {}
        for number, enrollment in enumerate(enrollments, start=1):
            if number in LEFT_TRAINING and index > LEFT_TRAINING[number][1]:
                continue
            if number == SHORT_OF_ATTENDANCE:
                status = AttendanceStatus.ABSENT if index in (2, 5, 9) else AttendanceStatus.PRESENT
            elif rng.random() < 0.07 and index not in (1, 10):
                status = rng.choice([AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED])
            else:
                status = AttendanceStatus.PRESENT
            statuses[enrollment.pk] = status
        training.do_record_attendance(actor=demo.trainer, session=session, statuses=statuses, on=demo.today)
        for number, (reason, after) in LEFT_TRAINING.items():
            if index == after:
                training.do_withdraw_trainee(
                    actor=demo.trainer,
                    enrollment=enrollments[number - 1],
                    withdrawn_on=session.held_on + dt.timedelta(days=2),
                    reason=reason,
                )
    finished = sessions[-1].held_on
    accredited_on = finished + dt.timedelta(days=7)
    for number, enrollment in enumerate(enrollments, start=1):
        if number in LEFT_TRAINING:
            continue
        enrollment = training.do_record_practice(
            actor=demo.trainer, enrollment=Enrollment.objects.get(pk=enrollment.pk), completed_on=finished
        )
        if number == SHORT_OF_ATTENDANCE:
            continue
        # A couple of demo absences can take someone under 80 %: the rule decides, as it would in life.
        progress = accreditation.progress_of(enrollment)
        if not progress.met:
            continue
        issued = accreditation.do_accredit(actor=demo.trainer, enrollment=enrollment, issued_on=accredited_on)
        candidate = enrollment.candidate
        if number in NOT_PLACED:
            recruitment.do_move_stage(
                actor=coordinator,
                candidate=candidate,
                to_stage=Stage.LEFT,
                changed_on=accredited_on + dt.timedelta(days=5),
                reason=NOT_PLACED[number],
            )
            continue
        _vic_placement(demo, rng, issued, number, accredited_on + dt.timedelta(days=10))


def _vic_placement(demo, rng, issued, number: int, starts_on: dt.date) -> None:
    site = demo.sites["vic"]
    coordinator = demo.staff["vic"]["coordinator"][0]
    worker = issued.enrollment.candidate.user
    inpatient = number in (3, 9)
    placed = placement.do_create_placement(
        actor=coordinator,
        accreditation=issued,
        site=site,
        service_kind=ServiceKind.INPATIENT_UNIT if inpatient else ServiceKind.COMMUNITY_RECOVERY,
        service_name="Unitat d'hospitalització de Vic"
        if inpatient
        else "Servei de Rehabilitació Comunitària Vic",
        hours_per_week=Decimal(10),
        starts_on=starts_on,
        ends_on=starts_on + dt.timedelta(days=182),
        reference_professional=demo.staff["vic"]["cmhw"][number % 2],
    )
    assignment = supervision.do_assign_supervisor(
        actor=coordinator, worker=worker, supervisor=coordinator, site=site, starts_on=starts_on
    )
    left = LEFT_PLACEMENT.get(number)
    last_day = starts_on + dt.timedelta(days=left[1] if left else 182)
    # Strain drifts upward over the six months (life satisfaction fell in the Catalan evaluation).
    _weekly_life(demo, rng, worker, placed, starts_on, last_day, drift=0.08, acknowledge_by=coordinator)
    if left:
        placement.do_end_placement(
            actor=coordinator,
            placement=placed,
            outcome=PlacementOutcome.LEFT,
            outcome_on=last_day,
            reason=left[0],
        )
        if number == 6:
            wellbeing.do_record_leave(
                actor=coordinator,
                worker=worker,
                kind=LeaveKind.RECOVERY,
                starts_on=last_day - dt.timedelta(days=10),
                note="Agreed together; the door stays open to come back.",
            )
    else:
        placement.do_end_placement(
            actor=coordinator, placement=placed, outcome=PlacementOutcome.COMPLETED, outcome_on=last_day
        )
    supervision.do_end_supervision(actor=coordinator, assignment=assignment, ends_on=last_day)


def _weekly_life(
    demo, rng, worker, placed, first: dt.date, last: dt.date, *, drift: float, acknowledge_by
) -> None:
    """Hours on two days a week and a weekly check-in, from ``first`` to ``last``."""
    week = first
    base = rng.uniform(1.6, 2.4)
    index = 0
    while week + dt.timedelta(days=4) <= min(last, demo.today):
        days = (1,) if placed.hours_per_week <= 12 else (1, 3)
        hours = placed.hours_per_week / len(days)
        for offset in days:
            placement.do_log_hours(
                actor=worker, placement=placed, worked_on=week + dt.timedelta(days=offset), hours=hours
            )
        level = min(4.4, base + drift * index + rng.uniform(-0.4, 0.4))
        wellbeing.do_check_in(
            actor=worker,
            checked_on=week + dt.timedelta(days=4),
            stress=_answer(level),
            workload=_answer(level - 0.3),
            sleep=_answer(6 - level),
            support=_answer(5.2 - level / 2),
        )
        week += dt.timedelta(days=7)
        index += 1
    for alert in WellbeingAlert.objects.filter(worker=worker, acknowledged_at__isnull=True):
        wellbeing.do_acknowledge_alert(
            actor=acknowledge_by, alert=alert, note="Talked it through in supervision; agreed a lighter week."
        )


def _answer(level: float) -> int:
    return max(1, min(5, round(level)))


def _cti_ts_workers(demo: DemoContext, rng: random.Random, code: str) -> None:
    site = demo.sites[code]
    coordinator = demo.staff[code]["coordinator"][0]
    psws = demo.staff[code]["psw"]
    starts_on = demo.today - dt.timedelta(days=400)
    candidates = [
        _candidate(
            demo,
            rng,
            code,
            site,
            n,
            user,
            starts_on - dt.timedelta(days=45),
            CandidateSource.FORMER_SERVICE_USER,
        )
        for n, user in enumerate(psws, start=1)
    ]
    cohort = training.do_create_cohort(
        actor=demo.trainer,
        site=site,
        name=f"CTI-TS {site.city}",
        curriculum_key="cti_ts",
        language=site.language,
        starts_on=starts_on,
        trainers=[demo.trainer],
        place=site.name,
    )
    enrollments = [
        training.do_enrol(
            actor=demo.trainer, cohort=cohort, candidate=c, enrolled_on=starts_on - dt.timedelta(days=3)
        )
        for c in candidates
    ]
    for index, session in enumerate(cohort.sessions.order_by("held_on")):
        statuses = {e.pk: AttendanceStatus.PRESENT for e in enrollments}
        if index == 2:
            statuses[enrollments[1].pk] = AttendanceStatus.EXCUSED
        training.do_record_attendance(actor=demo.trainer, session=session, statuses=statuses, on=demo.today)
    finished = starts_on + dt.timedelta(days=42)
    placement_start = finished + dt.timedelta(days=30)
    for number, enrollment in enumerate(enrollments):
        enrollment = Enrollment.objects.get(pk=enrollment.pk)
        training.do_record_practice(actor=demo.trainer, enrollment=enrollment, completed_on=finished)
        issued = accreditation.do_accredit(
            actor=demo.trainer, enrollment=enrollment, issued_on=finished + dt.timedelta(days=7)
        )
        worker = enrollment.candidate.user
        placed = placement.do_create_placement(
            actor=coordinator,
            accreditation=issued,
            site=site,
            service_kind=ServiceKind.CTI_TEAM,
            service_name=f"CTI-TS {site.city}",
            hours_per_week=Decimal(20),
            starts_on=placement_start,
            ends_on=placement_start + dt.timedelta(days=400),
            reference_professional=demo.staff[code]["cmhw"][number],
        )
        supervision.do_assign_supervisor(
            actor=coordinator, worker=worker, supervisor=coordinator, site=site, starts_on=placement_start
        )
        # Only the last six months of the working life are generated, to keep the demo small.
        recent = demo.today - dt.timedelta(days=182)
        rising = (code, number) == ("santiago", 1)
        stop = demo.today - dt.timedelta(days=20) if (code, number) == ("rio", 0) or rising else demo.today
        _weekly_life(demo, rng, worker, placed, recent, stop, drift=0.0, acknowledge_by=coordinator)
        if rising:
            for weeks_ago, level in ((3, 2.6), (2, 3.4), (1, 4.2)):
                wellbeing.do_check_in(
                    actor=worker,
                    checked_on=demo.today - dt.timedelta(days=7 * weeks_ago - 2),
                    stress=_answer(level),
                    workload=_answer(level),
                    sleep=_answer(6 - level),
                    support=_answer(5 - level / 2),
                    comment="Dos casos difíciles a la vez esta semana.",
                )
    _supervision_sessions(demo, rng, code, coordinator, psws)
    wellbeing.do_save_safeguarding_plan(
        actor=coordinator,
        worker=psws[0],
        values={
            "early_signs": "Sleeping badly, cancelling visits, going quiet in team meetings.",
            "what_helps": "A walk before work, talking it through with the supervisor the same day.",
            "adjustments": "Fewer home visits in a heavy week.",
            "reduced_hours_per_week": None,
            "agreed_on": placement_start + dt.timedelta(days=14),
            "review_on": placement_start + dt.timedelta(days=200),
        },
    )
    if code == "santiago":
        wellbeing.do_record_leave(
            actor=coordinator,
            worker=psws[0],
            kind=LeaveKind.SICK,
            starts_on=demo.today - dt.timedelta(days=95),
            ends_on=demo.today - dt.timedelta(days=88),
            research_consent=True,
        )


def _supervision_sessions(demo, rng, code: str, coordinator: User, psws: list[User]) -> None:
    """Weekly supervision over the last six months: group most weeks, individual once a month."""
    site = demo.sites[code]
    for weeks_ago in range(26, 0, -1):
        held_on = demo.today - dt.timedelta(days=7 * weeks_ago - 2)
        individual = weeks_ago % 4 == 0
        # The second Rio PSW has missed the last two weeks, which the coordinator's view shows.
        attendance = {
            worker.pk: not (code == "rio" and index == 1 and weeks_ago <= 3) and rng.random() > 0.05
            for index, worker in enumerate(psws)
        }
        if individual:
            worker = psws[weeks_ago // 4 % len(psws)]
            attendance = {worker.pk: attendance[worker.pk]}
        supervision.do_record_supervision(
            actor=coordinator,
            site=site,
            held_on=held_on,
            kind=SupervisionKind.INDIVIDUAL if individual else SupervisionKind.GROUP,
            supervisor=coordinator,
            topics=rng.sample(TOPICS[:4], 2),
            attendance=attendance,
        )
