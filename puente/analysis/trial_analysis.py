"""Trial analysis: outcome on arm x time by GEE (clustered by site or participant), or a mixed model.

Intention to treat: every consented, randomised service user is analysed in the arm they were allocated
to, whatever happened to their enrolment afterwards.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from puente.analysis import stats
from puente.analysis.options import EvaluationOptions
from puente.instruments.models import RespondentGroup


@dataclasses.dataclass
class TrialOutcome:
    instrument: str
    score: str
    model: str  # "gee" | "mixed"
    reference_arm: str
    other_arm: str
    reference_time: str
    result: stats.TrialModelResult | None
    error: str = ""

    def interactions(self) -> list[stats.CoefficientRow]:
        if self.result is None:
            return []
        return [row for row in self.result.coefficients if ":" in row.term]


def reference_arm(arms_present: list[str], definitions: dict) -> str:
    """The comparison arm: one that does not deliver the intervention (usual care), else the first."""
    for arm in arms_present:
        if definitions.get(arm) is False:
            return arm
    return sorted(arms_present)[0]


def trial_outcomes(
    scores: pd.DataFrame, data, options: EvaluationOptions, arm_labels: dict
) -> list[TrialOutcome]:
    from puente.programs.definitions import arms as programme_arms

    users = scores[(scores["group"] == RespondentGroup.SERVICE_USER) & (scores["arm"] != "")]
    arms_present = sorted(set(users["arm"]))
    if len(arms_present) < 2:
        return []
    delivers = {
        a["key"]: bool(a.get("delivers_intervention")) for a in programme_arms(data.programme.definition)
    }
    reference = reference_arm(arms_present, delivers)
    other = next(a for a in arms_present if a != reference)
    tps = [tp for tp in data.time_points if tp in set(users["time_point"])]
    models = ["gee", "mixed"] if options.trial_model == "both" else [options.trial_model]
    out = []
    for (instrument, score), block in users.groupby(["instrument", "score"], sort=True):
        columns = {
            "outcome": block["value"].to_numpy(dtype=float),
            "arm": block["arm"].tolist(),
            "time": block["time_point"].tolist(),
            "cluster": (block["site"] if options.trial_cluster == "site" else block["respondent"]).tolist(),
            "participant": block["respondent"].tolist(),
        }
        for model in models:
            outcome = TrialOutcome(instrument, score, model, reference, other, tps[0] if tps else "", None)
            try:
                if model == "gee":
                    outcome.result = stats.gee_arm_time(
                        columns, cluster="cluster", arm_reference=reference, time_reference=tps[0]
                    )
                else:
                    outcome.result = stats.mixed_arm_time(
                        columns, participant="participant", arm_reference=reference, time_reference=tps[0]
                    )
            except (
                stats.StatsInputError,
                ValueError,
                ZeroDivisionError,
                IndexError,
                np.linalg.LinAlgError,
            ) as error:
                outcome.error = str(error)
            out.append(outcome)
    return out
