"""`puente stats`: SPSS-compatible statistics on a CSV file, as JSON or as readable tables.

Each subcommand reads ``--input`` (a CSV with a header row; blank cells are missing values), runs
one analysis from :mod:`puente.analysis.stats` and prints either a table laid out like SPSS output
or, with ``--json``, a flat object with lower_snake_case keys. Every output says how many cases
were dropped for missing values (``n_dropped``).
"""

from __future__ import annotations

import argparse
import csv
import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from puente.analysis import stats as st
from puente.cli import UsageError, print_json


def _read_csv(path: str) -> tuple[list[str], list[dict[str, str]]]:
    p = Path(path)
    if not p.is_file():
        raise UsageError(f"input file not found: {path}")
    try:
        with p.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            header = [h.strip() for h in (reader.fieldnames or [])]
            rows = [
                {(k or "").strip(): (v or "").strip() if isinstance(v, str) else "" for k, v in r.items()}
                for r in reader
            ]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise UsageError(f"cannot read {path}: {exc}") from exc
    if not header:
        raise UsageError(f"{path} has no header row")
    return header, rows


def _check_columns(header: list[str], names: Sequence[str]) -> None:
    for name in names:
        if name not in header:
            raise UsageError(f"unknown column {name!r} (columns: {', '.join(header)})")


def _numeric(rows: list[dict[str, str]], column: str) -> np.ndarray:
    out = np.empty(len(rows))
    for i, row in enumerate(rows):
        cell = row.get(column, "")
        if cell == "":
            out[i] = np.nan
            continue
        try:
            value = float(cell)
        except ValueError:
            raise UsageError(f"row {i + 2}, column {column!r}: {cell!r} is not a number") from None
        if not math.isfinite(value):
            raise UsageError(f"row {i + 2}, column {column!r}: {cell!r} is not a finite number")
        out[i] = value
    return out


def _load(
    args: argparse.Namespace, numeric: Sequence[str], other: Sequence[str] = ()
) -> tuple[dict[str, np.ndarray], list[dict[str, str]]]:
    header, rows = _read_csv(args.input)
    _check_columns(header, [*numeric, *other])
    return {c: _numeric(rows, c) for c in numeric}, rows


def _complete(cols: dict[str, np.ndarray], names: Sequence[str]) -> np.ndarray:
    """Mask of cases complete on ``names``, after checking there are enough and none is constant."""
    mask = np.ones(len(next(iter(cols.values()))), dtype=bool)
    for name in names:
        mask &= ~np.isnan(cols[name])
    if mask.sum() < 2:
        raise UsageError(f"fewer than 2 complete cases ({int(mask.sum())})")
    for name in names:
        if np.ptp(cols[name][mask]) == 0:
            raise UsageError(f"column {name!r} is constant")
    return mask


def _split_columns(text: str, minimum: int) -> list[str]:
    names = [c.strip() for c in text.split(",") if c.strip()]
    if len(names) < minimum:
        raise UsageError(f"--columns needs at least {minimum} column names separated by commas")
    if len(set(names)) != len(names):
        raise UsageError("--columns names a column twice")
    return names


def _two_groups(args: argparse.Namespace) -> tuple[np.ndarray, np.ndarray, tuple[str, str], int]:
    cols, rows = _load(args, [args.value], [args.group])
    values = cols[args.value]
    groups = [r.get(args.group, "") for r in rows]
    labels = sorted({g for g in groups if g != ""})
    if len(labels) != 2:
        raise UsageError(f"group column {args.group!r} must have exactly 2 groups, found {len(labels)}")
    g = np.array(groups, dtype=object)
    usable = (g != "") & ~np.isnan(values)
    if usable.sum() < 2:
        raise UsageError(f"fewer than 2 complete cases ({int(usable.sum())})")
    if np.ptp(values[usable]) == 0:
        raise UsageError(f"column {args.value!r} is constant")
    a, b = values[usable & (g == labels[0])], values[usable & (g == labels[1])]
    if a.size < 2 or b.size < 2:
        raise UsageError("each group needs at least 2 cases with a value")
    return a, b, (labels[0], labels[1]), int((~usable).sum())


def _run(fn: Callable[[], Any]) -> Any:
    try:
        return fn()
    except st.StatsInputError as exc:
        raise UsageError(str(exc)) from exc


def _fmt(v: Any) -> str:
    if v is None:
        return "."
    if isinstance(v, float):
        if not math.isfinite(v):
            return "."
        return f"{v:.3f}"
    return str(v)


def _emit(
    args: argparse.Namespace,
    payload: dict[str, Any],
    title: str,
    lines: list[tuple[str, Any]],
    extra: list[str] | None = None,
) -> int:
    if args.json:
        print_json(st.results.json_ready(payload))
        return 0
    width = max(len(k) for k, _ in lines)
    print(title)
    print("-" * max(len(title), width + 14))
    for key, value in lines:
        print(f"{key:<{width}}  {_fmt(value):>12}")
    for line in extra or []:
        print(line)
    return 0


def _cmd_ttest_paired(args: argparse.Namespace) -> int:
    cols, _ = _load(args, [args.before, args.after])
    _complete(cols, [args.before, args.after])
    r = _run(lambda: st.paired_ttest(cols[args.before], cols[args.after]))
    out = {
        "n": r.n,
        "n_dropped": r.n_dropped,
        "mean_difference": r.mean_difference,
        "t": r.t,
        "df": r.df,
        "p": r.p,
        "ci_low": r.ci_low,
        "ci_high": r.ci_high,
        "cohen_dz": r.cohen_dz,
        "cohen_dav": r.cohen_dav,
    }
    return _emit(
        args,
        out,
        f"Paired Samples Test: {args.before} - {args.after}",
        [
            ("N", r.n),
            ("Cases dropped (missing)", r.n_dropped),
            ("Mean difference", r.mean_difference),
            ("Std. Deviation", r.sd_difference),
            ("Std. Error Mean", r.se),
            ("95% CI Lower", r.ci_low),
            ("95% CI Upper", r.ci_high),
            ("t", r.t),
            ("df", r.df),
            ("Sig. (2-tailed)", r.p),
            ("Cohen's d_z", r.cohen_dz),
            ("Cohen's d_av", r.cohen_dav),
        ],
    )


def _cmd_ttest_ind(args: argparse.Namespace) -> int:
    a, b, labels, dropped = _two_groups(args)
    r = _run(lambda: st.independent_ttest(a, b, labels=labels, n_dropped=dropped))
    out = {
        "n_dropped": r.n_dropped,
        "t": r.t,
        "df": r.df,
        "p": r.p,
        "welch_t": r.welch_t,
        "welch_df": r.welch_df,
        "welch_p": r.welch_p,
        "cohen_ds": r.cohen_ds,
        "hedges_g": r.hedges_g,
    }
    title = f"Independent Samples Test: {args.value} by {args.group} ({labels[0]} - {labels[1]})"
    return _emit(
        args,
        out,
        title,
        [
            ("N (group 1 / group 2)", f"{r.n1} / {r.n2}"),
            ("Cases dropped (missing)", r.n_dropped),
            ("Levene's F", r.levene.f),
            ("Levene's Sig.", r.levene.p),
            ("Mean Difference", r.mean_difference),
            ("Equal variances assumed: t", r.t),
            ("  df", r.df),
            ("  Sig. (2-tailed)", r.p),
            ("  Std. Error Difference", r.se),
            ("  95% CI Lower", r.ci_low),
            ("  95% CI Upper", r.ci_high),
            ("Equal variances not assumed: t", r.welch_t),
            ("  df", r.welch_df),
            ("  Sig. (2-tailed)", r.welch_p),
            ("  Std. Error Difference", r.welch_se),
            ("  95% CI Lower", r.welch_ci_low),
            ("  95% CI Upper", r.welch_ci_high),
            ("Cohen's d_s", r.cohen_ds),
            ("Hedges' g (exact J)", r.hedges_g),
        ],
    )


def _cmd_wilcoxon(args: argparse.Namespace) -> int:
    cols, _ = _load(args, [args.before, args.after])
    _complete(cols, [args.before, args.after])
    r = _run(lambda: st.wilcoxon_signed_rank(cols[args.before], cols[args.after]))
    out = {
        "n": r.n,
        "n_dropped": r.n_dropped,
        "n_positive": r.n_positive,
        "n_negative": r.n_negative,
        "n_ties": r.n_ties,
        "sum_positive_ranks": r.sum_positive_ranks,
        "sum_negative_ranks": r.sum_negative_ranks,
        "z": r.z,
        "p": r.p,
    }
    if r.p_exact is not None:
        out["p_exact"] = r.p_exact
    out["r"] = r.r
    return _emit(
        args,
        out,
        f"Wilcoxon Signed Ranks Test: {args.after} - {args.before}",
        [
            ("N (pairs)", r.n),
            ("Cases dropped (missing)", r.n_dropped),
            ("Negative Ranks N", r.n_negative),
            ("Negative Ranks Sum", r.sum_negative_ranks),
            ("Positive Ranks N", r.n_positive),
            ("Positive Ranks Sum", r.sum_positive_ranks),
            ("Ties", r.n_ties),
            ("Z", r.z),
            ("Asymp. Sig. (2-tailed)", r.p),
            ("Exact Sig. (2-tailed)", r.p_exact),
            ("r = Z / sqrt(2N)", r.r),
        ],
    )


def _cmd_mannwhitney(args: argparse.Namespace) -> int:
    a, b, labels, dropped = _two_groups(args)
    r = _run(lambda: st.mann_whitney_u(a, b, labels=labels, n_dropped=dropped))
    out = {"n1": r.n1, "n2": r.n2, "n_dropped": r.n_dropped, "u": r.u, "w": r.w, "z": r.z, "p": r.p}
    if r.p_exact is not None:
        out["p_exact"] = r.p_exact
    out["r"] = r.r
    return _emit(
        args,
        out,
        f"Mann-Whitney Test: {args.value} by {args.group}",
        [
            (f"N ({labels[0]} / {labels[1]})", f"{r.n1} / {r.n2}"),
            ("Cases dropped (missing)", r.n_dropped),
            (f"Mean Rank {labels[0]}", r.mean_rank1),
            (f"Mean Rank {labels[1]}", r.mean_rank2),
            ("Mann-Whitney U", r.u),
            ("Wilcoxon W", r.w),
            ("Z", r.z),
            ("Asymp. Sig. (2-tailed)", r.p),
            ("Exact Sig. [2*(1-tailed Sig.)]", r.p_exact),
            ("r = Z / sqrt(N)", r.r),
        ],
    )


def _cmd_rm_anova(args: argparse.Namespace) -> int:
    names = _split_columns(args.columns, 2)
    cols, _ = _load(args, names)
    _complete(cols, names)
    r = _run(lambda: st.rm_anova([cols[c] for c in names], levels=names))
    out = {
        "n": r.n,
        "n_dropped": r.n_dropped,
        "f": r.f,
        "df1": r.df1,
        "df2": r.df2,
        "p": r.p,
        "partial_eta_squared": r.partial_eta_squared,
        "mauchly_w": r.mauchly_w,
        "mauchly_chi2": r.mauchly_chi2,
        "mauchly_p": r.mauchly_p,
        "gg_epsilon": r.gg_epsilon,
        "hf_epsilon": r.hf_epsilon,
        "lb_epsilon": r.lb_epsilon,
        "p_gg": r.p_gg,
        "p_hf": r.p_hf,
    }
    extra = [
        "",
        "Tests of Within-Subjects Effects",
        f"{'Source':<20}{'SS':>10}{'df':>9}{'MS':>10}{'F':>9}{'Sig.':>8}",
    ]
    for row in r.rows:
        extra.append(
            f"{row.correction:<20}{row.ss:>10.3f}{row.df:>9.3f}{row.ms:>10.3f}{row.f:>9.3f}{row.p:>8.3f}"
        )
    extra += [
        "",
        "Pairwise Comparisons (Bonferroni)",
        f"{'(I)':<10}{'(J)':<10}{'Mean Diff':>10}{'SE':>8}{'Sig.':>8}{'95% CI':>20}",
    ]
    for c in r.pairwise:
        extra.append(
            f"{c.level_i:<10}{c.level_j:<10}{c.mean_difference:>10.3f}{c.se:>8.3f}"
            f"{c.p_adjusted:>8.3f}   [{c.ci_low:.3f}, {c.ci_high:.3f}]"
        )
    return _emit(
        args,
        out,
        f"Repeated-measures ANOVA: {', '.join(names)}",
        [
            ("N", r.n),
            ("Cases dropped (listwise)", r.n_dropped),
            ("Mauchly's W", r.mauchly_w),
            ("Approx. Chi-Square", r.mauchly_chi2),
            ("df", r.mauchly_df),
            ("Sig.", r.mauchly_p),
            ("Greenhouse-Geisser epsilon", r.gg_epsilon),
            ("Huynh-Feldt epsilon", r.hf_epsilon),
            ("Lower-bound epsilon", r.lb_epsilon),
            ("Partial Eta Squared", r.partial_eta_squared),
        ],
        extra,
    )


def _cmd_friedman(args: argparse.Namespace) -> int:
    names = _split_columns(args.columns, 2)
    cols, _ = _load(args, names)
    _complete(cols, names)
    r = _run(lambda: st.friedman([cols[c] for c in names]))
    out = {"n": r.n, "n_dropped": r.n_dropped, "chi2": r.chi2, "df": r.df, "p": r.p, "kendall_w": r.kendall_w}
    lines: list[tuple[str, Any]] = [("N", r.n), ("Cases dropped (listwise)", r.n_dropped)]
    lines += [(f"Mean Rank {c}", m) for c, m in zip(names, r.mean_ranks, strict=True)]
    lines += [("Chi-Square", r.chi2), ("df", r.df), ("Asymp. Sig.", r.p), ("Kendall's W", r.kendall_w)]
    return _emit(args, out, f"Friedman Test: {', '.join(names)}", lines)


def _cmd_alpha(args: argparse.Namespace) -> int:
    names = _split_columns(args.columns, 2)
    cols, _ = _load(args, names)
    _complete(cols, names)
    r = _run(lambda: st.cronbach_alpha([cols[c] for c in names], items=names))
    out = {
        "n_cases": r.n_cases,
        "n_dropped": r.n_dropped,
        "n_items": r.n_items,
        "alpha": r.alpha,
        "alpha_standardized": r.alpha_standardized,
    }
    extra = [
        "",
        "Item-Total Statistics",
        f"{'Item':<12}{'Mean if del.':>14}{'Var if del.':>13}{'Corr. r':>9}{'Alpha if del.':>15}",
    ]
    for it in r.items:
        extra.append(
            f"{it.item:<12}{it.scale_mean_if_deleted:>14.3f}{it.scale_variance_if_deleted:>13.3f}"
            f"{it.corrected_item_total_r:>9.3f}{_fmt(it.alpha_if_deleted):>15}"
        )
    return _emit(
        args,
        out,
        "Reliability Statistics",
        [
            ("N of cases", r.n_cases),
            ("Cases dropped (listwise)", r.n_dropped),
            ("N of Items", r.n_items),
            ("Cronbach's Alpha", r.alpha),
            ("Alpha Based on Standardized Items", r.alpha_standardized),
        ],
        extra,
    )


def register(subparsers: Any) -> None:
    """Add ``stats`` and its analyses to the ``puente`` command."""
    parser = subparsers.add_parser(
        "stats", help="SPSS-compatible statistics on a CSV file.", description=__doc__.splitlines()[0]
    )
    sub = parser.add_subparsers(dest="analysis", metavar="ANALYSIS")
    sub.required = True

    def add(name: str, help_text: str, func: Callable[[argparse.Namespace], int]) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--input", required=True, help="CSV file with a header row; blank cells are missing")
        p.add_argument("--json", action="store_true", help="print JSON instead of a table")
        p.set_defaults(func=func)
        return p

    p = add("ttest-paired", "Paired-samples t test (difference = before - after).", _cmd_ttest_paired)
    p.add_argument("--before", required=True)
    p.add_argument("--after", required=True)
    p = add("ttest-ind", "Independent-samples t test, pooled and Welch.", _cmd_ttest_ind)
    p.add_argument("--value", required=True)
    p.add_argument("--group", required=True)
    p = add("wilcoxon", "Wilcoxon signed-rank test (difference = after - before).", _cmd_wilcoxon)
    p.add_argument("--before", required=True)
    p.add_argument("--after", required=True)
    p = add("mannwhitney", "Mann-Whitney U test.", _cmd_mannwhitney)
    p.add_argument("--value", required=True)
    p.add_argument("--group", required=True)
    p = add("rm-anova", "One-way repeated-measures ANOVA with sphericity corrections.", _cmd_rm_anova)
    p.add_argument("--columns", required=True, help="comma-separated columns, one per time point")
    p = add("friedman", "Friedman test with Kendall's W.", _cmd_friedman)
    p.add_argument("--columns", required=True, help="comma-separated columns, one per time point")
    p = add("alpha", "Cronbach's alpha with item-total statistics.", _cmd_alpha)
    p.add_argument("--columns", required=True, help="comma-separated item columns")
