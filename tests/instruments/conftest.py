"""Fixtures for the instruments app: a programme at sites A and B, a schedule, planned questionnaires."""

from __future__ import annotations

import datetime as dt

import pytest

from puente.instruments.models import Administration, Instrument, RespondentGroup
from puente.instruments.services import schedules
from puente.programs.models import Enrolment, Programme

SWLS_ANSWERS = {"swls_1": 5, "swls_2": 4, "swls_3": 6, "swls_4": 5, "swls_5": 3}  # total 23


def make_programme(world) -> Programme:
    programme = Programme.objects.create(code="test-programme", name="Test programme", kind="custom")
    programme.sites.add(world.site_a, world.site_b)
    return programme


def enrol(world, programme: Programme, participant, enrolled_on: dt.date) -> Enrolment:
    return Enrolment.objects.create(
        programme=programme,
        participant=participant,
        site=participant.site,
        enrolled_on=enrolled_on,
        start_date=enrolled_on,
        enrolled_by=world.coordinator,
    )


def schedule(world, programme: Programme, code: str, time_point: str = "T1", months: int = 0, group=None):
    return schedules.do_add_schedule_entry(
        actor=world.researcher,
        programme=programme,
        instrument=Instrument.objects.get(code=code),
        group=group or RespondentGroup.SERVICE_USER,
        time_point=time_point,
        months_after=months,
    )


def plan_service_user(world, programme, participant, *, days_ago: int = 3):
    enrolment = enrol(world, programme, participant, dt.date.today() - dt.timedelta(days=days_ago))
    return schedules.do_register_service_user(actor=world.coordinator, enrolment=enrolment)


@pytest.fixture
def programme(world) -> Programme:
    return make_programme(world)


@pytest.fixture
def swls_due(world, programme) -> Administration:
    """SWLS at T1 for own_participant (consented, supported by psw and cmhw), due now."""
    schedule(world, programme, "swls")
    respondent = plan_service_user(world, programme, world.own_participant)
    return Administration.objects.get(respondent=respondent, instrument__code="swls")
