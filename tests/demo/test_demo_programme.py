from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from puente.accounts.models import User
from puente.audit.verify import verify_chain
from puente.demo import loader
from puente.people.models import Identity, Participant

HOME_HEADINGS = {
    "admin": "Administration",
    "coordinator.santiago": "Coordinator overview",
    "psw.santiago": "My caseload today",
    "cmhw.santiago": "My caseload today",
    "coordinator.rio": "Coordinator overview",
    "psw.rio": "My caseload today",
    "researcher": "Research overview",
    "trainer": "Training",
    "coordinator.vic": "Coordinator overview",
}


@pytest.fixture
def demo(db):
    assert loader.load_demo() is True


def test_the_demo_loads_once_and_is_reused(demo):
    assert loader.load_demo() is False
    assert Participant.objects.count() == 40
    assert set(Participant.objects.values_list("site__country", flat=True)) == {"CL", "BR", "ES"}


@pytest.mark.parametrize(("username", "heading"), sorted(HOME_HEADINGS.items()))
def test_each_demo_account_lands_on_its_home_page(demo, username, heading):
    client = Client()
    assert client.login(username=username, password=loader.DEMO_PASSWORD)
    body = client.get("/").content.decode()
    # Each account sees the page in its own language (Santiago staff in Spanish, Rio staff in Portuguese).
    language = User.objects.get(username=username).language
    with translation.override(language):
        assert f"<h1>{translation.gettext(heading)}</h1>" in body


def test_the_demo_has_varied_consent_and_locale_names(demo):
    states = set(Participant.objects.values_list("research_consent", flat=True))
    assert states == {True, False}
    rio_ids = Identity.objects.filter(participant__site__code="rio").values_list(
        "national_id_kind", flat=True
    )
    assert set(rio_ids) == {"cpf"}
    assert verify_chain().ok


def test_psw_rio_sees_no_santiago_participant(demo):
    client = Client()
    client.login(username="psw.rio", password=loader.DEMO_PASSWORD)
    for participant in Participant.objects.filter(site__code="santiago"):
        assert client.get(f"/participants/{participant.pk}/").status_code == 404
        assert client.get(f"/participants/{participant.pk}/identity/").status_code == 404


def test_every_demo_account_listed_exists(demo):
    names = {name for name, _description in loader.DEMO_ACCOUNTS}
    assert names == set(HOME_HEADINGS)
    assert User.objects.filter(username__in=names).count() == len(names)
