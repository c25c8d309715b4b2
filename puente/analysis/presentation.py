"""What the pages and the report show: formatted tables, SVG plots, sentences and the methods text."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from puente.analysis import narrative, plots
from puente.analysis.comparisons import Comparison
from puente.analysis.engine import EvaluationResult
from puente.analysis.formatting import EFFECT_NAMES, TEST_NAMES, num, outcome_label, p_text


def comparison_view(c: Comparison | None) -> dict | None:
    if c is None:
        return None
    return {
        "key": c.key,
        "levels": " – ".join(c.levels[:2]) if c.kind != "omnibus" else ", ".join(c.levels),
        "change": num(c.change),
        "test": str(TEST_NAMES.get(c.test, c.test)) if c.test else "",
        "statistic": f"{c.statistic_name} = {num(c.statistic)}" if c.statistic is not None else "",
        "df": c.df,
        "p": p_text(c.p),
        "p_adjusted": p_text(c.p_adjusted),
        "significant": c.p_adjusted is not None and c.p_adjusted < 0.05
        if c.kind == "pair"
        else (c.p or 1) < 0.05,
        "effect": f"{EFFECT_NAMES.get(c.effect_name, c.effect_name)} = {num(c.effect)}"
        if c.effect is not None
        else "",
        "choice": c.choice,
        "suggested": c.suggested,
        "reason": c.reason_text,
        "overridden": c.overridden,
        "error": c.error,
        "n": c.n,
        "kind": c.kind,
    }


def results_tables(result: EvaluationResult) -> list[dict]:
    """One table per group: the shape of seed 004's results by level of participation."""
    tps = list(result.data.time_points)
    sections = []
    for unit, label in result.units.items():
        rows = [r for r in result.rows if r.unit == unit]
        if not rows:
            continue
        pairs = []
        for r in rows:
            for c in r.pairs:
                if c.levels not in pairs:
                    pairs.append(c.levels)
        table_rows = []
        for r in rows:
            by_levels = {c.levels: c for c in r.pairs}
            table_rows.append(
                {
                    "outcome": outcome_label(result, r.instrument, r.score),
                    "cells": [
                        (f"{num(r.cells[tp].mean)} ({num(r.cells[tp].sd)})", r.cells[tp].n)
                        if tp in r.cells
                        else ("–", 0)
                        for tp in tps
                    ],
                    "changes": [comparison_view(by_levels.get(levels)) for levels in pairs],
                    "omnibus": comparison_view(r.omnibus),
                    "between": [comparison_view(c) for c in r.between],
                    "change_counts": r.change_counts,
                }
            )
        sections.append(
            {
                "unit": unit,
                "label": label,
                "time_points": tps,
                "pairs": [" – ".join(p) for p in pairs],
                "rows": table_rows,
            }
        )
    return sections


def plan_rows(result: EvaluationResult) -> list[dict]:
    out = []
    for c in result.comparisons():
        view = comparison_view(c)
        view.update(
            {
                "unit": result.units.get(c.unit, c.unit),
                "outcome": outcome_label(result, c.instrument, c.score),
            }
        )
        out.append(view)
    return out


def outcome_plots(result: EvaluationResult) -> list[str]:
    """One SVG per outcome: each group's mean and 95 % CI over time, over individual trajectories."""
    tps = list(result.data.time_points)
    svgs = []
    keys = []
    for row in result.rows:
        if (row.instrument, row.score) not in keys:
            keys.append((row.instrument, row.score))
    traj = result.trajectories
    for instrument, score in keys:
        series = []
        for unit, label in result.units.items():
            row = next(
                (r for r in result.rows if r.unit == unit and (r.instrument, r.score) == (instrument, score)),
                None,
            )
            if row is None:
                continue
            cells = [row.cells.get(tp) for tp in tps]
            lines = []
            if (unit, instrument, score) in traj.index.droplevel(3):
                block = traj.loc[(unit, instrument, score)]
                lines = [
                    [None if v != v else float(v) for v in values]
                    for values in block[tps].to_numpy().tolist()
                ]
            series.append(
                plots.PlotSeries(
                    label=label,
                    means=[c.mean if c else None for c in cells],
                    lows=[c.ci_low if c else None for c in cells],
                    highs=[c.ci_high if c else None for c in cells],
                    trajectories=lines,
                )
            )
        info = result.data.instruments.get(instrument)
        y_range = info.score(score).range if info else None
        svgs.append(
            plots.outcome_plot(
                outcome_label(result, instrument, score),
                tps,
                series,
                y_range=y_range,
                fmt=lambda v: number_format(v),
                y_label=_("score"),
            )
        )
    return svgs


def flow_svg(result: EvaluationResult) -> str:
    columns = []
    flow = result.flow
    for unit, label in result.units.items():
        if unit not in flow.index:
            continue
        rec = flow.loc[unit]
        boxes = [
            [
                _("Registered: %(n)s") % {"n": rec["registered"]},
                _("without research consent: %(n)s") % {"n": rec["excluded"]},
            ]
        ]
        for tp in result.data.time_points:
            counts = {
                state: int(rec.get(f"{tp}:{state}", 0))
                for state in ("completed", "overdue", "left", "not_due")
            }
            boxes.append(
                [
                    _("%(tp)s: answered %(n)s") % {"tp": tp, "n": counts["completed"]},
                    _("missing %(missing)s, left %(left)s, not yet due %(due)s")
                    % {"missing": counts["overdue"], "left": counts["left"], "due": counts["not_due"]},
                ]
            )
        columns.append(plots.FlowColumn(label, boxes))
    return plots.flow_diagram(_("Participant flow"), columns)


def missing_rows(result: EvaluationResult) -> list[dict]:
    out = []
    for rec in result.missing.itertuples(index=False):
        out.append(
            {
                "unit": result.units.get(rec.unit, rec.unit),
                "instrument": result.data.instruments[rec.instrument].abbreviation
                if rec.instrument in result.data.instruments
                else rec.instrument,
                "time_point": rec.time_point,
                "planned": rec.planned,
                "completed": rec.completed,
                "scored": rec.scored,
                "missing": rec.missing,
            }
        )
    return out


def trial_rows(result: EvaluationResult) -> list[dict]:
    out = []
    for t in result.trial:
        base = {
            "outcome": outcome_label(result, t.instrument, t.score),
            "model": _("GEE, clustered by %(cluster)s")
            % {"cluster": _("site") if result.options.trial_cluster == "site" else _("participant")}
            if t.model == "gee"
            else _("linear mixed model, random intercept per participant"),
            "error": t.error,
        }
        if t.result is None:
            out.append({**base, "rows": []})
            continue
        rows = [
            {
                "term": r.term,
                "estimate": num(r.estimate),
                "se": num(r.se),
                "z": num(r.z),
                "p": p_text(r.p),
                "ci": f"{num(r.ci_low)} – {num(r.ci_high)}",
            }
            for r in t.result.coefficients
        ]
        out.append({**base, "rows": rows, "n_obs": t.result.n_obs, "n_clusters": t.result.n_clusters})
    return out


def report_context(result: EvaluationResult) -> dict:
    return {
        "result": result,
        "tables": results_tables(result),
        "plan": plan_rows(result),
        "plots": outcome_plots(result),
        "flow": flow_svg(result),
        "missing": missing_rows(result),
        "trial": trial_rows(result),
        "sentences": narrative.sentences(result),
        "methods": narrative.methods_paragraph(result),
        "software": narrative.software_versions(),
        "excluded": result.data.excluded,
    }
