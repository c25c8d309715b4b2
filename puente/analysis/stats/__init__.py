"""Pure statistics core (numpy/scipy/statsmodels, no Django): SPSS-compatible results as records.

Importable from a notebook::

    from puente.analysis.stats import paired_ttest, wilcoxon_signed_rank
    paired_ttest(before, after).to_dict()
"""

from __future__ import annotations

from .change import ChangeCounts, change_counts
from .corrections import AdjustedPValues, adjust_pvalues, bonferroni, holm
from .descriptives import CellDescriptives, Descriptives, describe, describe_long, weighted_average_percentile
from .effect_sizes import cohen_dav, cohen_drm, cohen_ds, cohen_dz, hedges_g, hedges_j, r_from_z
from .normality import NormalityCheck, TestChoice, choose_test, shapiro_wilk
from .rank_tests import (
    FriedmanResult,
    MannWhitneyResult,
    WilcoxonResult,
    friedman,
    mann_whitney_u,
    wilcoxon_signed_rank,
)
from .reliability import ItemTotal, ReliabilityResult, cronbach_alpha
from .results import CoefficientRow, EffectSize, StatResult, StatsInputError
from .rm_anova import PairwiseComparison, RMAnovaResult, WithinEffectRow, rm_anova
from .trial import TrialModelResult, arm_time_design, gee_arm_time, mixed_arm_time
from .ttests import (
    IndependentTTestResult,
    LeveneResult,
    PairedTTestResult,
    independent_ttest,
    levene_mean,
    paired_ttest,
    split_two_groups,
)

__all__ = [
    "AdjustedPValues",
    "CellDescriptives",
    "ChangeCounts",
    "CoefficientRow",
    "Descriptives",
    "EffectSize",
    "FriedmanResult",
    "IndependentTTestResult",
    "ItemTotal",
    "LeveneResult",
    "MannWhitneyResult",
    "NormalityCheck",
    "PairedTTestResult",
    "PairwiseComparison",
    "RMAnovaResult",
    "ReliabilityResult",
    "StatResult",
    "StatsInputError",
    "TestChoice",
    "TrialModelResult",
    "WilcoxonResult",
    "WithinEffectRow",
    "adjust_pvalues",
    "arm_time_design",
    "bonferroni",
    "change_counts",
    "choose_test",
    "cohen_dav",
    "cohen_drm",
    "cohen_ds",
    "cohen_dz",
    "cronbach_alpha",
    "describe",
    "describe_long",
    "friedman",
    "gee_arm_time",
    "hedges_g",
    "hedges_j",
    "holm",
    "independent_ttest",
    "levene_mean",
    "mann_whitney_u",
    "mixed_arm_time",
    "paired_ttest",
    "r_from_z",
    "rm_anova",
    "shapiro_wilk",
    "split_two_groups",
    "weighted_average_percentile",
    "wilcoxon_signed_rank",
]
