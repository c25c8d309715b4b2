"""The words of the report: a plain-language sentence per result, the methods paragraph, software versions."""

from __future__ import annotations

import platform
from importlib import metadata

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from puente.analysis.comparisons import Comparison
from puente.analysis.engine import EvaluationResult, OutcomeRow
from puente.analysis.formatting import EFFECT_NAMES, SOFTWARE, TEST_NAMES, num, outcome_label, p_text


def sentence(result: EvaluationResult, row: OutcomeRow, c: Comparison) -> str:
    values = {
        "group": result.units.get(row.unit, row.unit),
        "outcome": outcome_label(result, row.instrument, row.score),
        "before": num(row.cells[c.levels[0]].mean) if c.levels[0] in row.cells else "–",
        "after": num(row.cells[c.levels[1]].mean) if c.levels[1] in row.cells else "–",
        "t1": c.levels[0],
        "t2": c.levels[1],
        "change": num(abs(c.change or 0)),
        "test": TEST_NAMES.get(c.test, c.test),
        "p": p_text(c.p_adjusted if c.p_adjusted is not None else c.p),
        "effect": f"{EFFECT_NAMES.get(c.effect_name, c.effect_name)} = {num(c.effect)}",
    }
    if (c.change or 0) > 0:
        text = (
            _(
                "%(group)s: %(outcome)s rose from %(before)s at %(t1)s to %(after)s at %(t2)s, by "
                "%(change)s points "
                "(%(test)s, p = %(p)s, %(effect)s)."
            )
            % values
        )
    elif (c.change or 0) < 0:
        text = (
            _(
                "%(group)s: %(outcome)s fell from %(before)s at %(t1)s to %(after)s at %(t2)s, by "
                "%(change)s points "
                "(%(test)s, p = %(p)s, %(effect)s)."
            )
            % values
        )
    else:
        text = (
            _("%(group)s: %(outcome)s stayed at %(before)s between %(t1)s and %(t2)s (%(test)s, p = %(p)s).")
            % values
        )
    p = c.p_adjusted if c.p_adjusted is not None else c.p
    if p is not None and p < result.options.alpha:
        return text + " " + _("The change is statistically significant.")
    return text + " " + _("The change could be due to chance.")


def sentences(result: EvaluationResult) -> list[str]:
    out = []
    for row in result.rows:
        for c in row.pairs:
            if c.ok and c.kind == "pair":
                out.append(sentence(result, row, c))
    for t in result.trial:
        for coef in t.interactions():
            values = {
                "outcome": outcome_label(result, t.instrument, t.score),
                "estimate": num(abs(coef.estimate)),
                "time": coef.term.rsplit("T.", 1)[-1].rstrip("]"),
                "reference_time": t.reference_time,
                "p": p_text(coef.p),
                "model": _("GEE") if t.model == "gee" else _("mixed model"),
            }
            if coef.estimate >= 0:
                text = (
                    _(
                        "Trial: from %(reference_time)s to %(time)s, %(outcome)s improved by %(estimate)s "
                        "points more "
                        "in the intervention arm than in the comparison arm (%(model)s, p = %(p)s)."
                    )
                    % values
                )
            else:
                text = (
                    _(
                        "Trial: from %(reference_time)s to %(time)s, %(outcome)s changed by %(estimate)s "
                        "points less "
                        "in the intervention arm than in the comparison arm (%(model)s, p = %(p)s)."
                    )
                    % values
                )
            out.append(text)
    return out


def software_versions() -> list[tuple[str, str]]:
    import puente

    out = [("Puente", puente.__version__), ("Python", platform.python_version())]
    for name in SOFTWARE:
        try:
            out.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            continue
    return out


def methods_paragraph(result: EvaluationResult) -> str:
    o = result.options
    parts = [
        _(
            "Scores were computed by Puente from the answers as each instrument's definition prescribes. "
            "Only respondents with research consent were analysed (%(excluded)s left out)."
        )
        % {"excluded": result.data.excluded},
        _("Time points: %(tps)s. Each group was analysed separately.")
        % {"tps": ", ".join(result.data.time_points)},
        _(
            "For each comparison the test was chosen by the design and a Shapiro-Wilk check (alpha = "
            "%(alpha)s) of the "
            "differences or of each time point: the paired t test (effect size Cohen's d_z) or the "
            "Wilcoxon signed-rank "
            "test (Z without continuity correction, r = Z / sqrt(N)) for two time points, and one-way "
            "repeated-measures "
            "ANOVA (Mauchly's test; Greenhouse-Geisser correction when sphericity was rejected; partial "
            "eta squared) or "
            "the Friedman test (Kendall's W) over all time points, with listwise deletion."
        )
        % {"alpha": number_format(o.alpha, 2)},
    ]
    if o.correction != "none":
        parts.append(
            _("P values of the change tests were adjusted for multiple comparisons by the %(method)s method.")
            % {"method": "Holm" if o.correction == "holm" else "Bonferroni"}
        )
    if o.overrides:
        parts.append(
            _("The researcher overrode the suggested test for %(n)s comparisons.") % {"n": len(o.overrides)}
        )
    if result.trial:
        parts.append(
            _(
                "Trial outcomes were analysed by intention to treat with generalised estimating equations "
                "of the "
                "outcome on arm, time and their interaction (Gaussian, identity link, exchangeable working "
                "correlation, robust standard errors), with observations clustered by %(cluster)s."
            )
            % {"cluster": _("site") if o.trial_cluster == "site" else _("participant")}
        )
        if o.trial_model in ("mixed", "both"):
            parts.append(
                _(
                    "A linear mixed model with a random intercept per participant (REML) was fitted as an "
                    "alternative."
                )
            )
    parts.append(
        _("A p value below %(alpha)s was considered significant.") % {"alpha": number_format(o.alpha, 2)}
    )
    return " ".join(parts)
