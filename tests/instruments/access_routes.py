"""Instruments routes in the permission matrix; objects are made at site A around ``own_participant``."""

from __future__ import annotations

import json

from tests.matrix import ALL, PARTICIPANT_READERS, expect

READERS = PARTICIPANT_READERS  # the roles that handle participants read instruments and enter answers
EDITORS = frozenset({"researcher", "admin"})
SCHEDULERS = frozenset({"coordinator", "researcher", "admin"})
WORDING_LOADERS = frozenset({"coordinator", "researcher", "admin"})
ON_OWN_PARTICIPANT = expect(READERS - {"other_psw"}, hidden={"other_psw"})

ROUTES: dict[str, dict[str, int]] = {
    "instrument_list": expect(READERS),
    "instrument_create": expect(EDITORS),
    "instrument_import": expect(EDITORS),
    "instrument_detail": expect(READERS),
    "instrument_edit": expect(EDITORS),
    "instrument_create_json": expect(EDITORS),
    "instrument_edit_json": expect(EDITORS),
    "instrument_copy": expect(EDITORS),
    "instrument_wording": expect(WORDING_LOADERS),
    "instrument_export": expect(READERS),
    "schedule_list": expect(READERS),
    "schedule_detail": expect(READERS),
    "schedule_entry_add": expect(SCHEDULERS),
    "respondent_add": expect(SCHEDULERS),
    "respondent_register": expect(SCHEDULERS),
    "due_list": expect(READERS),
    "administration_detail": ON_OWN_PARTICIPANT,
    "administration_enter": ON_OWN_PARTICIPANT,
    "selfreport_link_create": ON_OWN_PARTICIPANT,
    "selfreport_respond": {**expect(ALL), "anonymous": 200},
}


def _custom_instrument(world) -> str:
    from puente.instruments.loader import load_definition
    from puente.instruments.services.catalogue import do_create_instrument
    from tests.instruments.test_catalogue_views import renamed

    definition = renamed(load_definition("swls"), "matrix_scale")
    return do_create_instrument(actor=world.researcher, definition=json.loads(json.dumps(definition))).code


def _administration(world):
    from tests.instruments.conftest import make_programme, plan_service_user, schedule

    programme = make_programme(world)
    schedule(world, programme, "swls")
    respondent = plan_service_user(world, programme, world.own_participant)
    return programme, respondent.administrations.get()


def url_kwargs(name: str, world) -> dict | None:
    if name in {"instrument_detail", "instrument_export", "instrument_copy"}:
        return {"code": "swls"}
    if name == "instrument_wording":
        return {"code": "whoqol_bref"}
    if name in {"instrument_edit", "instrument_edit_json"}:
        return {"code": _custom_instrument(world)}
    if name in {"schedule_detail", "schedule_entry_add", "respondent_add", "respondent_register"}:
        from tests.instruments.conftest import make_programme

        return {"pk": make_programme(world).pk}
    if name in {"administration_detail", "administration_enter", "selfreport_link_create"}:
        return {"pk": _administration(world)[1].pk}
    if name == "selfreport_respond":
        from puente.instruments.services.links import do_create_link

        _link, token = do_create_link(actor=world.coordinator, administration=_administration(world)[1])
        return {"token": token}
    return None
