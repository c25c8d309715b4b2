"""Schedules plan questionnaires with windows; consent gates them; staff enter and correct them on a page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from puente.audit.models import AuditEvent
from puente.instruments.models import Administration, Respondent, RespondentGroup, ResponseRevision
from puente.instruments.services import schedules
from tests.conftest import client_for
from tests.instruments.conftest import SWLS_ANSWERS, enrol, schedule


def test_add_months_keeps_the_day_or_takes_the_last_of_the_month():
    assert schedules.add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert schedules.add_months(dt.date(2024, 3, 15), 9) == dt.date(2024, 12, 15)
    assert schedules.add_months(dt.date(2024, 3, 15), 18) == dt.date(2025, 9, 15)


def test_a_schedule_plans_each_time_point_with_its_window(world, programme):
    schedule(world, programme, "whoqol_bref", "BL", 0)
    schedule(world, programme, "whoqol_bref", "M9", 9)
    enrolment = enrol(world, programme, world.own_participant, dt.date(2024, 3, 15))
    respondent = schedules.do_register_service_user(actor=world.coordinator, enrolment=enrolment)
    planned = list(respondent.administrations.order_by("months_after"))
    assert [(a.time_point, a.due_on) for a in planned] == [
        ("BL", dt.date(2024, 3, 15)),
        ("M9", dt.date(2024, 12, 15)),
    ]
    assert planned[1].window_opens_on == dt.date(2024, 12, 1)
    assert planned[1].window_closes_on == dt.date(2025, 1, 14)
    assert respondent.worker == world.psw  # the PSW is reminded
    # A time point added later is planned for people already registered.
    schedule(world, programme, "whoqol_bref", "M18", 18)
    assert respondent.administrations.count() == 3


def test_a_service_user_without_research_consent_is_refused_and_nothing_is_created(world, programme):
    schedule(world, programme, "swls")
    enrolment = enrol(world, programme, world.unassigned_participant, dt.date.today())
    before = (Respondent.objects.count(), Administration.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError, match="SCL-002 has no valid consent for research data collection"):
        schedules.do_register_service_user(actor=world.coordinator, enrolment=enrolment)
    assert (Respondent.objects.count(), Administration.objects.count(), AuditEvent.objects.count()) == before


def test_staff_answer_with_their_own_consent(world, programme):
    schedule(world, programme, "swls", group=RespondentGroup.PSW)
    without = schedules.do_register_staff_respondent(
        actor=world.coordinator,
        programme=programme,
        site=world.site_a,
        group=RespondentGroup.PSW,
        code="psw-01",
        user=world.psw,
        enrolled_on=dt.date.today(),
        language="es",
        research_consent=False,
    )
    assert without.code == "PSW-01" and without.administrations.count() == 0
    consented = schedules.do_record_respondent_consent(
        actor=world.coordinator, respondent=without, research_consent=True, recorded_on=dt.date.today()
    )
    assert consented.administrations.count() == 1


def test_staff_enter_a_questionnaire_on_the_form(world, swls_due):
    url = reverse("administration_enter", kwargs={"pk": swls_due.pk})
    client = client_for(world.data_entry)
    page = client.get(url).content.decode()
    # The form follows the instrument, in the respondent's language (Spanish at site A).
    assert "En la mayoría de los aspectos, mi vida se acerca a mi ideal." in page
    assert page.count('type="radio" name="answer-swls_1"') == 7
    posted = {f"answer-{k}": v for k, v in SWLS_ANSWERS.items()}
    response = client.post(url, {**posted, "version": swls_due.version, "action": "complete"})
    assert response.status_code == 302
    swls_due.refresh_from_db()
    assert swls_due.status == "completed" and swls_due.scores["values"]["total"] == 23


def test_the_form_refuses_an_answer_outside_the_scale_clearly(world, swls_due):
    url = reverse("administration_enter", kwargs={"pk": swls_due.pk})
    posted = {f"answer-{k}": v for k, v in SWLS_ANSWERS.items()} | {"answer-swls_3": "8"}
    before = (ResponseRevision.objects.count(), AuditEvent.objects.count())
    response = client_for(world.data_entry).post(url, {**posted, "version": swls_due.version})
    assert "Item 3: 8 is not an answer on its scale (1-7)." in response.content.decode()
    assert (ResponseRevision.objects.count(), AuditEvent.objects.count()) == before


def test_the_form_refuses_an_unknown_item_id_clearly(world, swls_due):
    url = reverse("administration_enter", kwargs={"pk": swls_due.pk})
    posted = {f"answer-{k}": v for k, v in SWLS_ANSWERS.items()} | {"answer-swls_extra": "2"}
    before = (ResponseRevision.objects.count(), AuditEvent.objects.count())
    response = client_for(world.data_entry).post(url, {**posted, "version": swls_due.version})
    assert "swls_extra is not an item of SWLS." in response.content.decode()
    assert (ResponseRevision.objects.count(), AuditEvent.objects.count()) == before


def test_a_worker_enters_for_their_own_participant_but_not_another_sites(world, swls_due):
    assert (
        client_for(world.psw).get(reverse("administration_enter", kwargs={"pk": swls_due.pk})).status_code
        == 200
    )
    response = client_for(world.other_psw).post(
        reverse("administration_enter", kwargs={"pk": swls_due.pk}), {"answer-swls_1": "1", "version": 1}
    )
    assert response.status_code == 404


def test_the_entry_page_explains_a_missing_consent_instead_of_showing_the_form(world, swls_due):
    from puente.people.services import do_withdraw_consent

    do_withdraw_consent(
        actor=world.coordinator,
        participant=world.own_participant,
        scopes=["research"],
        event_date=dt.date.today(),
    )
    page = client_for(world.coordinator).get(reverse("administration_enter", kwargs={"pk": swls_due.pk}))
    body = page.content.decode()
    assert "SCL-001 has no valid consent for research data collection" in body
    assert 'name="answer-swls_1"' not in body


def test_a_coordinator_builds_a_schedule_on_its_page(world, programme):
    client = client_for(world.coordinator)
    from puente.instruments.models import Instrument

    response = client.post(
        reverse("schedule_entry_add", kwargs={"pk": programme.pk}),
        {
            "instrument": Instrument.objects.get(code="ras_r").pk,
            "group": "psw",
            "time_point": "t2",
            "months_after": 6,
            "anchor": "start",
            "window_before_days": 14,
            "window_after_days": 30,
        },
    )
    assert response.status_code == 302
    body = client.get(reverse("schedule_detail", kwargs={"pk": programme.pk})).content.decode()
    assert "RAS-R" in body and "T2" in body
    assert (
        client_for(world.psw).get(reverse("schedule_entry_add", kwargs={"pk": programme.pk})).status_code
        == 403
    )


def test_a_coordinator_registers_a_psw_and_plans_a_service_user_on_the_pages(world, programme):
    schedule(world, programme, "swls", group=RespondentGroup.PSW)
    schedule(world, programme, "swls")
    client = client_for(world.coordinator)
    response = client.post(
        reverse("respondent_add", kwargs={"pk": programme.pk}),
        {
            "site": world.site_a.pk,
            "group": "psw",
            "code": "scl-psw-01",
            "user": world.psw.pk,
            "enrolled_on": dt.date.today().isoformat(),
            "language": "es",
            "research_consent": "on",
        },
    )
    assert response.status_code == 302
    staff = Respondent.objects.get(code="SCL-PSW-01")
    assert staff.research_consent and staff.administrations.count() == 1
    enrolment = enrol(world, programme, world.own_participant, dt.date.today())
    response = client.post(
        reverse("respondent_register", kwargs={"pk": programme.pk}), {"enrolment": enrolment.pk}
    )
    assert response.status_code == 302
    assert Respondent.objects.get(participant=world.own_participant).administrations.count() == 1
    body = client.get(reverse("schedule_detail", kwargs={"pk": programme.pk})).content.decode()
    assert "SCL-PSW-01" in body and "SCL-001" in body
