"""The one read path from questionnaires to analysis: administrations as a long table.

Everything else in the evaluation works on the pandas frames built here, never on the models.
Only respondents with research consent enter the score table; the others are only counted.
A fixed number of queries, whatever the size of the programme.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterable

import numpy as np
import pandas as pd
from django.db.models import Case, CharField, Q, TextField, Value, When
from django.db.models.fields.json import KeyTransform
from django.db.models.functions import Cast
from django.utils.translation import get_language

from puente.accounts.models import User
from puente.accounts.roles import Role
from puente.accounts.selectors import site_ids_for
from puente.instruments.models import (
    Administration,
    AdministrationStatus,
    Instrument,
    Respondent,
    ScheduleEntry,
)
from puente.programs.models import Programme

EVALUATION_ROLES = frozenset({Role.RESEARCHER, Role.COORDINATOR, Role.ADMINISTRATOR})

SCORE_COLUMNS = [
    "respondent",
    "group",
    "arm",
    "site",
    "time_point",
    "time_order",
    "instrument",
    "score",
    "value",
]
ADMIN_COLUMNS = ["respondent", "group", "arm", "site", "instrument", "time_point", "time_order", "state"]
RESPONDENT_COLUMNS = ["respondent", "group", "arm", "site", "consented", "enrolment_status"]

# What happened to one planned questionnaire, for the flow diagram and the missing-data summary.
STATES = ("completed", "left", "overdue", "not_due")


@dataclasses.dataclass(frozen=True)
class ScoreInfo:
    id: str
    label: str
    kind: str
    range: tuple[float, float] | None


@dataclasses.dataclass(frozen=True)
class InstrumentInfo:
    code: str
    abbreviation: str
    name: str
    scores: tuple[ScoreInfo, ...]
    change: dict[str, float] = dataclasses.field(default_factory=dict)  # clinically important change

    def score(self, score_id: str) -> ScoreInfo:
        for info in self.scores:
            if info.id == score_id:
                return info
        return ScoreInfo(score_id, score_id, "score", None)

    def main_scores(self) -> tuple[str, ...]:
        """Totals when the instrument has one, otherwise its subscales or counts (never single items)."""
        totals = [s.id for s in self.scores if s.kind == "total"]
        if totals:
            return tuple(totals)
        return tuple(s.id for s in self.scores if s.kind != "item") or tuple(s.id for s in self.scores)


@dataclasses.dataclass
class EvaluationData:
    programme: Programme
    site_ids: frozenset[int]
    scores: pd.DataFrame  # long: one row per respondent x instrument x time point x score
    administrations: pd.DataFrame  # one row per planned questionnaire of a consented respondent
    respondents: pd.DataFrame  # every active respondent in scope, consented or not
    time_points: tuple[str, ...]  # in schedule order
    instruments: dict[str, InstrumentInfo]
    today: dt.date

    @property
    def excluded(self) -> int:
        return int((~self.respondents["consented"]).sum()) if len(self.respondents) else 0


def localised(label: object, language: str | None = None) -> str:
    if isinstance(label, dict):
        language = (language or get_language() or "en")[:2]
        return str(label.get(language) or label.get("en") or next(iter(label.values()), ""))
    return str(label or "")


def instrument_info(code: str, abbreviation: str, definition: dict) -> InstrumentInfo:
    scores = tuple(
        ScoreInfo(
            id=s["id"],
            label=localised(s.get("label")) or s["id"],
            kind=s.get("kind", "score"),
            range=tuple(s["range"]) if s.get("range") else None,
        )
        for s in definition.get("scores", [])
    )
    change = {rule["score"]: float(rule["min_change"]) for rule in definition.get("change", [])}
    name = localised(definition.get("name")) or abbreviation
    return InstrumentInfo(code, abbreviation, name, scores, change)


def programmes_for(user: User):
    """Programmes running at a site where the user may evaluate."""
    return (
        Programme.objects.filter(sites__in=site_ids_for(user, EVALUATION_ROLES), retired_at__isnull=True)
        .distinct()
        .order_by("name")
    )


def schedule_choices(programme: Programme) -> dict[str, list]:
    """Groups, instruments and time points the programme's schedule uses (one query)."""
    rows = list(
        ScheduleEntry.objects.filter(programme=programme, retired_at__isnull=True).values_list(
            "group", "instrument__code", "instrument__abbreviation", "time_point", "months_after"
        )
    )
    order: dict[str, int] = {}
    for _g, _c, _a, time_point, months in rows:
        order[time_point] = min(order.get(time_point, months), months)
    return {
        "groups": sorted({r[0] for r in rows}),
        "instruments": sorted({(r[1], r[2]) for r in rows}, key=lambda pair: pair[1]),
        "time_points": sorted(order, key=lambda tp: (order[tp], tp)),
    }


def _respondents(programme: Programme, site_ids: Iterable[int], groups: Iterable[str]) -> pd.DataFrame:
    rows = list(
        Respondent.objects.filter(
            programme=programme, site_id__in=list(site_ids), group__in=list(groups), retired_at__isnull=True
        ).values_list(
            "pk",
            "code",
            "group",
            "site__code",
            "participant_id",
            "participant__research_consent",
            "research_consent",
            "enrolment__arm",
            "enrolment__status",
        )
    )
    frame = pd.DataFrame(
        rows,
        columns=[
            "pk",
            "respondent",
            "group",
            "site",
            "participant",
            "participant_consent",
            "own_consent",
            "arm",
            "enrolment_status",
        ],
    )
    is_participant = frame["participant"].notna()
    # A service user's consent comes from their consent record, a staff member's from their own answer.
    frame["consented"] = np.where(is_participant, frame["participant_consent"] == True, frame["own_consent"])  # noqa: E712
    frame["consented"] = frame["consented"].astype(bool)
    frame["arm"] = frame["arm"].fillna("").astype(str)
    frame["enrolment_status"] = frame["enrolment_status"].fillna("").astype(str)
    return frame[["pk", *RESPONDENT_COLUMNS]]


def evaluation_data(
    user: User | None,
    programme: Programme,
    *,
    groups: Iterable[str],
    instruments: Iterable[str],
    time_points: Iterable[str],
    score_set: str = "main",
    today: dt.date | None = None,
    all_sites: bool = False,
) -> EvaluationData:
    """The long score table and the planned questionnaires of ``programme`` at the user's sites.

    ``all_sites`` (no user) is for trusted callers without a request: benchmarks and commands."""
    today = today or dt.date.today()
    programme_sites = frozenset(programme.sites.values_list("pk", flat=True))
    site_ids = (
        programme_sites if all_sites else frozenset(site_ids_for(user, EVALUATION_ROLES)) & programme_sites
    )
    groups, instruments, time_points = list(groups), list(instruments), list(time_points)
    respondents = _respondents(programme, site_ids, groups)
    info = {
        code: instrument_info(code, abbreviation, definition or {})
        for code, abbreviation, definition in Instrument.objects.filter(code__in=instruments).values_list(
            "code", "abbreviation", "current__definition"
        )
    }
    consented = Q(respondent__participant__isnull=True, respondent__research_consent=True) | Q(
        respondent__participant__research_consent=True
    )
    rows = list(
        Administration.objects.filter(
            consented,
            respondent__programme=programme,
            respondent__site_id__in=list(site_ids),
            respondent__group__in=groups,
            respondent__retired_at__isnull=True,
            instrument__code__in=instruments,
            time_point__in=time_points,
        )
        # Dates and scores come as text: no per-row converters in Python (pandas parses the dates in one
        # go), and only completed questionnaires carry their scores (the others are only counted).
        .annotate(
            closes_text=Cast("window_closes_on", CharField()),
            scores_text=Case(
                When(
                    status=AdministrationStatus.COMPLETED,
                    then=Cast(KeyTransform("values", "scores"), TextField()),
                ),
                default=Value(None),
                output_field=TextField(),
            ),
        )
        .values_list(
            "respondent_id",
            "instrument__code",
            "time_point",
            "months_after",
            "status",
            "closes_text",
            "scores_text",
        )
        .order_by()
    )
    admin = pd.DataFrame(
        rows, columns=["pk", "instrument", "time_point", "time_order", "status", "closes", "scores_text"]
    )
    people = respondents.set_index("pk")
    admin = admin.join(people[["respondent", "group", "arm", "site"]], on="pk")
    closes = pd.to_datetime(admin["closes"], format="%Y-%m-%d")
    admin["state"] = np.select(
        [
            admin["status"] == AdministrationStatus.COMPLETED,
            admin["status"] == AdministrationStatus.RETIRED,
            closes < pd.Timestamp(today),
        ],
        ["completed", "left", "overdue"],
        default="not_due",
    )
    order = admin.groupby("time_point")["time_order"].min().to_dict() if len(admin) else {}
    tp_order = tuple(sorted(time_points, key=lambda tp: (order.get(tp, 10**6), time_points.index(tp))))
    scores = _long_scores(admin[admin["state"] == "completed"], info, score_set)
    return EvaluationData(
        programme=programme,
        site_ids=site_ids,
        scores=_plain_text(scores),
        administrations=_plain_text(admin[ADMIN_COLUMNS].reset_index(drop=True)),
        respondents=_plain_text(respondents[RESPONDENT_COLUMNS].reset_index(drop=True)),
        time_points=tp_order,
        instruments=info,
        today=today,
    )


def _plain_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns as plain Python objects. pandas' default string dtype (without pyarrow) re-checks and
    re-hashes every value at each group-by, which doubles the engine's time on a regional data set."""
    text = [c for c in frame.columns if isinstance(frame[c].dtype, pd.StringDtype)]
    return frame.astype(dict.fromkeys(text, object)) if text else frame


def _long_scores(done: pd.DataFrame, info: dict[str, InstrumentInfo], score_set: str) -> pd.DataFrame:
    if done.empty:
        return pd.DataFrame({c: pd.Series(dtype=float if c == "value" else object) for c in SCORE_COLUMNS})
    # One JSON parse for the whole column instead of one per row.
    # One JSON parse for the whole column of {score: value} objects instead of one per row.
    parsed = json.loads("[" + ",".join(text or "{}" for text in done["scores_text"].tolist()) + "]")
    wanted = {code: (set(i.main_scores()) if score_set == "main" else None) for code, i in info.items()}
    index, names, values = [], [], []
    for row, (code, payload) in enumerate(zip(done["instrument"].tolist(), parsed, strict=True)):
        keep = wanted.get(code)
        for name, value in (payload or {}).items():
            if keep is None or name in keep:
                index.append(row)
                names.append(name)
                values.append(np.nan if value is None else value)
    base = done.iloc[np.asarray(index, dtype=np.int64)]
    long = pd.DataFrame(
        {
            "respondent": base["respondent"].to_numpy(),
            "group": base["group"].to_numpy(),
            "arm": base["arm"].to_numpy(),
            "site": base["site"].to_numpy(),
            "time_point": base["time_point"].to_numpy(),
            "time_order": base["time_order"].to_numpy(),
            "instrument": base["instrument"].to_numpy(),
            "score": np.asarray(names, dtype=object),
            "value": np.asarray(values, dtype=float),
        }
    )
    return long
