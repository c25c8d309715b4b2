"""Programme routes in the permission matrix; pages about one enrolment use own_participant's."""

from __future__ import annotations

from tests.matrix import EDITORS, PARTICIPANT_READERS, expect

READERS = frozenset({"coordinator", "researcher", "admin", "data_entry"})
TRIAL_READERS = frozenset({"coordinator", "researcher", "admin"})
WORKERS = frozenset({"coordinator", "admin", "psw", "cmhw"})
ENROLMENT_READERS = PARTICIPANT_READERS - {"other_psw"}

ROUTES: dict[str, dict[str, int]] = {
    "programme_list": expect(READERS),
    "programme_copy": expect(EDITORS),
    "programme_detail": expect(READERS),
    "programme_adapt": expect(EDITORS),
    "programme_enrol": expect(EDITORS),
    "allocation_export": expect(TRIAL_READERS),
    "fidelity": expect(TRIAL_READERS),
    "caseload_review": expect(EDITORS),
    "team_list": expect(EDITORS),
    "team_create": expect(EDITORS),
    "enrolment_detail": expect(ENROLMENT_READERS, hidden={"other_psw"}),
    "enrolment_start": expect(EDITORS, hidden={"other_psw"}),
    "enrolment_team": expect(EDITORS, hidden={"other_psw"}),
    "enrolment_phases": expect(EDITORS, hidden={"other_psw"}),
    "enrolment_exit": expect(EDITORS, hidden={"other_psw"}),
    "enrolment_transition": expect(WORKERS, hidden={"other_psw"}),
    "enrolment_close": expect(WORKERS, hidden={"other_psw"}),
    "contact_add": expect(WORKERS, hidden={"other_psw"}),
    "focus_area_add": expect(WORKERS, hidden={"other_psw"}),
    "focus_area_progress": expect(WORKERS, hidden={"other_psw"}),
    "recovery_plan": expect(WORKERS, hidden={"other_psw"}),
    "crisis_plan": expect(WORKERS, hidden={"other_psw"}),
    "crisis_plan_edit": expect(WORKERS, hidden={"other_psw"}),
    "linkage_add": expect(WORKERS, hidden={"other_psw"}),
    "linkage_update": expect(WORKERS, hidden={"other_psw"}),
    "participant_timeline": expect(ENROLMENT_READERS, hidden={"other_psw"}),
}


def url_kwargs(name: str, world) -> dict | None:
    from tests.programs.helpers import matrix_objects

    if name not in ROUTES or name in {"programme_list", "programme_copy", "fidelity", "caseload_review"}:
        return None
    if name.startswith("team_"):
        return None
    objects = matrix_objects(world)
    if name == "allocation_export":
        return {"pk": objects["trial"].pk}
    if name.startswith("programme_"):
        return {"pk": objects["programme"].pk}
    if name == "focus_area_progress":
        return {"pk": objects["area"].pk}
    if name == "linkage_update":
        return {"pk": objects["linkage"].pk}
    if name == "participant_timeline":
        return {"pk": world.own_participant.pk}
    return {"pk": objects["enrolment"].pk}
