"""The caseload review reads every active enrolment's standing in one lean pass: the same phase, due date,
overdue days and past-the-end flag as the full Course, the same figures as counting Course by Course,
and one bounded page of rows however many participants a site has."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from django import forms
from django.urls import reverse

from puente.programs import definitions
from puente.programs.models import CaseloadReview, Contact, Enrolment, Phase
from puente.programs.selectors import overview
from puente.programs.selectors.delivery import course_for
from puente.programs.selectors.standing import active_programmes, active_standings
from puente.programs.services import contacts, teams
from puente.programs.services import enrolment as enrolments
from puente.programs.widgets import CheckboxSelectMultiple
from tests.conftest import client_for, make_participant
from tests.programs.helpers import TODAY, cti_programme, days_ago, enrol, team_a


def log(world, enrolment, days: int) -> Contact:
    return contacts.do_log_contact(
        actor=world.psw,
        enrolment=enrolment,
        contact_on=days_ago(days),
        kind="phone",
        attendees=["psw"],
        duration_minutes=20,
    )


def participant(world, n: int):
    return make_participant(world.coordinator, world.site_a, f"SCL-{800 + n}", consent_form=world.form_a)


@pytest.fixture
def mixed_site(world):
    """Enrolments at site A in every state the review distinguishes."""
    programme = cti_programme(world)
    team = team_a(world)
    made = {}
    # Contacted lately, with a team: on time.
    made["on_time"] = enrol(world, programme, participant(world, 1), start_days_ago=40)
    teams.do_assign_team(actor=world.coordinator, enrolment=made["on_time"], team=team, on=days_ago(35))
    log(world, made["on_time"], 2)
    # Last contact long ago, with a team: overdue.
    made["overdue"] = enrol(world, programme, participant(world, 2), start_days_ago=120)
    teams.do_assign_team(actor=world.coordinator, enrolment=made["overdue"], team=team, on=days_ago(110))
    log(world, made["overdue"], 100)
    # The latest contact retired: the one before counts, so it is overdue too.
    made["retired"] = enrol(world, programme, participant(world, 3), start_days_ago=90)
    log(world, made["retired"], 80)
    latest = log(world, made["retired"], 1)
    contacts.do_retire_contact(actor=world.coordinator, contact=latest, reason="Logged twice")
    # No contact and no team: waiting, and overdue from the start of its first phase.
    made["waiting"] = enrol(world, programme, participant(world, 4), start_days_ago=60)
    # Starting later: engagement, nothing due yet.
    made["future"] = enrolments.do_enrol(
        actor=world.coordinator,
        programme=programme,
        participant=participant(world, 5),
        enrolled_on=days_ago(5),
        first_visit_on=days_ago(30),
        start_date=days_ago(-20),
        rng=random.Random(1),
    )
    # No start date yet: engagement, due from the enrolment date.
    made["no_start"] = enrol(world, programme, participant(world, 6), start_days_ago=None)
    # Every phase over: past the end, counted in its last phase.
    made["past_end"] = enrol(world, programme, participant(world, 7), start_days_ago=800)
    teams.do_assign_team(actor=world.coordinator, enrolment=made["past_end"], team=team, on=days_ago(700))
    log(world, made["past_end"], 3)
    # A day between two phases (dates edited apart): it counts as the last phase, as course_of says.
    made["gap"] = enrol(world, programme, participant(world, 8), start_days_ago=100)
    phases = list(made["gap"].phases.order_by("order"))
    Phase.objects.filter(pk=phases[0].pk).update(ends_on=days_ago(10))
    Phase.objects.filter(pk=phases[1].pk).update(starts_on=days_ago(-5))
    # A trial: some participants are in the usual-care arm.
    trial = cti_programme(world, trial=True, code="trial")
    arms = Counter()
    for n in range(12):
        enrolment = enrol(world, trial, participant(world, 20 + n), start_days_ago=30, rng=random.Random(n))
        arms[definitions.arm_delivers_intervention(trial.definition, enrolment.arm)] += 1
    assert arms[True] and arms[False], arms
    # Closed enrolments are not in the review.
    made["exited"] = enrol(world, programme, participant(world, 9), start_days_ago=50)
    Enrolment.objects.filter(pk=made["exited"].pk).update(status="exited", exit_reason="drop_out")
    return made


def courses_the_long_way(site_ids: set[int]) -> dict[int, tuple[Enrolment, object]]:
    """Every active enrolment with its full Course, built one by one as the page used to."""
    result = {}
    for enrolment in Enrolment.objects.filter(site_id__in=site_ids, status="active"):
        latest = enrolment.contacts.filter(retired_at__isnull=True).order_by("-contact_on").first()
        last_contact = latest.contact_on if latest else None
        result[enrolment.pk] = (
            enrolment,
            course_for(enrolment, list(enrolment.phases.all()), last_contact, "en"),
        )
    return result


def figures_the_long_way(site_ids: set[int]) -> dict:
    per_phase: Counter[str] = Counter()
    overdue = waiting = 0
    courses = courses_the_long_way(site_ids)
    for enrolment, course in courses.values():
        if not definitions.arm_delivers_intervention(enrolment.programme.definition, enrolment.arm):
            per_phase["usual_care"] += 1
            continue
        per_phase[course.phase_name] += 1
        waiting += enrolment.team_id is None
        overdue += course.overdue
    return {"active": len(courses), "overdue": overdue, "waiting": waiting, "per_phase": dict(per_phase)}


def test_each_standing_matches_the_full_course(world, mixed_site):
    site_ids = {world.site_a.pk}
    expected = courses_the_long_way(site_ids)
    standings = active_standings(site_ids, active_programmes(site_ids, "en"), TODAY)
    assert {s.enrolment_id for s in standings} == set(expected)
    assert mixed_site["exited"].pk not in expected
    for standing in standings:
        enrolment, course = expected[standing.enrolment_id]
        receives = definitions.arm_delivers_intervention(enrolment.programme.definition, enrolment.arm)
        assert standing.receives == receives
        assert standing.phase_key == course.phase_key, enrolment
        assert standing.due_on == course.due_on, enrolment
        assert standing.overdue_days == course.overdue_days, enrolment
        assert standing.past_end == course.past_end, enrolment
    by_id = {s.enrolment_id: s for s in standings}
    # The fixture really covers the cases it names.
    assert by_id[mixed_site["overdue"].pk].overdue and by_id[mixed_site["retired"].pk].overdue
    assert not by_id[mixed_site["on_time"].pk].overdue
    assert by_id[mixed_site["future"].pk].phase_key == "engagement"
    assert by_id[mixed_site["past_end"].pk].past_end
    assert by_id[mixed_site["gap"].pk].phase_key == expected[mixed_site["gap"].pk][1].spans[-1].key


def test_the_review_figures_match_counting_course_by_course(world, mixed_site):
    site_ids = {world.site_a.pk}
    figures = overview.site_overview(world.coordinator, site_ids, "en").figures
    assert {k: figures[k] for k in ("active", "overdue", "waiting", "per_phase")} == figures_the_long_way(
        site_ids
    )
    assert figures["dropouts"] == 1 and figures["exits"] == 1
    assert set(figures) == {
        "active",
        "overdue",
        "waiting",
        "dropouts",
        "exits",
        "role_boundary_warnings",
        "per_phase",
    }


def test_the_lists_show_the_most_overdue_first_and_count_the_rest(world, mixed_site, monkeypatch):
    monkeypatch.setattr(overview, "ROWS_SHOWN", 1)
    result = overview.site_overview(world.coordinator, {world.site_a.pk}, "en")
    assert len(result.overdue) == 1
    assert result.overdue_more == result.figures["overdue"] - 1 > 0
    most = max(courses_the_long_way({world.site_a.pk}).values(), key=lambda pair: pair[1].overdue_days)
    assert result.overdue[0].course.overdue_days == most[1].overdue_days
    html = client_for(world.coordinator).get(reverse("caseload_review")).content.decode()
    assert f"and {result.overdue_more} more overdue" in html


def test_recording_a_review_keeps_the_site_figures_and_the_chosen_participants(world, mixed_site):
    client = client_for(world.coordinator)
    choices = overview.review_choices(overview.site_overview(world.coordinator, {world.site_a.pk}, "en"))
    chosen = [row.enrolment.pk for row in choices[:2]]
    response = client.post(
        reverse("caseload_review"),
        {
            "site": world.site_a.pk,
            "held_on": TODAY.isoformat(),
            "attendees": [world.psw.pk],
            "discussed": [str(pk) for pk in chosen],
            "notes": "Weekly review",
            "decisions": "",
        },
    )
    assert response.status_code == 302
    review = CaseloadReview.objects.get()
    assert sorted(review.discussed.values_list("pk", flat=True)) == sorted(chosen)
    expected = figures_the_long_way({world.site_a.pk})
    assert {k: review.figures[k] for k in expected} == expected


def test_the_review_offers_those_needing_attention_first(world, mixed_site, monkeypatch):
    monkeypatch.setattr(overview, "ROWS_SHOWN", 100)  # every row in the lists, to compare with
    result = overview.site_overview(world.coordinator, {world.site_a.pk}, "en")
    offered = [row.enrolment.pk for row in overview.review_choices(result)]
    assert len(offered) == min(overview.REVIEW_CHOICES, result.figures["active"])
    attention = [row.enrolment.pk for row in [*result.overdue, *result.waiting, *result.past_end]]
    assert offered[: len(set(attention))] == list(dict.fromkeys(attention))


def test_the_fast_checkbox_list_renders_what_django_renders():
    choices = [("1", "A & <b>"), ("2", "Bé"), ("group", [("3", "C"), ("4", 'D"q')])]

    class Stock(forms.Form):
        pick = forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple)

    class Fast(forms.Form):
        pick = forms.MultipleChoiceField(choices=choices, widget=CheckboxSelectMultiple)

    for data in (None, {"pick": ["1", "4"]}):
        assert str(Fast(data)["pick"]) == str(Stock(data)["pick"])
    assert Fast()["pick"].widget_type == "checkboxselectmultiple"


def test_the_demo_sites_figures_match_counting_course_by_course(programme_demo):
    from puente.accounts.models import Site, User

    site_ids = set(Site.objects.values_list("pk", flat=True))
    expected = courses_the_long_way(site_ids)
    standings = active_standings(site_ids, active_programmes(site_ids, "en"), TODAY)
    assert len(standings) == len(expected) > 0
    for standing in standings:
        course = expected[standing.enrolment_id][1]
        assert (standing.phase_key, standing.due_on, standing.overdue_days, standing.past_end) == (
            course.phase_key,
            course.due_on,
            course.overdue_days,
            course.past_end,
        )
    figures = overview.site_overview(User.objects.get(username="admin"), site_ids, "en").figures
    assert {k: figures[k] for k in ("active", "overdue", "waiting", "per_phase")} == figures_the_long_way(
        site_ids
    )
