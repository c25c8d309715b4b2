"""The workforce demo: the Catalan cohort of 16 (10 complete) and the CTI-TS workers of Santiago and Rio."""

from __future__ import annotations

import random

import pytest
from django.test import Client
from faker import Faker

from puente.accounts.models import Organisation, Site, User
from puente.audit.verify import verify_chain
from puente.demo import loader
from puente.workforce import demo as workforce_demo
from puente.workforce.models import (
    Accreditation,
    CheckIn,
    Cohort,
    LeaveRecord,
    Placement,
    SupervisionSession,
    WellbeingAlert,
)
from puente.workforce.selectors.flow import cohort_flow


def context_from_database() -> loader.DemoContext:
    sites = {site.code: site for site in Site.objects.all()}
    staff: dict[str, dict[str, list[User]]] = {}
    for code in sites:
        staff[code] = {
            role: list(
                User.objects.filter(username__in=[f"{role}.{code}", f"{role}2.{code}"]).order_by("username")
            )
            for role in ("coordinator", "psw", "cmhw")
        }
    fakers = {code: Faker(locale) for code, *_rest, locale in [(s[0], s[5]) for s in loader.SITES]}
    for code, fake in fakers.items():
        fake.seed_instance(len(code) * 7919)
    return loader.DemoContext(
        organisation=Organisation.objects.get(name=loader.DEMO_ORGANISATION),
        sites=sites,
        fakers=fakers,
        staff=staff,
        participants={},
        admin=User.objects.get(username="admin"),
        researcher=User.objects.get(username="researcher"),
        trainer=User.objects.get(username="trainer"),
        rng=random.Random(1),
    )


@pytest.fixture
def demo(db):
    assert loader.load_demo() is True
    if not Cohort.objects.exists():  # until the foundation loader runs the apps' loaders itself
        workforce_demo.load(context_from_database())


def test_the_catalan_cohort_has_16_trainees_of_whom_10_complete(demo):
    cohort = Cohort.objects.get(site__code="vic")
    assert cohort.enrollments.count() == 16 and cohort.sessions.count() == 10
    steps = cohort_flow(cohort)
    assert [step.count for step in steps] == [16, 14, 13, 12, 10]
    assert sum(exit.count for step in steps for exit in step.exits) == 6
    assert CheckIn.objects.filter(site__code="vic").count() > 200
    assert LeaveRecord.objects.filter(site__code="vic", kind="recovery", research_consent=False).count() == 1


def test_the_cti_ts_workers_are_accredited_placed_and_supervised(demo):
    for code in ("santiago", "rio"):
        for username in (f"psw.{code}", f"psw2.{code}"):
            worker = User.objects.get(username=username)
            assert Accreditation.objects.filter(
                enrollment__candidate__user=worker, revoked_on__isnull=True
            ).exists()
            assert Placement.objects.filter(
                worker=worker, outcome="ongoing", service_kind="cti_team"
            ).exists()
        assert SupervisionSession.objects.filter(site__code=code).count() == 26
    assert WellbeingAlert.objects.filter(worker__username="psw2.santiago", kind="worsening").exists()
    assert WellbeingAlert.objects.filter(worker__username="psw.rio", kind="missed").exists()
    assert verify_chain().ok


def test_the_demo_pages_open_for_their_people(demo):
    # The demo's staff work in their site's language; read these pages in English.
    User.objects.filter(username__startswith="coordinator.").update(language="en")
    client = Client()
    client.login(username="coordinator.santiago", password=loader.DEMO_PASSWORD)
    overview = client.get("/workforce/supervision/").content.decode()
    assert client.get("/workforce/wellbeing/alerts/").status_code == 200
    client.login(username="coordinator.rio", password=loader.DEMO_PASSWORD)
    overview = client.get("/workforce/supervision/").content.decode()
    psw2 = User.objects.get(username="psw2.rio")
    assert str(psw2) in overview.split("No supervision for two weeks")[1].split("Peer support workers")[0]
    client.login(username="trainer", password=loader.DEMO_PASSWORD)
    vic = Cohort.objects.get(site__code="vic")
    assert client.get(f"/workforce/cohorts/{vic.pk}/").status_code == 200
