from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from puente.people import services
from puente.people.consent import ConsentRequired


def test_research_data_is_refused_without_consent(world):
    with pytest.raises(ConsentRequired, match="SCL-002 has no valid consent for research data collection"):
        services.check_research_consent(world.unassigned_participant)
    services.check_research_consent(world.own_participant)  # consented: no error


def test_research_data_is_refused_after_withdrawal(world):
    services.do_withdraw_consent(
        actor=world.coordinator,
        participant=world.own_participant,
        scopes=["research"],
        event_date=dt.date.today(),
    )
    with pytest.raises(ConsentRequired):
        services.check_research_consent(world.own_participant)


def test_consent_dated_before_the_form_was_in_use_is_refused(world):
    with pytest.raises(ValidationError, match="not yet in use"):
        services.do_give_consent(
            actor=world.coordinator,
            participant=world.unassigned_participant,
            form=world.form_a,
            scopes=["research"],
            event_date=dt.date.today() - dt.timedelta(days=400),
        )


def test_a_form_of_another_site_is_refused(world):
    from puente.people.models import ConsentForm

    form_b = ConsentForm.objects.get(site=world.site_b)
    with pytest.raises(ValidationError, match="another site"):
        services.do_give_consent(
            actor=world.coordinator,
            participant=world.unassigned_participant,
            form=form_b,
            scopes=["research"],
            event_date=dt.date.today(),
        )
