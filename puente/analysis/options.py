"""The options of an evaluation: what the builder asks, stored as JSON on a saved evaluation."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from puente.instruments.models import RespondentGroup

SCORE_SETS = ("main", "all")
CORRECTIONS = ("none", "holm", "bonferroni")
CLUSTERS = ("site", "participant")
TRIAL_MODELS = ("gee", "mixed", "both")
CHOICES = ("parametric", "nonparametric")


@dataclasses.dataclass(frozen=True)
class EvaluationOptions:
    groups: tuple[str, ...] = ()
    split_by_arm: bool = False
    instruments: tuple[str, ...] = ()
    time_points: tuple[str, ...] = ()
    scores: str = "main"  # "main": totals (or the subscales when there is no total); "all"
    alpha: float = 0.05
    correction: str = "holm"  # across the family of pairwise change tests
    trial_cluster: str = "site"
    trial_model: str = "gee"
    # comparison key -> "parametric" | "nonparametric": the researcher's choice over the normality check
    overrides: Mapping[str, str] = dataclasses.field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out = dataclasses.asdict(self)
        out["overrides"] = dict(self.overrides)
        for key in ("groups", "instruments", "time_points"):
            out[key] = list(out[key])
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> EvaluationOptions:
        known = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        for key in ("groups", "instruments", "time_points"):
            if key in values:
                values[key] = tuple(str(v) for v in values[key])
        if "alpha" in values:
            values["alpha"] = float(values["alpha"])
        if "overrides" in values:
            values["overrides"] = {str(k): str(v) for k, v in dict(values["overrides"]).items()}
        return cls(**values)

    def with_override(self, key: str, choice: str | None) -> EvaluationOptions:
        overrides = dict(self.overrides)
        if choice:
            overrides[key] = choice
        else:
            overrides.pop(key, None)
        return dataclasses.replace(self, overrides=overrides)


def check_options(options: EvaluationOptions) -> None:
    """Refuse options the engine cannot run, with a message a researcher understands."""
    if not options.groups:
        raise ValidationError(_("Choose at least one group of respondents."), code="groups")
    if set(options.groups) - set(RespondentGroup.values):
        raise ValidationError(_("Choose the groups from the list."), code="groups")
    if not options.instruments:
        raise ValidationError(_("Choose at least one instrument."), code="instruments")
    if len(options.time_points) < 2:
        raise ValidationError(
            _("Choose at least two time points: change needs a before and an after."), code="time_points"
        )
    if len(set(options.time_points)) != len(options.time_points):
        raise ValidationError(_("Each time point may be chosen once."), code="time_points")
    if not 0 < options.alpha < 0.5:
        raise ValidationError(_("The significance level must be between 0 and 0.5."), code="alpha")
    if (
        options.scores not in SCORE_SETS
        or options.correction not in CORRECTIONS
        or options.trial_cluster not in CLUSTERS
        or options.trial_model not in TRIAL_MODELS
    ):
        raise ValidationError(_("Choose the analysis options from the lists."), code="choice")
    if set(options.overrides.values()) - set(CHOICES):
        raise ValidationError(_("A test can only be switched to parametric or non-parametric."))
