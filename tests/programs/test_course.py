"""Phases, teams and caseloads, plans and linkages, closing: the course of an enrolment."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from puente.people.models import CaseAssignment
from puente.programs import definitions, phases
from puente.programs.models import Enrolment, PhaseEvent
from puente.programs.services import enrolment as enrolments
from puente.programs.services import plans, teams
from tests.conftest import client_for, make_participant
from tests.programs.helpers import TODAY, cti_programme, days_ago, enrol, team_a


def test_the_shipped_templates_are_valid_and_cti_ts_has_three_phases_of_three_months():
    cti = definitions.load_template("cti_ts")
    assert [(p["key"], p["months"], p["contact_every_days"]) for p in cti["phases"]] == [
        ("transition", 3, 7),
        ("try_out", 3, 14),
        ("transfer", 3, 30),
    ]
    assert {r["key"] for r in cti["roles"]} == {"psw", "cmhw"}
    assert definitions.load_template("catalan_peer")["kind"] == "peer_placement"


def test_a_broken_definition_is_refused_with_every_reason():
    broken = definitions.load_template("cti_ts")
    broken["phases"][1]["months"] = 0
    broken["trial"]["block_sizes"] = [3]
    problems = definitions.problems_in(broken)
    assert any("months" in p for p in problems) and any("block_sizes" in p for p in problems)


def test_phase_dates_follow_the_start_date():
    spans = phases.planned_spans(dt.date(2024, 1, 31), definitions.load_template("cti_ts")["phases"])
    assert [(s.starts_on, s.ends_on) for s in spans] == [
        (dt.date(2024, 1, 31), dt.date(2024, 4, 29)),
        (dt.date(2024, 4, 30), dt.date(2024, 7, 30)),
        (dt.date(2024, 7, 31), dt.date(2024, 10, 30)),
    ]
    assert phases.phase_on(dt.date(2024, 1, 1), spans) == "engagement"
    assert phases.phase_on(dt.date(2024, 5, 1), spans) == "try_out"


def test_assigning_a_team_puts_the_participant_in_both_workers_caseloads(world):
    programme = cti_programme(world)
    participant = make_participant(world.coordinator, world.site_a, "SCL-300", consent_form=world.form_a)
    enrolment = enrol(world, programme, participant)
    assert (
        client_for(world.psw).get(reverse("enrolment_detail", kwargs={"pk": enrolment.pk})).status_code == 404
    )
    teams.do_assign_team(actor=world.coordinator, enrolment=enrolment, team=team_a(world), on=TODAY)
    assert set(
        CaseAssignment.objects.filter(participant=participant, ended_on__isnull=True).values_list(
            "role", flat=True
        )
    ) == {"psw", "cmhw"}
    for worker in (world.psw, world.cmhw):
        assert (
            client_for(worker).get(reverse("enrolment_detail", kwargs={"pk": enrolment.pk})).status_code
            == 200
        )
    # Closing ends the caseload: the workers no longer reach the participant.
    enrolments.do_exit(actor=world.coordinator, enrolment=enrolment, reason="moved", on=TODAY)
    assert not CaseAssignment.objects.filter(participant=participant, ended_on__isnull=True).exists()
    assert (
        client_for(world.psw).get(reverse("enrolment_detail", kwargs={"pk": enrolment.pk})).status_code == 404
    )


def test_team_suggestions_prioritise_a_peer_worker_for_someone_without_family_support(world):
    from puente.accounts.roles import Role
    from puente.programs.selectors.delivery import team_suggestions
    from tests.conftest import make_user

    programme = cti_programme(world)
    enrolment = enrol(world, programme)
    cmhw2 = make_user("cmhw2", (world.site_a, Role.CMHW))
    teams.do_create_team(
        actor=world.coordinator,
        site=world.site_a,
        name="Without peer",
        members=[teams.MemberSpec(worker=cmhw2, role="cmhw")],
        languages=["es"],
    )
    team_a(world, "With peer")
    ranked = team_suggestions(world.coordinator, enrolment)
    assert [c.team.name for c in ranked] == ["With peer", "Without peer"]
    assert any("no family support" in reason for reason in ranked[0].reasons)
    page = client_for(world.coordinator).get(reverse("enrolment_team", kwargs={"pk": enrolment.pk}))
    assert "works in the participant&#x27;s language" in page.content.decode()


def test_a_transition_is_recorded_and_later_phases_keep_their_length(world):
    enrolment = enrol(world, cti_programme(world), start_days_ago=80)
    before = {p.key: (p.starts_on, p.ends_on) for p in enrolment.phases.all()}
    enrolments.do_record_transition(actor=world.psw, enrolment=enrolment, on=days_ago(5), note="Ready")
    after = {p.key: (p.starts_on, p.ends_on) for p in enrolment.phases.all()}
    assert after["try_out"][0] == days_ago(5)
    assert (after["transfer"][1] - after["transfer"][0]) == (before["transfer"][1] - before["transfer"][0])
    assert PhaseEvent.objects.filter(enrolment=enrolment, kind="transition").count() == 1


def test_at_most_three_areas_of_focus_per_phase(world):
    enrolment = enrol(world, cti_programme(world))
    for area in ("housing", "family", "leisure"):
        plans.do_add_focus_area(
            actor=world.psw, enrolment=enrolment, phase_key="transition", area_key=area, goal="Goal"
        )
    with pytest.raises(ValidationError, match="at most 3"):
        plans.do_add_focus_area(
            actor=world.psw, enrolment=enrolment, phase_key="transition", area_key="money", goal="Goal"
        )


def test_a_linkage_moves_forward_with_dates_in_order(world):
    enrolment = enrol(world, cti_programme(world))
    link = plans.do_add_linkage(
        actor=world.psw,
        enrolment=enrolment,
        kind="formal",
        support_type="primary_care",
        name="CESFAM",
        proposed_on=days_ago(10),
    )
    with pytest.raises(ValidationError, match="previous step"):
        plans.do_update_linkage(
            actor=world.psw, linkage=link, expected_version=1, status="active", on=days_ago(20)
        )
    link = plans.do_update_linkage(
        actor=world.psw, linkage=link, expected_version=1, status="active", on=days_ago(2)
    )
    assert link.status == "active" and link.active_on == days_ago(2)
    with pytest.raises(ValidationError, match="only moves forward"):
        plans.do_update_linkage(
            actor=world.psw, linkage=link, expected_version=2, status="first_contact", on=days_ago(1)
        )


def test_the_crisis_plan_reads_on_a_phone_and_is_hidden_from_researchers(world):
    enrolment = enrol(world, cti_programme(world))
    plans.do_save_crisis_plan(
        actor=world.psw,
        enrolment=enrolment,
        expected_version=None,
        warning_signs="Stops sleeping",
        what_helps="A walk",
        what_to_avoid="",
        who_to_call=[{"name": "Sister", "relation": "family", "phone": "+56 9 1111 2222"}],
    )
    url = reverse("crisis_plan", kwargs={"pk": enrolment.pk})
    body = client_for(world.psw).get(url).content.decode()
    assert 'href="tel:+56 9 1111 2222"' in body and "Stops sleeping" in body
    assert client_for(world.researcher).get(url).status_code == 403


def test_closing_records_the_final_meeting_and_the_timeline_shows_the_course(world):
    enrolment = enrol(world, cti_programme(world), start_days_ago=280)
    enrolments.do_complete(
        actor=world.psw,
        enrolment=enrolment,
        final_meeting_on=days_ago(1),
        closing_note="Handed over to the CESFAM",
    )
    enrolment.refresh_from_db()
    assert enrolment.status == "completed" and enrolment.final_meeting_on == days_ago(1)
    body = (
        client_for(world.coordinator)
        .get(reverse("participant_timeline", kwargs={"pk": world.own_participant.pk}))
        .content.decode()
    )
    assert body.index("Enrolled") < body.index("Intervention started") < body.index("Completed")
    assert "Handed over to the CESFAM" in body
    researcher = (
        client_for(world.researcher)
        .get(reverse("participant_timeline", kwargs={"pk": world.own_participant.pk}))
        .content.decode()
    )
    assert "Completed" in researcher and "Handed over" not in researcher


def test_a_coordinator_copies_and_adapts_a_template(world):
    client = client_for(world.coordinator)
    response = client.post(
        reverse("programme_copy"),
        {"source": "template:cti_ts", "code": "cti-local", "name": "CTI local", "sites": [world.site_a.pk]},
    )
    assert response.status_code == 302
    from puente.programs.models import Programme

    programme = Programme.objects.get(code="cti-local")
    data = {
        "name": "CTI local (adapted)",
        "caseload_limit": 15,
        "engagement_every": 7,
        "areas": "Housing\nMusic and arts",
        "version": programme.version,
        "months_transition": 4,
        "every_transition": 7,
        "months_try_out": 3,
        "every_try_out": 14,
        "months_transfer": 2,
        "every_transfer": 30,
    }
    assert client.post(reverse("programme_adapt", kwargs={"pk": programme.pk}), data).status_code == 302
    programme.refresh_from_db()
    assert programme.definition["phases"][0]["months"] == 4
    assert [a["key"] for a in programme.definition["areas_of_focus"]] == ["housing", "music_and_arts"]
    stale = client.post(reverse("programme_adapt", kwargs={"pk": programme.pk}), data)
    # A stale version answers the conflict page with both versions (puente.web.conflicts).
    assert stale.status_code == 409 and "Someone else saved this record" in stale.content.decode()


def test_enrolment_status_is_kept_for_the_instruments_app(world):
    enrolment = enrol(world, cti_programme(world))
    assert Enrolment.objects.filter(pk=enrolment.pk, status="active", start_date=days_ago(30)).exists()
