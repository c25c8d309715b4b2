"""The instruments demo: Catalan T1/T2/T3 and CTI-TS baseline, 9 and 18 months, telling the seeds' story."""

from __future__ import annotations

import random
import statistics

import pytest

from puente.accounts.models import Organisation, Site, User
from puente.audit.verify import verify_chain
from puente.demo import loader
from puente.instruments import demo as instruments_demo
from puente.instruments.models import Administration, Respondent
from puente.people.models import Participant


def demo_context() -> loader.DemoContext:
    """The context the foundation hands to each app's demo loader, rebuilt from the loaded demo."""
    sites = {site.code: site for site in Site.objects.all()}
    staff = {
        code: {
            role: list(
                User.objects.filter(memberships__site=site, memberships__role=role).order_by("username")
            )
            for role in ("coordinator", "psw", "cmhw")
        }
        for code, site in sites.items()
    }
    participants = {
        code: list(Participant.objects.filter(site=site).order_by("study_code"))
        for code, site in sites.items()
    }
    return loader.DemoContext(
        organisation=Organisation.objects.get(name=loader.DEMO_ORGANISATION),
        sites=sites,
        fakers={},
        staff=staff,
        participants=participants,
        admin=User.objects.get(username="admin"),
        researcher=User.objects.get(username="researcher"),
        trainer=User.objects.get(username="trainer"),
        rng=random.Random(1),
    )


@pytest.fixture
def loaded(db):
    loader.load_demo()  # runs every app's demo loader, this one included
    if not Respondent.objects.exists():  # when the loaders are not wired in, run ours by hand
        instruments_demo.load(demo_context())


def mean_score(code: str, group: str, time_point: str, output: str = "total") -> float:
    values = [
        a.scores["values"][output]
        for a in Administration.objects.filter(
            instrument__code=code, respondent__group=group, time_point=time_point, status="completed"
        )
    ]
    return statistics.mean(values)


def test_psws_life_satisfaction_rises_after_training_and_ends_slightly_below_baseline(loaded):
    t1, t2, t3 = (mean_score("swls", "psw", tp) for tp in ("T1", "T2", "T3"))
    assert t2 > t1 > t3 and 0.5 < t1 - t3 < 4
    assert mean_score("emas", "psw", "T2") > mean_score("emas", "psw", "T1")
    assert (
        mean_score("copm", "psw", "T3", "performance") - mean_score("copm", "psw", "T2", "performance") >= 1
    )


def test_only_consented_service_users_answer_and_every_group_has_three_time_points(loaded):
    for respondent in Respondent.objects.filter(participant__isnull=False).select_related("participant"):
        assert respondent.participant.research_consent
    for group in ("psw", "service_user", "professional"):
        points = set(
            Administration.objects.filter(
                respondent__group=group, respondent__site__code="vic", status="completed"
            ).values_list("time_point", flat=True)
        )
        assert points == {"T1", "T2", "T3"}, group
    cti = set(
        Administration.objects.filter(site__code__in=["santiago", "rio"]).values_list(
            "instrument__code", "time_point"
        )
    )
    assert cti == {(c, t) for c in ("whoqol_bref", "can") for t in ("BL", "M9", "M18")}
    assert Administration.objects.filter(site__code="santiago", status="completed").exists()
    assert Administration.objects.filter(status__in=["planned", "in_progress"]).exists()  # something due


def test_the_demo_keeps_a_correction_with_its_reason_and_the_audit_chain(loaded):
    corrected = Administration.objects.get(
        respondent__code="VIC-PSW-01", instrument__code="swls", time_point="T1"
    )
    assert corrected.history.filter(reason__startswith="Transcription error").exists()
    assert verify_chain().ok
