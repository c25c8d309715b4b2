"""Research exports of an evaluation's data: long and wide CSV, SPSS .sav, Stata .dta, R CSV + dictionary.

Pseudonymised by default with the export project's key; identity fields are never read (the data
selector does not touch them); people without research consent are not in the data and are counted.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from puente.accounts.models import User
from puente.analysis.data import EvaluationData, evaluation_data
from puente.analysis.models import Evaluation
from puente.analysis.options import EvaluationOptions
from puente.audit import services as audit
from puente.instruments.models import RespondentGroup
from puente.people import pseudonyms
from puente.people.exports import export_projects_for
from puente.people.models import ExportProject

FORMATS = {
    "long_csv": ("text/csv; charset=utf-8", "-long.csv"),
    "wide_csv": ("text/csv; charset=utf-8", "-wide.csv"),
    "sav": ("application/x-spss-sav", ".sav"),
    "dta": ("application/x-stata-dta", ".dta"),
    "r": ("application/zip", "-r.zip"),
}
MAX_NAME = 32  # Stata's limit, kept for every format so names match across files


@dataclasses.dataclass(frozen=True)
class ExportFile:
    filename: str
    content: bytes
    content_type: str
    rows: int
    excluded_without_consent: int


@dataclasses.dataclass
class Tables:
    long: pd.DataFrame
    wide: pd.DataFrame
    labels: dict[str, str]  # variable -> label
    value_labels: dict[str, dict[int, str]]  # coded variable -> code -> label


def variable_names(keys: list[tuple[str, str, str]]) -> dict[tuple[str, str, str], str]:
    """Short, unique, SPSS/Stata/R-safe names for instrument x score x time point."""
    out: dict[tuple[str, str, str], str] = {}
    used: set[str] = set()
    for instrument, score, tp in keys:
        base = re.sub(r"[^a-z0-9_]+", "_", f"{instrument}_{score}_{tp}".lower()).strip("_")
        if not base[:1].isalpha():
            base = "v_" + base
        name = base[:MAX_NAME]
        counter = 1
        while name in used:
            suffix = f"_{counter}"
            name = base[: MAX_NAME - len(suffix)] + suffix
            counter += 1
        used.add(name)
        out[(instrument, score, tp)] = name
    return out


def build_tables(data: EvaluationData, key: str | None) -> Tables:
    long = data.scores.copy()
    codes = sorted(set(long["respondent"])) if len(long) else []
    mapping = {code: pseudonyms.pseudonym(key, code) for code in codes} if key else {c: c for c in codes}
    long.insert(0, "id", long["respondent"].map(mapping))
    long = long.drop(columns=["respondent"])
    tp_rank = {tp: i for i, tp in enumerate(data.time_points)}
    long = long.sort_values(["id", "instrument", "score"], kind="stable")
    long = long.assign(order=long["time_point"].map(tp_rank)).sort_values(
        ["id", "instrument", "score", "order"]
    )
    long = long.drop(columns=["order", "time_order"]).reset_index(drop=True)

    keys = (
        list(dict.fromkeys(zip(long["instrument"], long["score"], long["time_point"], strict=True)))
        if len(long)
        else []
    )
    keys.sort(key=lambda k: (k[0], _score_rank(data, k[0], k[1]), tp_rank.get(k[2], 99)))
    names = variable_names(keys)
    people = long.groupby("id", sort=True)[["group", "arm", "site"]].first()
    if len(long):
        cols = long.assign(
            var=[names[k] for k in zip(long["instrument"], long["score"], long["time_point"], strict=True)]
        )
        values = cols.pivot_table(index="id", columns="var", values="value", aggfunc="mean")
        values = values.reindex(columns=[names[k] for k in keys])
    else:
        values = pd.DataFrame(index=people.index)
    wide = people.join(values).reset_index()

    group_labels = dict(RespondentGroup.choices)
    labels = {
        "id": _("Pseudonym") if key else _("Study code"),
        "group": _("Respondent group"),
        "arm": _("Trial arm"),
        "site": _("Site"),
    }
    for (instrument, score, tp), name in names.items():
        info = data.instruments.get(instrument)
        label = f"{info.abbreviation}: {info.score(score).label}" if info else f"{instrument} {score}"
        labels[name] = f"{label} ({tp})"
    value_labels = {}
    for column in ("group", "arm", "site"):
        levels = sorted(set(wide[column].astype(str))) if len(wide) else []
        value_labels[column] = {
            i + 1: str(group_labels.get(level, level)) if column == "group" else (level or _("none"))
            for i, level in enumerate(levels)
        }
    return Tables(long, wide, labels, value_labels)


def _score_rank(data: EvaluationData, instrument: str, score: str) -> int:
    info = data.instruments.get(instrument)
    ids = [s.id for s in info.scores] if info else []
    return ids.index(score) if score in ids else len(ids)


def coded(tables: Tables) -> pd.DataFrame:
    """The wide table with group, arm and site as numeric codes (for value labels in SPSS and Stata)."""
    wide = tables.wide.copy()
    for column in tables.value_labels:
        levels = sorted(set(wide[column].astype(str)))
        lookup = {level: i + 1 for i, level in enumerate(levels)}
        wide[column] = wide[column].astype(str).map(lookup).astype("int32")
    return wide


def _stat_file(tables: Tables, kind: str) -> bytes:
    import pyreadstat

    wide = coded(tables)
    labels = [tables.labels.get(c, c) for c in wide.columns]
    value_labels = {c: {int(k): v for k, v in m.items()} for c, m in tables.value_labels.items()}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"data.{kind}"
        if kind == "sav":
            pyreadstat.write_sav(wide, str(path), column_labels=labels, variable_value_labels=value_labels)
        else:
            pyreadstat.write_dta(
                wide, str(path), column_labels=labels, variable_value_labels=value_labels, version=15
            )
        return path.read_bytes()


def _csv(frame: pd.DataFrame, na: str = "") -> bytes:
    return frame.to_csv(index=False, na_rep=na, float_format="%.4f").encode("utf-8")


def dictionary_csv(tables: Tables) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["variable", "label", "type", "values"])
    for column in tables.wide.columns:
        values = "; ".join(f"{k} = {v}" for k, v in tables.value_labels.get(column, {}).items())
        kind = "string" if column == "id" else "factor" if column in tables.value_labels else "numeric"
        writer.writerow([column, tables.labels.get(column, column), kind, values])
    return buffer.getvalue().encode("utf-8")


def render(tables: Tables, fmt: str) -> bytes:
    if fmt == "long_csv":
        return _csv(tables.long)
    if fmt == "wide_csv":
        return _csv(tables.wide)
    if fmt in ("sav", "dta"):
        return _stat_file(tables, fmt)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.csv", _csv(tables.wide, na="NA"))
        archive.writestr("dictionary.csv", dictionary_csv(tables))
        archive.writestr(
            "read_data.R",
            (
                'data <- read.csv("data.csv", na.strings = "NA", stringsAsFactors = TRUE)\n'
                'dictionary <- read.csv("dictionary.csv")\n'
            ),
        )
    return buffer.getvalue()


def check_export(actor: User, project: ExportProject, fmt: str) -> None:
    if fmt not in FORMATS:
        raise ValidationError(_("Choose a file format from the list."), code="format")
    if not export_projects_for(actor).filter(pk=project.pk).exists():
        raise ValidationError(_("You cannot use that export project."), code="project")


def do_export_evaluation(
    *, actor: User, evaluation: Evaluation, project: ExportProject, fmt: str, pseudonymise: bool = True
) -> ExportFile:
    check_export(actor, project, fmt)
    options = EvaluationOptions.from_dict(evaluation.options)
    data = evaluation_data(
        actor,
        evaluation.programme,
        groups=options.groups,
        instruments=options.instruments,
        time_points=options.time_points,
        score_set=options.scores,
    )
    tables = build_tables(data, project.key if pseudonymise else None)
    content = render(tables, fmt)
    content_type, suffix = FORMATS[fmt]
    with transaction.atomic():
        audit.record(
            actor=actor,
            action=f"export.evaluation_{fmt}",
            obj=evaluation,
            site_id=project.site_id,
            after={
                "project": project.pk,
                "format": fmt,
                "rows": len(tables.wide),
                "observations": int(np.isfinite(tables.long["value"]).sum()) if len(tables.long) else 0,
                "excluded_without_consent": data.excluded,
                "pseudonymised": pseudonymise,
            },
        )
    slug = re.sub(r"[^a-z0-9]+", "-", evaluation.programme.code.lower()).strip("-") or "evaluation"
    return ExportFile(
        f"{slug}-{evaluation.pk}{suffix}", content, content_type, len(tables.wide), data.excluded
    )
