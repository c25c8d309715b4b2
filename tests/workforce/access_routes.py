"""Workforce routes in the permission matrix. Objects are created at site A; the ``psw`` persona is a
trainee, accredited, placed (with ``cmhw`` as reference professional) and supervised by ``coordinator``."""

from __future__ import annotations

import datetime as dt

from tests.matrix import ALL, expect

MANAGERS = {"coordinator", "admin"}
STAFF = {"coordinator", "admin", "trainer"}
PSWS = {"psw", "other_psw"}
# Wellbeing records: the PSW and their supervisor; for every other signed-in person they do not exist.
WELLBEING = expect({"psw", "coordinator"}, hidden=ALL - {"psw", "coordinator"})

ROUTES: dict[str, dict[str, int]] = {
    "my_workforce": expect(PSWS),
    "candidate_list": expect(STAFF),
    "candidate_create": expect(MANAGERS),
    "candidate_detail": expect(STAFF),
    "candidate_stage": expect(MANAGERS),
    "candidate_identity": expect(MANAGERS),
    "candidate_identity_edit": expect(MANAGERS),
    "candidate_interview": expect(STAFF),
    "criteria_list": expect(MANAGERS),
    "cohort_list": expect(STAFF | {"researcher"}),
    "cohort_create": expect(STAFF),
    "cohort_detail": expect(STAFF),
    "cohort_flow": expect(STAFF | {"researcher"}),
    "cohort_report": expect(STAFF | {"researcher"}),
    "cohort_enrol": expect(STAFF),
    "session_create": expect(STAFF),
    "attendance_sheet": expect(STAFF),
    "trainee_detail": expect(STAFF | {"psw"}, hidden={"other_psw"}),
    "trainee_practice": expect(STAFF, hidden={"other_psw"}),
    "trainee_withdraw": expect(STAFF, hidden={"other_psw"}),
    "trainee_accredit": expect(STAFF, hidden={"other_psw"}),
    "accreditation_certificate": expect(MANAGERS | {"psw"}, hidden={"other_psw"}),
    "accreditation_revoke": expect(STAFF, hidden={"other_psw"}),
    "placement_list": expect(MANAGERS | PSWS | {"cmhw"}),
    "placement_create": expect(MANAGERS),
    "placement_detail": expect(MANAGERS | {"psw", "cmhw"}, hidden={"other_psw"}),
    "placement_hours": expect(MANAGERS | {"psw"}, hidden={"other_psw"}),
    "placement_end": expect(MANAGERS, hidden={"other_psw"}),
    "supervision_overview": expect(MANAGERS),
    "supervision_assign": expect(MANAGERS),
    "supervision_session_create": expect(MANAGERS),
    "checkin_create": expect(PSWS),
    "alert_list": expect({"coordinator"}),
    "alert_acknowledge": expect({"coordinator"}),
    "wellbeing_detail": WELLBEING,
    "safeguarding_edit": WELLBEING,
    "leave_create": WELLBEING,
}


def workforce_objects(world) -> dict:
    """Build the objects once per world and keep them on it."""
    cached = getattr(world, "_workforce_objects", None)
    if cached is not None:
        return cached
    from puente.workforce.models import WellbeingAlert
    from puente.workforce.services import placement, wellbeing
    from tests.workforce.conftest import TODAY, accredited, ensure_supervision, make_candidate

    candidate = make_candidate(world)
    accreditation = accredited(world, user=world.psw)
    enrollment = accreditation.enrollment
    placed = placement.do_create_placement(
        actor=world.coordinator,
        accreditation=accreditation,
        site=world.site_a,
        service_kind="cti_team",
        service_name="CTI team Santiago",
        hours_per_week=10,
        starts_on=TODAY - dt.timedelta(days=3),
        ends_on=TODAY + dt.timedelta(days=180),
        reference_professional=world.cmhw,
    )
    ensure_supervision(world)
    wellbeing.do_check_in(actor=world.psw, stress=5, workload=5, sleep=1, support=2)
    alert = WellbeingAlert.objects.get(worker=world.psw)
    cached = {
        "candidate": candidate.pk,
        "cohort": enrollment.cohort_id,
        "session": enrollment.cohort.sessions.order_by("held_on").first().pk,
        "enrollment": enrollment.pk,
        "accreditation": accreditation.pk,
        "placement": placed.pk,
        "alert": alert.pk,
    }
    world._workforce_objects = cached
    return cached


def url_kwargs(name: str, world) -> dict | None:
    if name not in ROUTES:
        return None
    prefixes = {
        "candidate_": "candidate",
        "cohort_": "cohort",
        "session_create": "cohort",
        "attendance_sheet": "session",
        "trainee_": "enrollment",
        "accreditation_": "accreditation",
        "placement_": "placement",
        "alert_acknowledge": "alert",
    }
    if name in {
        "candidate_list",
        "candidate_create",
        "cohort_list",
        "cohort_create",
        "placement_list",
        "placement_create",
    }:
        return None
    if name in {"wellbeing_detail", "safeguarding_edit", "leave_create"}:
        workforce_objects(world)
        return {"worker_id": world.psw.pk}
    for prefix, key in prefixes.items():
        if name.startswith(prefix):
            return {"pk": workforce_objects(world)[key]}
    return None
