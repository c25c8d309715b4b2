"""The demo's CTI-TS trial has a first cohort followed to 18 months, with the gaps a real trial has."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest

from puente.accounts.models import User
from puente.demo import loader
from puente.instruments.models import Administration
from puente.instruments.selectors import due_administrations
from puente.programs.models import Enrolment


@pytest.fixture
def demo(db):
    assert loader.load_demo() is True
    return dt.date.today()


def test_the_first_cohort_is_followed_to_eighteen_months_with_some_visits_missed(demo):
    today = demo
    trial = Enrolment.objects.filter(programme__code="cti-ts-trial")
    first = trial.filter(enrolled_on__lte=today - dt.timedelta(days=570))
    assert {e.site.code for e in first} == {"santiago", "rio"}
    assert all(today - dt.timedelta(days=650) <= e.enrolled_on for e in first)  # 19-21 months ago
    intervention = [e for e in first if e.arm == "cti_ts"]
    # Their nine months of CTI are over: closed after the final meeting, or left for a stated reason.
    assert intervention and {e.status for e in intervention} == {"completed", "exited"}
    assert all(e.ended_on is not None and e.ended_on < today - dt.timedelta(days=200) for e in intervention)
    assert {e.exit_reason for e in intervention if e.status == "exited"} == {"moved"}
    assert {e.arm for e in first} == {"cti_ts", "usual_care"}

    visits: dict[tuple[str, str], set[str]] = defaultdict(set)
    for a in Administration.objects.filter(respondent__enrolment__in=first).select_related("respondent"):
        visits[(a.respondent.code, a.time_point)].add(a.status)
        assert a.status in ("completed", "retired"), "every visit of the first cohort is settled"
        assert a.status == "completed" or a.retired_reason, "a missing visit says why"
    # Both questionnaires of a visit share its fate.
    assert all(len(statuses) == 1 for statuses in visits.values())
    at_18 = [statuses.pop() for (_code, tp), statuses in visits.items() if tp == "M18"]
    assert len(at_18) == first.count()
    assert 1 <= at_18.count("retired") <= len(at_18) // 3  # a few lost to follow-up, not most
    baselines = [s for (_code, tp), s in visits.items() if tp == "BL"]
    assert baselines and all(s == {"completed"} for s in baselines)
    completed_at_18 = Administration.objects.filter(
        site__code__in=["santiago", "rio"], time_point="M18", status="completed"
    )
    assert set(completed_at_18.values_list("instrument__code", flat=True)) == {"whoqol_bref", "can"}
    assert set(completed_at_18.values_list("site__code", flat=True)) == {"santiago", "rio"}


def test_the_due_list_shows_only_visits_still_to_collect(demo):
    today = demo
    for username in ("coordinator.santiago", "coordinator.rio"):
        coordinator = User.objects.get(username=username)
        due = list(due_administrations(coordinator, today=today))
        assert all(a.status in ("planned", "in_progress") for a in due)
        # Nothing sits on the list after its window has closed: it was done, or recorded as missing.
        assert not due_administrations(coordinator, today=today, state="overdue").exists()
    assert Administration.objects.filter(time_point="M18", status="planned").exists()  # later cohort
