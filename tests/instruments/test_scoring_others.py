"""Hand-worked scores for COPM, RAS-R, CAMI, EMAS, ISMI and CAN, and change between administrations."""

from __future__ import annotations

import math

import numpy as np
import pytest

from puente.instruments.scoring import ResponseError, compare, compiled

NA = math.nan


def run(ident, rows):
    inst = compiled(ident)
    matrix = np.array(rows, dtype=float)
    inst.validate(matrix)
    return inst.score(matrix)


def copm_row(problems):
    """problems: list of (importance, performance, satisfaction); up to 5, rest left blank."""
    row = []
    for p in range(5):
        row.extend(problems[p] if p < len(problems) else (NA, NA, NA))
    return row


def test_copm_scores_are_means_over_rated_problems():
    # performance (3 + 5 + 4) / 3 = 4.0; satisfaction (2 + 4 + 3) / 3 = 3.0; importance not scored
    result = run("copm", [copm_row([(8, 3, 2), (6, 5, 4), (9, 4, 3)]), copm_row([])])
    assert result.values["performance"][0] == 4.0 and result.values["satisfaction"][0] == 3.0
    assert math.isnan(result.values["performance"][1])
    assert result.reasons()[1].startswith("performance: 5 of 5 items missing (at most 4 allowed)")


def test_copm_change_of_two_points_is_clinically_important():
    t1 = run("copm", [copm_row([(8, 3, 2), (6, 5, 4), (9, 4, 3), (5, 2, 2), (7, 3, 3)])])
    t2 = run("copm", [copm_row([(8, 5, 3), (6, 7, 5), (9, 6, 4), (5, 4, 3), (7, 5, 4)])])
    # performance 17/5 = 3.4 -> 27/5 = 5.4: +2.0 (float noise absorbed) -> important
    # satisfaction 14/5 = 2.8 -> 19/5 = 3.8: +1.0 -> not important
    change = compare(t1, t2)
    assert change["performance"]["delta"][0] == pytest.approx(2.0)
    assert change["performance"]["important"].tolist() == [True]
    assert change["satisfaction"]["important"].tolist() == [False]
    # a 2-point decline is flagged too (direction "any")
    assert compare(t2, t1)["performance"]["important"].tolist() == [True]


def test_ras_r_total_factors_and_missing_edges():
    full = [5] * 9 + [4] * 15  # items 1-9 answered 5, items 10-24 answered 4
    # 4 missing = 20% of 24: items 10, 22, 23, 24
    partial = list(full)
    for n in (10, 22, 23, 24):
        partial[n - 1] = NA
    five_missing = list(partial)
    five_missing[0] = NA
    result = run("ras_r", [full, partial, five_missing])
    v = result.values
    assert v["total"][0] == 105  # 9*5 + 15*4
    assert v["personal_confidence_hope"][0] == 5 and v["reliance_on_others"][0] == 4
    # answered: items 1-9 (45) + items 11-21 (11 * 4 = 44) = 89 over 20 items; prorated 89/20*24 = 106.8
    assert v["total"][1] == pytest.approx(106.8)
    assert math.isnan(v["willingness_ask_help"][1]) and math.isnan(v["no_domination_symptoms"][1])
    assert v["goal_success_orientation"][1] == 4
    assert math.isnan(v["total"][2])
    assert result.reasons()[2].startswith("total: 5 of 24 items missing (at most 4 allowed)")


def test_cami_reverse_scored_items_and_scale_sums():
    # Authoritarianism = items 1,5,9,13,17 (as worded) + 21,25,29,33,37 (reversed: 6 - answer)
    row = [3.0] * 40
    for n in (1, 5, 9, 13, 17):
        row[n - 1] = 5
    for n in (21, 25, 29, 33, 37):
        row[n - 1] = 1
    result = run("cami", [row, [4.0] * 40])
    assert result.values["authoritarianism"][0] == 50  # 5*5 + 5*(6-1)
    assert result.values["benevolence"][0] == 30  # 5*3 + 5*(6-3)
    assert result.values["community_mental_health_ideology"][1] == 30  # 5*4 + 5*(6-4)
    # 2 of 10 missing is prorated; 3 is not
    row[0] = row[4] = NA  # items 1 and 5: (3*5 + 5*5) / 8 * 10 = 50
    result = run("cami", [row])
    assert result.values["authoritarianism"][0] == 50
    row[8] = NA
    assert math.isnan(run("cami", [row]).values["authoritarianism"][0])


def test_emas_sum_and_prorating():
    row = [5, 4, 3, 2, 1, 5, 4, 3, 2, 1, 5, 4]  # 15 + 15 + 9 = 39
    two_missing = [NA, NA, 3, 2, 1, 5, 4, 3, 2, 1, 5, 4]  # 30 over 10 answered -> 30/10*12 = 36
    three_missing = [NA, NA, NA, 2, 1, 5, 4, 3, 2, 1, 5, 4]
    result = run("emas", [row, two_missing, three_missing, [5] * 12, [1] * 12])
    assert result.values["total"][:2].tolist() == [39, 36]
    assert math.isnan(result.values["total"][2])
    assert result.values["total"][3:].tolist() == [60, 12]


ISMI_RESISTANCE = (7, 14, 24, 26, 27)


def test_ismi_mean_reversed_resistance_and_cutoff_edge():
    row = [3.0] * 29
    for n in ISMI_RESISTANCE:
        row[n - 1] = 1  # reversed: 5 - 1 = 4
    result = run("ismi", [row])
    assert result.values["total"][0] == pytest.approx((24 * 3 + 5 * 4) / 29)  # 92/29 = 3.17
    assert result.values["alienation"][0] == 3 and result.values["stigma_resistance"][0] == 4
    assert result.bands("total")[0] == "elevated"

    # Exactly 2.5 is not above the cut-off: 28 answered, sum 70.
    # resistance items answered 2 -> 3 each (15);
    # 24 other items: one missing, 9 answered 3, 14 answered 2 (55)
    edge = [NA] * 29
    others = [n for n in range(1, 30) if n not in ISMI_RESISTANCE]
    for n in ISMI_RESISTANCE:
        edge[n - 1] = 2
    for i, n in enumerate(others[:-1]):
        edge[n - 1] = 3 if i < 9 else 2
    above = list(edge)
    above[others[10] - 1] = 3  # one more point: 71/28 = 2.536
    result = run("ismi", [edge, above])
    assert result.values["total"].tolist() == [2.5, pytest.approx(71 / 28)]
    assert result.bands("total").tolist() == ["below_cutoff", "elevated"]


def test_ismi_subscale_missing_rule():
    row = [2.0] * 29
    row[0] = NA  # alienation has 6 items: 1 missing allowed (20% of 6 = 1.2)
    result = run("ismi", [row])
    assert result.values["alienation"][0] == 2
    row[4] = NA  # second alienation item missing
    result = run("ismi", [row])
    assert math.isnan(result.values["alienation"][0])
    # total still scored (2 of 29 missing): 22 items at 2 and 5 resistance items at 5 - 2 = 3, over 27
    assert result.values["total"][0] == pytest.approx((22 * 2 + 5 * 3) / 27)


def test_can_counts_met_unmet_and_not_known():
    row = [1, 1, 1, 2, 2, 9] + [0] * 15 + [NA]  # 22 domains, last one not rated
    result = run("can", [row, [NA] * 22])
    v = result.values
    assert (v["met_needs"][0], v["unmet_needs"][0], v["total_needs"][0], v["not_known"][0]) == (3, 2, 5, 1)
    assert v["total_needs"][0] == v["met_needs"][0] + v["unmet_needs"][0]
    assert math.isnan(v["met_needs"][1])
    assert result.reasons()[1].startswith("met_needs: 22 of 22 items missing (at most 21 allowed)")


def test_can_rejects_codes_outside_the_scale():
    with pytest.raises(
        ResponseError,
        match=r"row 1, item can_02_food: 3 is not an answer on its scale "
        r"\(0-2 or special code 9\)",
    ):
        compiled("can").validate([[0, 3] + [0] * 20])


def test_scoring_is_vectorised_over_many_rows():
    rng = np.random.default_rng(11)
    matrix = rng.integers(1, 6, size=(10_000, 24)).astype(float)
    result = compiled("ras_r").score(matrix)
    assert np.array_equal(result.values["total"], matrix.sum(axis=1))
    assert np.allclose(result.values["personal_confidence_hope"], matrix[:, :9].mean(axis=1))
