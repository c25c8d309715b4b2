"""The evaluation: descriptives, the analysis plan and its tests, the trial model, flow and missing data.

Works only on :class:`puente.analysis.data.EvaluationData`; group-bys run in pandas over all outcomes at
once, and the tests run once per comparison (not per respondent).
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import time

import numpy as np
import pandas as pd
from django.utils.translation import gettext as _

from puente.analysis import comparisons as cmp
from puente.analysis import stats
from puente.analysis.data import EvaluationData
from puente.analysis.options import EvaluationOptions
from puente.analysis.trial_analysis import TrialOutcome, trial_outcomes
from puente.instruments.models import RespondentGroup
from puente.programs.definitions import arms as programme_arms

SERVICE_USER = RespondentGroup.SERVICE_USER


@dataclasses.dataclass
class Cell:
    n: int
    mean: float
    sd: float | None
    ci_low: float | None
    ci_high: float | None
    median: float


@dataclasses.dataclass
class OutcomeRow:
    unit: str
    instrument: str
    score: str
    cells: dict[str, Cell]
    pairs: list[cmp.Comparison]
    omnibus: cmp.Comparison | None
    between: list[cmp.Comparison] = dataclasses.field(default_factory=list)
    change_counts: stats.ChangeCounts | None = None


@dataclasses.dataclass
class EvaluationResult:
    data: EvaluationData
    options: EvaluationOptions
    units: dict[str, str]  # unit key -> label, in display order
    rows: list[OutcomeRow]
    trial: list[TrialOutcome]
    flow: pd.DataFrame  # unit x (registered, consented, excluded) and per time point the states
    missing: pd.DataFrame  # unit x instrument x time point: planned, completed, scored, missing
    trajectories: pd.DataFrame  # unit, instrument, score, respondent x time points (a sample)
    seconds: float = 0.0

    def comparisons(self) -> list[cmp.Comparison]:
        out = []
        for row in self.rows:
            out += [*([row.omnibus] if row.omnibus else []), *row.pairs, *row.between]
        return out


def arm_labels(data: EvaluationData) -> dict[str, str]:
    from puente.analysis.data import localised

    return {a["key"]: localised(a.get("name")) or a["key"] for a in programme_arms(data.programme.definition)}


def unit_series(frame: pd.DataFrame, split_by_arm: bool) -> pd.Series:
    unit = frame["group"].astype(str)
    if split_by_arm and len(frame):
        armed = (frame["group"] == SERVICE_USER) & (frame["arm"] != "")
        unit = unit.where(~armed, SERVICE_USER + ":" + frame["arm"].astype(str))
    return unit


def unit_labels(keys: list[str], arms: dict[str, str]) -> dict[str, str]:
    groups = dict(RespondentGroup.choices)
    out = {}
    for key in sorted(
        keys, key=lambda k: (list(groups).index(k.split(":")[0]) if k.split(":")[0] in groups else 9, k)
    ):
        group, _sep, arm = key.partition(":")
        label = str(groups.get(group, group))
        out[key] = _("%(group)s, %(arm)s") % {"group": label, "arm": arms.get(arm, arm)} if arm else label
    return out


def describe_cells(scores: pd.DataFrame) -> pd.DataFrame:
    """n, mean, SD, 95 % CI and median per unit x instrument x score x time point, all at once."""
    grouped = scores.groupby(["unit", "instrument", "score", "time_point"], sort=False)["value"]
    table = grouped.agg(n="count", mean="mean", sd="std", median="median").reset_index()
    n = table["n"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        q = np.where(n > 1, stats_t_quantile(n - 1), np.nan)
        half = q * table["sd"].to_numpy() / np.sqrt(n)
    table["ci_low"] = table["mean"] - half
    table["ci_high"] = table["mean"] + half
    return table[table["n"] > 0]


def stats_t_quantile(df: np.ndarray) -> np.ndarray:
    from scipy import stats as sps

    return sps.t.ppf(0.975, np.maximum(df, 1))


def _none(value: float) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


def run_evaluation(data: EvaluationData, options: EvaluationOptions) -> EvaluationResult:
    started = time.perf_counter()
    arms = arm_labels(data)
    scores = data.scores.assign(unit=unit_series(data.scores, options.split_by_arm))
    scores = scores[scores["value"].notna()]
    admin = data.administrations.assign(unit=unit_series(data.administrations, options.split_by_arm))
    people = data.respondents.assign(unit=unit_series(data.respondents, options.split_by_arm))
    units = unit_labels(sorted(set(people["unit"])), arms)
    tps = list(data.time_points)

    cells: dict[tuple, Cell] = {}
    for rec in describe_cells(scores).itertuples(index=False):
        cells[(rec.unit, rec.instrument, rec.score, rec.time_point)] = Cell(
            int(rec.n),
            float(rec.mean),
            _none(rec.sd),
            _none(rec.ci_low),
            _none(rec.ci_high),
            float(rec.median),
        )

    wide = (
        scores.groupby(["unit", "instrument", "score", "respondent", "time_point"], sort=False)["value"]
        .mean()
        .unstack("time_point")
        .reindex(columns=tps)
    )
    rows: list[OutcomeRow] = []
    change_rules = _change_rules(data)
    for (unit, instrument, score), block in wide.groupby(level=[0, 1, 2], sort=False):
        matrix = block.to_numpy(dtype=float)
        present = [i for i in range(len(tps)) if (~np.isnan(matrix[:, i])).any()]
        row = OutcomeRow(
            unit,
            instrument,
            score,
            {
                tps[i]: cells[(unit, instrument, score, tps[i])]
                for i in present
                if (unit, instrument, score, tps[i]) in cells
            },
            [],
            None,
        )
        pairs = list(itertools.pairwise(present))
        if len(present) >= 3:
            pairs.append((present[0], present[-1]))
        for i, j in pairs:
            levels = (tps[i], tps[j])
            comparison = cmp.Comparison(
                cmp.comparison_key("pair", unit, instrument, score, levels),
                "pair",
                unit,
                instrument,
                score,
                levels,
            )
            cmp.paired(comparison, matrix[:, i], matrix[:, j], options.alpha, dict(options.overrides))
            row.pairs.append(comparison)
        if len(present) >= 3:
            levels = tuple(tps[i] for i in present)
            comparison = cmp.Comparison(
                cmp.comparison_key("omnibus", unit, instrument, score, levels),
                "omnibus",
                unit,
                instrument,
                score,
                levels,
            )
            cmp.omnibus(comparison, matrix[:, present], options.alpha, dict(options.overrides))
            row.omnibus = comparison
        threshold = change_rules.get((instrument, score))
        if threshold is not None and len(present) >= 2:
            try:
                row.change_counts = stats.change_counts(
                    matrix[:, present[0]], matrix[:, present[-1]], threshold
                )
            except stats.StatsInputError:
                row.change_counts = None
        rows.append(row)

    _between_arms(rows, wide, tps, options)
    _adjust(rows, options)
    order = {key: i for i, key in enumerate(units)}
    rows.sort(key=lambda r: (order.get(r.unit, 99), r.instrument, _score_order(data, r.instrument, r.score)))
    trial = trial_outcomes(scores, data, options, arms) if data.programme.is_trial else []
    result = EvaluationResult(
        data=data,
        options=options,
        units=units,
        rows=rows,
        trial=trial,
        flow=_flow(people, admin, tps),
        missing=_missing(admin, scores, tps),
        trajectories=_trajectories(wide),
    )
    result.seconds = time.perf_counter() - started
    return result


def _score_order(data: EvaluationData, instrument: str, score: str) -> int:
    info = data.instruments.get(instrument)
    ids = [s.id for s in info.scores] if info else []
    return ids.index(score) if score in ids else len(ids)


def _change_rules(data: EvaluationData) -> dict[tuple[str, str], float]:
    """Clinically important change thresholds named by the instrument definitions (e.g. COPM >= 2)."""
    return {(code, score): t for code, info in data.instruments.items() for score, t in info.change.items()}


def _between_arms(
    rows: list[OutcomeRow], wide: pd.DataFrame, tps: list[str], options: EvaluationOptions
) -> None:
    """Mann-Whitney or t test between two arms at each time point (more arms: the trial model only)."""
    arm_units = sorted({r.unit for r in rows if r.unit.startswith(SERVICE_USER + ":")})
    if not options.split_by_arm or len(arm_units) != 2:
        return
    first, second = arm_units
    by_key = {(r.unit, r.instrument, r.score): r for r in rows}
    for row in [r for r in rows if r.unit == second]:
        if (first, row.instrument, row.score) not in by_key:
            continue
        a = wide.loc[(first, row.instrument, row.score)]
        b = wide.loc[(second, row.instrument, row.score)]
        for tp in tps:
            if tp not in row.cells:
                continue
            comparison = cmp.Comparison(
                cmp.comparison_key("between", f"{first}~{second}", row.instrument, row.score, (tp,)),
                "between",
                row.unit,
                row.instrument,
                row.score,
                (tp, first, second),
            )
            cmp.between(
                comparison,
                a[tp].to_numpy(dtype=float),
                b[tp].to_numpy(dtype=float),
                options.alpha,
                dict(options.overrides),
            )
            row.between.append(comparison)


def _adjust(rows: list[OutcomeRow], options: EvaluationOptions) -> None:
    """Holm or Bonferroni across the family of pairwise change tests of the evaluation."""
    family = [c for r in rows for c in r.pairs if c.ok]
    if options.correction == "none" or not family:
        for c in family:
            c.p_adjusted = c.p
        return
    adjusted = stats.adjust_pvalues([c.p for c in family], options.correction, options.alpha)
    for c, p in zip(family, adjusted.p_adjusted, strict=True):
        c.p_adjusted = _none(p)


def _flow(people: pd.DataFrame, admin: pd.DataFrame, tps: list[str]) -> pd.DataFrame:
    base = people.groupby("unit").agg(registered=("respondent", "size"), consented=("consented", "sum"))
    base["excluded"] = base["registered"] - base["consented"]
    if admin.empty:
        return base
    # A person counts at a time point by their best state over the instruments they were given.
    rank = {"completed": 0, "overdue": 1, "left": 2, "not_due": 3}
    coded = admin.assign(rank=admin["state"].map(rank))
    best = coded.groupby(["unit", "time_point", "respondent"])["rank"].min().reset_index()
    counts = best.groupby(["unit", "time_point", "rank"]).size().unstack(["time_point", "rank"], fill_value=0)
    names = {v: k for k, v in rank.items()}
    counts.columns = [f"{tp}:{names[r]}" for tp, r in counts.columns]
    flow = base.join(counts, how="left").fillna(0)
    for tp in tps:
        for state in rank:
            flow[f"{tp}:{state}"] = flow.get(f"{tp}:{state}", 0)
    return flow.astype(int)


def _missing(admin: pd.DataFrame, scores: pd.DataFrame, tps: list[str]) -> pd.DataFrame:
    if admin.empty:
        return pd.DataFrame(
            columns=["unit", "instrument", "time_point", "planned", "completed", "scored", "missing"]
        )
    due = admin[admin["state"] != "not_due"]
    table = due.groupby(["unit", "instrument", "time_point"]).agg(
        planned=("state", "size"), completed=("state", lambda s: int((s == "completed").sum()))
    )
    scored = scores.groupby(["unit", "instrument", "time_point"])["respondent"].nunique().rename("scored")
    table = table.join(scored, how="left").fillna(0).astype(int)
    table["missing"] = table["planned"] - table["scored"]
    table = table.reset_index()
    table["order"] = table["time_point"].map({tp: i for i, tp in enumerate(tps)})
    return table.sort_values(["unit", "instrument", "order"]).drop(columns="order")


TRAJECTORY_SAMPLE = 40


def _trajectories(wide: pd.DataFrame) -> pd.DataFrame:
    """At most TRAJECTORY_SAMPLE people per outcome (the first by code): enough to see the spread."""
    if wide.empty:
        return wide
    return wide.groupby(level=[0, 1, 2], sort=False, group_keys=False).head(TRAJECTORY_SAMPLE)
