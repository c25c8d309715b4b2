"""The accreditation rule at its edges, the curricula shipped as data, and the strain trend."""

from __future__ import annotations

from decimal import Decimal

import pytest

from puente.workforce import curricula, rules, trend

CATALAN = curricula.get("catalan_peer_programme").rule
CTI_TS = curricula.get("cti_ts").rule


def sessions(present: int, absent: int = 0, excused: int = 0, hours: int = 4):
    return [(hours, "present")] * present + [(hours, "absent")] * absent + [(hours, "excused")] * excused


def test_exactly_80_percent_meets_the_catalan_rule():
    progress = rules.progress(CATALAN, sessions(8, absent=2), practice_done=True)
    assert progress.percent == Decimal("80.0")
    assert progress.met


def test_one_session_short_of_80_percent_does_not():
    progress = rules.progress(CATALAN, sessions(7, absent=3), practice_done=True)
    assert not progress.attendance_met and not progress.met
    assert progress.still_needed == Decimal("1.0")


def test_excused_absences_do_not_count_where_the_curriculum_says_so():
    progress = rules.progress(CATALAN, sessions(7, excused=1, absent=2), practice_done=True)
    assert not progress.met


def test_excused_absences_count_where_the_curriculum_allows_them():
    six_modules = [
        (6, "present"),
        (9, "present"),
        (9, "excused"),
        (9, "present"),
        (9, "present"),
        (12, "absent"),
    ]
    progress = rules.progress(CTI_TS, six_modules, practice_done=True)
    assert progress.basis == "hours"
    assert progress.attended == 42 and progress.total == 54
    assert not progress.met  # 42 / 54 = 77.8 %
    enough = [(6, "present"), (9, "present"), (9, "excused"), (9, "present"), (9, "absent"), (12, "present")]
    assert rules.progress(CTI_TS, enough, practice_done=True).met  # 45 / 54 = 83.3 %


def test_practice_is_needed_on_top_of_attendance():
    progress = rules.progress(CATALAN, sessions(10), practice_done=False)
    assert progress.attendance_met and not progress.met


def test_a_session_without_a_record_counts_as_not_attended():
    progress = rules.progress(CATALAN, [(4, None)] * 2 + [(4, "present")] * 8, practice_done=True)
    assert progress.met and progress.total == 10


def test_the_shipped_curricula_match_the_programmes():
    cti = curricula.get("cti_ts")
    assert cti.total_hours == 54 and len(cti.modules) == 6
    catalan = curricula.get("catalan_peer_programme")
    assert len(catalan.modules) == 10 and {m.hours for m in catalan.modules} == {4}
    assert catalan.rule["min_attendance_percent"] == 80
    assert catalan.title("ca").startswith("Formació")


def test_a_curriculum_whose_hours_do_not_add_up_is_refused():
    bad = {
        "key": "bad",
        "version": "1",
        "title": {"en": "Bad"},
        "total_hours": 10,
        "session_interval_days": 7,
        "accreditation": {
            "basis": "sessions",
            "min_attendance_percent": 80,
            "excused_counts_as_attended": False,
            "practice_required": False,
        },
        "modules": [{"key": "a", "title": {"en": "A"}, "hours": 4, "outcomes": []}],
    }
    with pytest.raises(curricula.CurriculumError, match="add up"):
        curricula.parse(bad)
    with pytest.raises(curricula.CurriculumError):
        curricula.parse({**bad, "modules": [{"key": "a", "title": {"xx": "A"}, "hours": 10, "outcomes": []}]})


def test_strain_goes_from_0_to_100():
    assert trend.strain(stress=1, workload=1, sleep=5, support=5) == 0
    assert trend.strain(stress=5, workload=5, sleep=1, support=1) == 100
    with pytest.raises(ValueError):
        trend.strain(stress=6, workload=1, sleep=1, support=1)


def test_worsening_is_a_high_score_or_a_steady_rise():
    assert trend.is_worsening([Decimal(10), Decimal(80)])
    assert trend.is_worsening([Decimal(20), Decimal(30), Decimal(45)])
    assert not trend.is_worsening([Decimal(20), Decimal(35), Decimal(30)])
    assert not trend.is_worsening([Decimal(20), Decimal(25), Decimal(30)])
