"""Hand-worked SWLS and WHOQOL-BREF scores, including missing-data rules at their edges."""

from __future__ import annotations

import math

import numpy as np
import pytest

from puente.instruments.scoring import ResponseError, compiled

NA = math.nan


def score_one(ident, answers):
    inst = compiled(ident)
    matrix = np.array([answers], dtype=float)
    inst.validate(matrix)
    result = inst.score(matrix)
    return result, {k: float(v[0]) for k, v in result.values.items()}


# -- SWLS: total = sum of five 1-7 answers -------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "total", "band"),
    [
        ([1, 1, 1, 1, 1], 5, "extremely_dissatisfied"),  # 1+1+1+1+1
        ([2, 2, 2, 2, 1], 9, "extremely_dissatisfied"),  # top of 5-9
        ([2, 2, 2, 2, 2], 10, "dissatisfied"),  # bottom of 10-14
        ([3, 3, 3, 3, 2], 14, "dissatisfied"),
        ([3, 3, 3, 3, 3], 15, "slightly_dissatisfied"),
        ([4, 4, 4, 4, 3], 19, "slightly_dissatisfied"),
        ([4, 4, 4, 4, 4], 20, "neutral"),  # the single neutral score
        ([5, 4, 4, 4, 4], 21, "slightly_satisfied"),
        ([5, 5, 5, 5, 5], 25, "slightly_satisfied"),
        ([6, 5, 5, 5, 5], 26, "satisfied"),
        ([6, 6, 6, 6, 6], 30, "satisfied"),
        ([7, 6, 6, 6, 6], 31, "extremely_satisfied"),
        ([7, 7, 7, 7, 7], 35, "extremely_satisfied"),
    ],
)
def test_swls_total_and_diener_bands(answers, total, band):
    result, scores = score_one("swls", answers)
    assert scores["total"] == total
    assert result.bands("total")[0] == band
    assert result.reasons() == [""]


def test_swls_prorates_one_missing_item_and_refuses_two():
    # 1 of 5 missing = 20%: (6+6+6+6) / 4 answered * 5 items = 30
    result, scores = score_one("swls", [6, 6, 6, 6, NA])
    assert scores["total"] == 30 and result.bands("total")[0] == "satisfied"
    # (4+4+4+5) / 4 * 5 = 21.25: between published integer ranges, lower bound decides
    result, scores = score_one("swls", [4, 4, 4, 5, NA])
    assert scores["total"] == 21.25 and result.bands("total")[0] == "slightly_satisfied"
    # 2 of 5 missing = 40%: no score, and the reason says why
    result, scores = score_one("swls", [6, 6, 6, NA, NA])
    assert math.isnan(scores["total"])
    assert result.bands("total")[0] == ""
    assert result.reasons() == ["total: 2 of 5 items missing (at most 1 allowed)"]


def test_validation_names_row_item_and_scale():
    inst = compiled("swls")
    matrix = np.array([[1, 2, 3, 4, 5], [1, 2, 8, 4, 5], [1, 2, 3, 4, 0]], dtype=float)
    with pytest.raises(ResponseError) as caught:
        inst.validate(matrix)
    assert str(caught.value) == (
        "row 2, item swls_3: 8 is not an answer on its scale (1-7); 1 more invalid answer(s)"
    )
    assert caught.value.problems == [(1, "swls_3", 8.0), (2, "swls_5", 0.0)]
    with pytest.raises(ResponseError, match=r"row 1, item swls_1: 2\.5 is not an answer"):
        inst.validate([[2.5, 1, 1, 1, 1]])
    with pytest.raises(ResponseError, match="item swls_1: 9 is not an answer"):
        inst.validate([[9, 1, 1, 1, 1]])  # 9 is no special code on SWLS
    with pytest.raises(ValueError, match="expected a matrix with 5 item columns"):
        inst.validate([[1, 2, 3]])


# -- WHOQOL-BREF ---------------------------------------------------------------------------------


def whoqol(**answers):
    """Every item scores 4 unless given, e.g. whoqol(q3=2, q10=NA).

    Reversed items (3, 4, 26) are answered 2 so that they too score 6 - 2 = 4.
    """
    row = [4.0] * 26
    for n in (3, 4, 26):
        row[n - 1] = 2.0
    for key, value in answers.items():
        row[int(key[1:]) - 1] = value
    return row


def test_whoqol_domains_reverse_items_and_transforms():
    # q3=2 -> 6-2=4, q4=1 -> 6-1=5, q26=5 -> 6-5=1; every other item 4.
    result, s = score_one("whoqol_bref", whoqol(q3=2, q4=1, q26=5))
    # physical: (4 + 5 + 4*5) / 7 = 29/7; raw = 4 * 29/7 = 16.571...; 0-100 = (raw - 4) * 100/16
    assert s["physical"] == pytest.approx(4 * 29 / 7)
    assert s["physical_100"] == pytest.approx((4 * 29 / 7 - 4) * 100 / 16)  # 78.571...
    # psychological: (4*5 + 1) / 6 = 3.5; raw 14; 0-100 = 10 * 6.25 = 62.5
    assert s["psychological"] == pytest.approx(14) and s["psychological_100"] == pytest.approx(62.5)
    # social and environment: mean 4 -> raw 16 -> 75
    assert s["social"] == 16 and s["social_100"] == 75
    assert s["environment"] == 16 and s["environment_100"] == 75
    assert s["overall_qol"] == 4 and s["general_health"] == 4
    assert result.reasons() == [""]


def test_whoqol_extremes_map_to_4_20_and_0_100():
    _, low = score_one("whoqol_bref", [1.0] * 2 + [5, 5] + [1.0] * 21 + [5])  # reversed items at 5 -> 1
    _, high = score_one("whoqol_bref", [5.0] * 2 + [1, 1] + [5.0] * 21 + [1])
    for domain in ("physical", "psychological", "social", "environment"):
        assert low[domain] == 4 and low[f"{domain}_100"] == 0
        assert high[domain] == 20 and high[f"{domain}_100"] == 100


def test_whoqol_domain_scored_with_two_missing_not_three():
    # physical with q10 and q15 missing: (4 + 5 + 4 + 4 + 4) / 5 answered = 4.2 -> raw 16.8 -> 80
    result, s = score_one("whoqol_bref", whoqol(q3=2, q4=1, q10=NA, q15=NA))
    assert s["physical"] == pytest.approx(16.8) and s["physical_100"] == pytest.approx(80)
    result, s = score_one("whoqol_bref", whoqol(q10=NA, q15=NA, q16=NA))
    assert math.isnan(s["physical"]) and math.isnan(s["physical_100"])
    assert s["psychological"] == 16  # other domains unaffected
    assert result.reasons() == ["physical: 3 of 7 items missing (at most 2 allowed)"]


def test_whoqol_social_domain_allows_one_missing_not_two():
    _, s = score_one("whoqol_bref", whoqol(q20=NA, q21=5))  # (5 + 4) / 2 = 4.5 -> raw 18
    assert s["social"] == 18 and s["social_100"] == 87.5
    result, s = score_one("whoqol_bref", whoqol(q20=NA, q21=NA))
    assert math.isnan(s["social"])
    assert result.reasons() == ["social: 2 of 3 items missing (at most 1 allowed)"]


def test_whoqol_assessment_discarded_above_20_percent_missing():
    # 5 of 26 missing (19.2%): q10, q15 (physical), q5 (psych), q20 (social), q8 (environment)
    five = dict(q10=NA, q15=NA, q5=NA, q20=NA, q8=NA)
    result, s = score_one("whoqol_bref", whoqol(**five))
    assert s["physical"] == 16 and s["psychological"] == 16 and s["social"] == 16 and s["environment"] == 16
    assert result.reasons() == [""]
    # 6 of 26 missing (23.1%): the whole administration is discarded, even domains within their rule
    result, s = score_one("whoqol_bref", whoqol(**five, q9=NA))
    assert all(math.isnan(v) for v in s.values())
    assert result.reasons() == ["administration not scored: 6 of 26 items missing (at most 5 allowed)"]


def _whoqol_reference(row):
    """Row-at-a-time reading of the WHO rules, to cross-check the vectorised engine."""
    q = {i + 1: v for i, v in enumerate(row)}
    if sum(math.isnan(v) for v in row) > 5:
        return None
    for n in (3, 4, 26):
        q[n] = 6 - q[n]
    out = {}
    for name, items, limit in (
        ("physical", [3, 4, 10, 15, 16, 17, 18], 2),
        ("psychological", [5, 6, 7, 11, 19, 26], 2),
        ("social", [20, 21, 22], 1),
        ("environment", [8, 9, 12, 13, 14, 23, 24, 25], 2),
    ):
        answered = [q[n] for n in items if not math.isnan(q[n])]
        out[name] = 4 * sum(answered) / len(answered) if len(items) - len(answered) <= limit else None
    return out


def test_whoqol_vectorised_matches_row_by_row_reference():
    rng = np.random.default_rng(3)
    matrix = rng.integers(1, 6, size=(400, 26)).astype(float)
    matrix[rng.random(matrix.shape) < 0.12] = np.nan
    result = compiled("whoqol_bref").score(matrix)
    for r, row in enumerate(matrix.tolist()):
        expected = _whoqol_reference(row)
        for domain in ("physical", "psychological", "social", "environment"):
            got = result.values[domain][r]
            want = None if expected is None else expected[domain]
            if want is None:
                assert math.isnan(got)
            else:
                assert got == pytest.approx(want)
