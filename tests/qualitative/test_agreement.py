"""Agreement statistics: published reference values and hand-counted tables."""

from __future__ import annotations

import pytest

from puente.qualitative.agreement import compare_coders, interpret_alpha, interpret_kappa
from puente.qualitative.agreement_stats import (
    cohen_kappa,
    cohen_kappa_2x2,
    krippendorff_alpha_2x2,
    krippendorff_alpha_nominal,
    percent_agreement,
)
from puente.qualitative.agreement_unitized import unitized_alpha

approx = pytest.approx

# ---- Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", worked examples ----------


def test_krippendorff_binary_two_observers():
    # Section A: binary data, two observers, no missing data; the paper reports alpha = 0.095.
    a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    assert krippendorff_alpha_nominal(a, b) == approx(0.095, abs=5e-4)
    # same data as a 2x2 table: both=1 (unit 2), a_only=1 (unit 9), b_only=3 (units 1,3,6), neither=5
    assert krippendorff_alpha_2x2(1, 1, 3, 5) == approx(1 - 19 * 4 / (14 * 6))
    assert krippendorff_alpha_2x2(1, 1, 3, 5) == approx(0.095, abs=5e-4)


def test_krippendorff_nominal_two_observers():
    # Section B: nominal data, two observers, no missing data, 12 units; the paper reports alpha = 0.692.
    a = list("aabbdcccedda")
    b = list("babbbcccedd" + "d")
    assert krippendorff_alpha_nominal(a, b) == approx(0.692, abs=5e-4)


# ---- Cohen's kappa, textbook tables -----------------------------------------------------------


def test_cohen_kappa_gerstman_xray_example():
    # Gerstman, Epidemiology Kept Simple, Illustrative Example 10.1: a=1467, d=16232, N=19790,
    # rater A positives f1=2249, rater B positives g1=2776 -> p_o=.8943, p_e=.7780, kappa=.524.
    both, neither = 1467, 16232
    a_only, b_only = 2249 - both, 2776 - both
    assert both + a_only + b_only + neither == 19790
    assert percent_agreement(both, a_only, b_only, neither) == approx(0.8943, abs=5e-5)
    assert cohen_kappa_2x2(both, a_only, b_only, neither) == approx(0.524, abs=5e-4)


@pytest.mark.parametrize(
    ("table", "kappa"),
    [((40, 9, 6, 45), 0.70), ((80, 10, 5, 5), 0.32)],
    ids=["paradox-A", "paradox-B"],
)
def test_cohen_kappa_feinstein_cicchetti_paradox(table, kappa):
    # Feinstein & Cicchetti (1990), as tabulated by Gerstman (Table 10.6): both have p_o = .85.
    assert percent_agreement(*table) == approx(0.85)
    assert cohen_kappa_2x2(*table) == approx(kappa, abs=5e-3)


def test_cohen_kappa_categorical_matches_2x2():
    a = [1] * 20 + [1] * 5 + [0] * 10 + [0] * 15
    b = [1] * 20 + [0] * 5 + [1] * 10 + [0] * 15
    # both=20, a_only=5, b_only=10, neither=15: p_o=.70, p_e=.25*... = .50, kappa=.40
    assert cohen_kappa(a, b) == approx(0.4)
    assert cohen_kappa_2x2(20, 5, 10, 15) == approx(0.4)


# ---- Krippendorff (2004) unitized alpha, the paper's worked example ----------------------------
# Continuum 150..450 (L = 300), shifted here to 0..300. Code c: coder i marks 225-295 and 370-400,
# coder j marks 220-300, 355-375 and 400-420. Code k: both mark 180-240 and 300-350.
# Reference values: D_o(c) = .0144, D_e(c) = .0532, alpha_c = .7285 (.729 from the rounded figures);
# D_e(k) = .0490, alpha_k = 1.


def test_unitized_alpha_krippendorff_2004_code_c():
    alpha = unitized_alpha(300, [(75, 145), (220, 250)], [(70, 150), (205, 225), (250, 270)])
    assert alpha == approx(1 - 0.0144 / 0.0532, abs=2e-3)
    assert alpha == approx(0.7285, abs=2e-4)


def test_unitized_alpha_krippendorff_2004_code_k():
    spans = [(30, 90), (150, 200)]
    assert unitized_alpha(300, spans, spans) == 1.0


def test_unitized_alpha_disagreement_hand_worked():
    # L=10, A codes [0,5), B codes [5,10): no overlap, each unit lies in the other's gap.
    # D_o = 2*(5^2 + 5^2) / (2*1*100) = 0.5
    # D_e: N=2, valued lengths 5,5; gaps: A [5,10) = 5, B [0,5) = 5.
    #   within = (1/3)*(2*125 - 75 + 5) = 60 per unit; fit = sum over gaps (5-5+1) = 2 -> 25*2 = 50
    #   numerator = (2/10) * 2 * (60 + 50) = 44; denominator = 20*19 - 2*(25-5) = 340; D_e = 0.12941
    # alpha_U = 1 - 0.5/0.12941 = -2.8636
    assert unitized_alpha(10, [(0, 5)], [(5, 10)]) == approx(1 - 0.5 / (44 / 340))


def test_unitized_alpha_undefined_without_units():
    assert unitized_alpha(100, [], []) is None


# ---- character-level comparison, hand-counted -------------------------------------------------


def test_hand_counted_tiny_documents():
    # doc1 (10 chars)  0123456789      doc2 (20 chars)
    # A, code x:       xxxxxxxx..  ([0,5) and [3,8) overlap -> merged [0,8))
    # B, code x:       ..xxxx....
    # x: both = 4 (2-5), a_only = 4 (0,1,6,7), b_only = 0, neither = 2 in doc1 + 20 in doc2 = 22
    # A, code y: doc2 [0,10); B, code y: doc2 [5,15)
    # y: both = 5 (5-9), a_only = 5 (0-4), b_only = 5 (10-14), neither = 5 (15-19) + 10 in doc1 = 15
    docs = {"d1": 10, "d2": 20}
    a = {"d1": [("x", 0, 5), ("x", 3, 8)], "d2": [("y", 0, 10)]}
    b = {"d1": [("x", 2, 6)], "d2": [("y", 5, 15)]}
    report = compare_coders(docs, a, b)
    rows = {r.code: r for r in report.per_code}
    assert (rows["x"].both, rows["x"].a_only, rows["x"].b_only, rows["x"].neither) == (4, 4, 0, 22)
    assert (rows["y"].both, rows["y"].a_only, rows["y"].b_only, rows["y"].neither) == (5, 5, 5, 15)
    # x: p_o = 26/30; p_e = (8/30)(4/30) + (22/30)(26/30) = 604/900; kappa = (780-604)/(900-604)
    assert rows["x"].percent_agreement == approx(26 / 30)
    assert rows["x"].cohen_kappa == approx(176 / 296)
    # y: n = 60 values, n1 = 20, n0 = 40, disagreements 10: alpha = 1 - 59*10/(40*20)
    assert rows["y"].krippendorff_alpha == approx(1 - 59 * 10 / 800)
    # pooled: both 9, a_only 9, b_only 5, neither 37
    o = report.overall
    assert (o.both, o.a_only, o.b_only, o.neither) == (9, 9, 5, 37)
    assert o.cohen_kappa == approx(cohen_kappa_2x2(9, 9, 5, 37))
    d = report.to_dict()
    assert d["units"] == "characters"
    assert set(d["per_code"][0]) >= {
        "code",
        "both",
        "a_only",
        "b_only",
        "neither",
        "percent_agreement",
        "cohen_kappa",
        "krippendorff_alpha",
    }


def test_only_documents_both_coded_count_by_default():
    docs = {"d1": 10, "d2": 1000}
    a = {"d1": [("x", 0, 5)], "d2": [("x", 0, 10)]}
    b = {"d1": [("x", 0, 5)]}
    assert compare_coders(docs, a, b).characters == 10
    assert compare_coders(docs, a, b, documents="either").characters == 1010


def test_identical_coding():
    docs = {"d": 100}
    spans = {"d": [("x", 10, 40), ("y", 50, 60)]}
    report = compare_coders(docs, spans, spans)
    for row in report.per_code:
        assert row.a_only == row.b_only == 0
        assert row.percent_agreement == 1.0
        assert row.cohen_kappa == 1.0
        assert row.krippendorff_alpha == 1.0
        assert row.krippendorff_alpha_u == 1.0


def test_code_nobody_used_has_undefined_kappa_and_alpha():
    # Listed code z never used: everything is "neither"; p_e = 1, so kappa and alpha are undefined,
    # while percent agreement is 1.
    report = compare_coders({"d": 50}, {"d": [("x", 0, 5)]}, {"d": [("x", 0, 5)]}, codes=["x", "z"])
    z = next(r for r in report.per_code if r.code == "z")
    assert (z.both, z.a_only, z.b_only, z.neither) == (0, 0, 0, 50)
    assert z.percent_agreement == 1.0
    assert z.cohen_kappa is None and z.krippendorff_alpha is None and z.krippendorff_alpha_u is None


def test_whole_document_coded_by_both_is_undefined_kappa():
    row = compare_coders({"d": 10}, {"d": [("x", 0, 10)]}, {"d": [("x", 0, 10)]}).per_code[0]
    assert row.both == 10 and row.cohen_kappa is None and row.krippendorff_alpha is None


def test_no_overlap():
    # A codes 0-10, B codes 10-20 of 40: both 0, a_only 10, b_only 10, neither 20.
    # p_o = .5, p_e = .25*.25 + .75*.75 = .625, kappa = -.125/.375 = -1/3
    row = compare_coders({"d": 40}, {"d": [("x", 0, 10)]}, {"d": [("x", 10, 20)]}).per_code[0]
    assert (row.both, row.a_only, row.b_only, row.neither) == (0, 10, 10, 20)
    assert row.cohen_kappa == approx(-1 / 3)
    assert row.krippendorff_alpha < 0
    assert interpret_kappa(row.cohen_kappa) == "poor"


def test_overlapping_spans_of_same_coder_merge():
    one = compare_coders({"d": 30}, {"d": [("x", 0, 20)]}, {"d": [("x", 5, 15)]}).per_code[0]
    many = compare_coders(
        {"d": 30}, {"d": [("x", 0, 10), ("x", 5, 15), ("x", 12, 20), ("x", 0, 3)]}, {"d": [("x", 5, 15)]}
    ).per_code[0]
    assert one == many


def test_spans_out_of_range_rejected():
    with pytest.raises(ValueError, match="outside"):
        compare_coders({"d": 10}, {"d": [("x", 0, 11)]}, {"d": [("x", 0, 5)]})
    with pytest.raises(ValueError, match="outside"):
        compare_coders({"d": 10}, {"d": [("x", 6, 5)]}, {"d": [("x", 0, 5)]})


@pytest.mark.parametrize(
    ("kappa", "label"),
    [
        (-0.1, "poor"),
        (0.0, "slight"),
        (0.2, "slight"),
        (0.21, "fair"),
        (0.5, "moderate"),
        (0.7, "substantial"),
        (0.81, "almost perfect"),
        (1.0, "almost perfect"),
        (None, "undefined"),
    ],
)
def test_landis_koch_bands(kappa, label):
    assert interpret_kappa(kappa) == label


@pytest.mark.parametrize(
    ("alpha", "label"),
    [
        (0.9, "reliable"),
        (0.800, "reliable"),
        (0.75, "tentative"),
        (0.667, "tentative"),
        (0.5, "unreliable"),
        (None, "undefined"),
    ],
)
def test_krippendorff_thresholds(alpha, label):
    assert interpret_alpha(alpha) == label


def test_benchmark_budget():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_agreement.py"
    spec = importlib.util.spec_from_file_location("bench_agreement", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    result = module.run()
    assert result["agreement_seconds"] <= 5.0
