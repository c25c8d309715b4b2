"""Foundation routes in the permission matrix. Pages about one participant use ``own_participant``."""

from __future__ import annotations

from tests.matrix import ALL, EDITORS, PARTICIPANT_READERS, expect

ROUTES: dict[str, dict[str, int]] = {
    "home": expect(ALL),
    "login": {**expect(set(), forbidden=302), "anonymous": 200},
    "logout": {**expect(set(), forbidden=405), "anonymous": 405},
    "set_language": {**expect(set(), forbidden=405), "anonymous": 405},
    "healthz": {**expect(ALL), "anonymous": 200},
    "participant_list": expect(PARTICIPANT_READERS),
    "participant_create": expect(EDITORS),
    "participant_detail": expect(PARTICIPANT_READERS - {"other_psw"}, hidden={"other_psw"}),
    "participant_edit": expect(EDITORS, hidden={"other_psw"}),
    "participant_retire": expect(EDITORS, hidden={"other_psw"}),
    "participant_identity": expect({"coordinator", "admin", "psw", "cmhw"}, hidden={"other_psw"}),
    "identity_edit": expect(EDITORS, hidden={"other_psw"}),
    "consent_give": expect(EDITORS, hidden={"other_psw"}),
    "consent_withdraw": expect(EDITORS, hidden={"other_psw"}),
    "assignment_add": expect(EDITORS, hidden={"other_psw"}),
    "audit_log": expect({"admin"}),
    "export_list": expect({"coordinator", "researcher", "admin"}),
    "export_download": expect({"coordinator", "researcher", "admin"}),
    "erasure_request": expect(EDITORS, hidden={"other_psw"}),
    "erasure_list": expect({"admin"}),
    "security_overview": expect({"admin"}),
    "security_access_csv": expect({"admin"}),
    # Without a pending password step the second-factor page sends everyone back to the login page.
    "login_verify": {**expect(set(), forbidden=302), "anonymous": 302},
    "two_factor_setup": expect(ALL),
    "session_keepalive": expect(set(), forbidden=405),
}


def url_kwargs(name: str, world) -> dict | None:
    if name == "export_download":
        from puente.people.exports import do_create_export_project

        project = do_create_export_project(
            actor=world.coordinator, site=world.site_a, name="Matrix", max_date_shift_days=0
        )
        return {"project_pk": project.pk}
    if name.startswith(
        ("participant_", "identity_", "consent_", "assignment_", "erasure_request")
    ) and name not in {
        "participant_list",
        "participant_create",
    }:
        return {"pk": world.own_participant.pk}
    return None
