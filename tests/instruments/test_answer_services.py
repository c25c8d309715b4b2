"""Staff entry through the services: range checks, special codes, corrections with history, stale edits."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from puente.audit.models import AuditEvent
from puente.instruments.models import Administration, Instrument, ResponseRevision
from puente.instruments.services.answers import do_enter_answers
from puente.people.services import StaleEdit
from tests.instruments.conftest import SWLS_ANSWERS, plan_service_user, schedule


def counts():
    return (ResponseRevision.objects.count(), AuditEvent.objects.count())


def test_shipped_instruments_are_in_the_database_with_their_definitions(db):
    codes = set(Instrument.objects.values_list("code", flat=True))
    assert {"swls", "whoqol_bref", "copm", "ras_r", "cami", "emas", "ismi", "can"} <= codes
    swls = Instrument.objects.select_related("current").get(code="swls")
    assert swls.source == "shipped" and swls.current.number == 1
    assert swls.current.definition["abbreviation"] == "SWLS"


def test_syncing_again_changes_nothing(db):
    from puente.instruments.services.catalogue import do_sync_shipped_instruments

    before = counts()
    assert do_sync_shipped_instruments() == 0
    assert counts() == before


def test_entering_a_questionnaire_scores_it_with_bands(world, swls_due):
    saved = do_enter_answers(
        actor=world.data_entry,
        administration=swls_due,
        answers=SWLS_ANSWERS,
        expected_version=swls_due.version,
    )
    assert saved.status == "completed" and saved.mode == "staff_entry"
    assert saved.entered_by == world.data_entry
    assert saved.scores["values"]["total"] == 23
    assert saved.scores["bands"]["total"] == "slightly_satisfied"
    assert saved.history.count() == 1


def test_it_refuses_an_answer_outside_the_scale_and_changes_nothing(world, swls_due):
    before = counts()
    with pytest.raises(ValidationError) as caught:
        do_enter_answers(
            actor=world.data_entry,
            administration=swls_due,
            answers={**SWLS_ANSWERS, "swls_2": 9},
            expected_version=swls_due.version,
        )
    assert caught.value.messages == ["Item 2: 9 is not an answer on its scale (1-7)."]
    assert counts() == before
    swls_due.refresh_from_db()
    assert swls_due.status == "planned" and swls_due.answers == {}


def test_it_refuses_an_unknown_item_id_and_changes_nothing(world, swls_due):
    before = counts()
    with pytest.raises(ValidationError) as caught:
        do_enter_answers(
            actor=world.data_entry,
            administration=swls_due,
            answers={**SWLS_ANSWERS, "swls_9": 3},
            expected_version=swls_due.version,
        )
    assert caught.value.messages == ["swls_9 is not an item of SWLS."]
    assert counts() == before


def test_a_special_code_is_an_answer_counted_apart(world, programme):
    schedule(world, programme, "can")
    respondent = plan_service_user(world, programme, world.own_participant)
    administration = Administration.objects.get(respondent=respondent)
    definition = administration.revision.definition
    answers = {item["id"]: 0 for item in definition["items"]}
    first, second, third = (item["id"] for item in definition["items"][:3])
    answers.update({first: 9, second: 2, third: 1})
    saved = do_enter_answers(
        actor=world.coordinator, administration=administration, answers=answers, expected_version=1
    )
    values = saved.scores["values"]
    assert (values["not_known"], values["unmet_needs"], values["met_needs"], values["total_needs"]) == (
        1,
        1,
        1,
        2,
    )
    with pytest.raises(ValidationError, match=r"3 is not an answer on its scale \(0-2 or 9\)"):
        do_enter_answers(
            actor=world.coordinator,
            administration=saved,
            answers={first: 3},
            expected_version=saved.version,
            reason="typo",
        )


def test_correcting_a_saved_questionnaire_needs_a_reason_and_keeps_the_old_value(world, swls_due):
    saved = do_enter_answers(
        actor=world.data_entry, administration=swls_due, answers=SWLS_ANSWERS, expected_version=1
    )
    before = counts()
    with pytest.raises(ValidationError, match="Give a reason"):
        do_enter_answers(
            actor=world.data_entry,
            administration=saved,
            answers={**SWLS_ANSWERS, "swls_5": 7},
            expected_version=saved.version,
        )
    assert counts() == before
    corrected = do_enter_answers(
        actor=world.coordinator,
        administration=saved,
        answers={**SWLS_ANSWERS, "swls_5": 7},
        expected_version=saved.version,
        reason="The paper form says 7.",
    )
    assert corrected.scores["values"]["total"] == 27 and corrected.scores["bands"]["total"] == "satisfied"
    last = corrected.history.order_by("-number").first()
    assert (last.number, last.previous, last.reason) == (2, {"swls_5": 3}, "The paper form says 7.")
    assert corrected.history.get(number=1).answers["swls_5"] == 3  # history is never rewritten
    event = AuditEvent.objects.filter(action="administration.edit").latest("seq")
    assert event.before["answers"] == {"swls_5": 3} and event.after["answers"] == {"swls_5": 7}
    assert event.after["reason"] == "The paper form says 7."


def test_an_edit_based_on_an_old_version_is_refused(world, swls_due):
    do_enter_answers(
        actor=world.data_entry, administration=swls_due, answers=SWLS_ANSWERS, expected_version=1
    )
    before = counts()
    with pytest.raises(StaleEdit):
        do_enter_answers(
            actor=world.coordinator,
            administration=swls_due,
            answers={"swls_1": 1},
            expected_version=1,
            reason="late",
        )
    assert counts() == before


def test_saving_the_same_answers_again_changes_nothing(world, swls_due):
    saved = do_enter_answers(
        actor=world.data_entry, administration=swls_due, answers=SWLS_ANSWERS, expected_version=1
    )
    before = counts()
    again = do_enter_answers(
        actor=world.data_entry, administration=saved, answers=SWLS_ANSWERS, expected_version=saved.version
    )
    assert again.version == saved.version and counts() == before


def test_a_draft_keeps_partial_answers_and_missing_items_follow_the_scoring_rule(world, swls_due):
    draft = do_enter_answers(
        actor=world.data_entry,
        administration=swls_due,
        answers={"swls_1": 4, "swls_2": 4},
        expected_version=1,
        complete=False,
    )
    assert draft.status == "in_progress" and draft.scores == {}
    done = do_enter_answers(
        actor=world.data_entry,
        administration=draft,
        answers={"swls_3": 4, "swls_4": 4},
        expected_version=draft.version,
    )
    # One of five missing: prorated (16 * 5 / 4 = 20).
    assert done.answers == {"swls_1": 4, "swls_2": 4, "swls_3": 4, "swls_4": 4}
    assert done.scores["values"]["total"] == 20
