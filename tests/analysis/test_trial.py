"""GEE and mixed-model trial analyses, checked against closed-form results for balanced data.

For a balanced design where every participant is seen at every time point and arm is constant
within participant, both models' fixed effects equal the cell-mean contrasts. The GEE robust
(sandwich) variance of a within-arm change then reduces to sum((d_i - dbar)^2) / n^2, whatever the
working correlation, and REML variance components equal the split-plot ANOVA estimators, so the
SE of an arm x time interaction is sqrt(2 sigma_e^2 (1/n_a + 1/n_b)).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from puente.analysis.stats import arm_time_design, gee_arm_time, mixed_arm_time
from puente.analysis.stats.results import StatsInputError

CONTROL = np.array(
    [[10.0, 11.0, 11.5], [8.0, 8.5, 10.0], [12.0, 12.5, 12.0], [9.0, 9.0, 11.0], [11.0, 13.0, 12.5]]
)
PEER = np.array(
    [
        [9.0, 11.0, 13.0],
        [10.0, 12.5, 13.5],
        [7.5, 9.0, 12.0],
        [11.0, 12.0, 15.0],
        [8.0, 11.5, 11.0],
        [10.5, 11.0, 14.5],
    ]
)


def _long(missing_row: bool = False) -> dict[str, list]:
    data: dict[str, list] = {"outcome": [], "arm": [], "time": [], "participant": []}
    for arm, mat in (("control", CONTROL), ("peer", PEER)):
        for i, row in enumerate(mat):
            for t, v in enumerate(row):
                data["outcome"].append(float(v))
                data["arm"].append(arm)
                data["time"].append(t)
                data["participant"].append(f"{arm}-{i}")
    if missing_row:
        for key, v in (("outcome", None), ("arm", "peer"), ("time", 2), ("participant", "peer-9")):
            data[key].append(v)
    return data


def _change(mat: np.ndarray, t: int) -> tuple[float, float]:
    d = mat[:, t] - mat[:, 0]
    return float(d.mean()), float(((d - d.mean()) ** 2).sum() / d.size**2)


def test_design_names() -> None:
    x, names = arm_time_design(["a", "b", "a"], [0, 1, 1])
    assert names == ["intercept", "arm[T.b]", "time[T.1]", "arm[T.b]:time[T.1]"]
    assert x.tolist() == [[1, 0, 0, 0], [1, 1, 1, 1], [1, 0, 1, 0]]


def test_gee_matches_closed_form() -> None:
    res = gee_arm_time(_long(missing_row=True))
    assert (res.n_obs, res.n_clusters, res.n_dropped) == (33, 11, 1)
    assert res.options["working_correlation"] == "exchangeable"
    for t in (1, 2):
        ma, va = _change(CONTROL, t)
        mb, vb = _change(PEER, t)
        row = res.coefficient(f"arm[T.peer]:time[T.{t}]")
        assert row.estimate == pytest.approx(mb - ma, abs=1e-8)
        assert row.se == pytest.approx(math.sqrt(va + vb), abs=1e-6)
        assert row.z == pytest.approx(row.estimate / row.se)
        assert row.ci_low == pytest.approx(row.estimate - 1.959963984540054 * row.se)
    assert res.coefficient("intercept").estimate == pytest.approx(CONTROL[:, 0].mean())


def test_mixed_model_matches_split_plot_anova() -> None:
    res = mixed_arm_time(_long())
    n_a, n_b, times = 5, 6, 3
    sse = ssu = 0.0
    for mat in (CONTROL, PEER):
        resid = mat - mat.mean(1, keepdims=True) - mat.mean(0, keepdims=True) + mat.mean()
        sse += float((resid**2).sum())
        ssu += times * float(((mat.mean(1) - mat.mean()) ** 2).sum())
    sigma_e = sse / ((n_a + n_b - 2) * (times - 1))
    sigma_u = (ssu / (n_a + n_b - 2) - sigma_e) / times
    assert sigma_u > 0
    assert res.extra["residual_variance"] == pytest.approx(sigma_e, rel=1e-4)
    assert res.extra["group_variance"] == pytest.approx(sigma_u, rel=1e-4)
    row = res.coefficient("arm[T.peer]:time[T.2]")
    assert row.estimate == pytest.approx(_change(PEER, 2)[0] - _change(CONTROL, 2)[0], abs=1e-6)
    assert row.se == pytest.approx(math.sqrt(2 * sigma_e * (1 / n_a + 1 / n_b)), rel=1e-4)
    arm = res.coefficient("arm[T.peer]")
    assert arm.se == pytest.approx(math.sqrt((sigma_u + sigma_e) * (1 / n_a + 1 / n_b)), rel=1e-4)
    assert res.to_dict()["coefficients"][0]["term"] == "intercept"


def test_trial_errors() -> None:
    with pytest.raises(StatsInputError):
        gee_arm_time(
            {"outcome": [1, 2, 3, 4], "arm": ["a"] * 4, "time": [0, 1, 0, 1], "participant": [1, 1, 2, 2]}
        )
    with pytest.raises(StatsInputError):
        mixed_arm_time({"outcome": [1.0]}, arm="arm")
