"""Evaluation exports: pseudonymised, consented only, labelled, audited; the .sav reads back identically."""

from __future__ import annotations

import io
import zipfile

import pandas as pd
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from puente.analysis import exports
from puente.analysis.options import EvaluationOptions
from puente.analysis.services import do_save_evaluation
from puente.audit.models import AuditEvent
from puente.people import pseudonyms
from puente.people.exports import do_create_export_project
from tests.conftest import client_for


@pytest.fixture
def evaluation(world, cohort):
    options = EvaluationOptions(
        groups=("psw", "professional"), instruments=("swls", "ras_r"), time_points=("T1", "T2", "T3")
    )
    return do_save_evaluation(
        actor=world.researcher, programme=cohort.programme, title="Cohort", options=options
    )


@pytest.fixture
def project(world):
    return do_create_export_project(
        actor=world.researcher, site=world.site_a, name="Study", max_date_shift_days=0
    )


def read_stat(content: bytes, suffix: str):
    import tempfile

    import pyreadstat

    with tempfile.NamedTemporaryFile(suffix=suffix) as handle:
        handle.write(content)
        handle.flush()
        reader = pyreadstat.read_sav if suffix == ".sav" else pyreadstat.read_dta
        return reader(handle.name)


def test_the_sav_reads_back_with_identical_values_and_labels(world, evaluation, project):
    result = exports.do_export_evaluation(
        actor=world.researcher, evaluation=evaluation, project=project, fmt="sav"
    )
    frame, meta = read_stat(result.content, ".sav")
    options = EvaluationOptions.from_dict(evaluation.options)
    from puente.analysis.data import evaluation_data

    data = evaluation_data(
        world.researcher,
        evaluation.programme,
        groups=options.groups,
        instruments=options.instruments,
        time_points=options.time_points,
    )
    tables = exports.build_tables(data, project.key)
    expected = exports.coded(tables)
    assert list(frame.columns) == list(expected.columns)
    pd.testing.assert_frame_equal(
        frame.drop(columns="id").astype(float), expected.drop(columns="id").astype(float), check_exact=True
    )
    assert list(frame["id"]) == list(expected["id"])
    assert dict(zip(meta.column_names, meta.column_labels, strict=True)) == tables.labels
    assert meta.variable_value_labels["group"] == {1.0: "Professionals", 2.0: "Peer support workers"}
    assert meta.column_names_to_labels["swls_total_t1"] == "SWLS: Total score (T1)"
    assert result.rows == 16 and result.excluded_without_consent == 1


def test_exports_use_pseudonyms_never_study_codes_or_identity(world, evaluation, project):
    result = exports.do_export_evaluation(
        actor=world.researcher, evaluation=evaluation, project=project, fmt="long_csv"
    )
    text = result.content.decode()
    assert "PSW-01" not in text and pseudonyms.pseudonym(project.key, "PSW-01") in text
    assert "PSW-11" not in text and pseudonyms.pseudonym(project.key, "PSW-11") not in text  # no consent
    assert "Ana María" not in text
    header = text.splitlines()[0].split(",")
    assert header == ["id", "group", "arm", "site", "time_point", "instrument", "score", "value"]


def test_the_stata_file_has_labels_and_short_names(world, evaluation, project):
    result = exports.do_export_evaluation(
        actor=world.researcher, evaluation=evaluation, project=project, fmt="dta"
    )
    frame, meta = read_stat(result.content, ".dta")
    assert all(len(name) <= 32 for name in frame.columns)
    assert meta.variable_value_labels["group"][2] == "Peer support workers"
    assert "ras_r_total_t3" in frame.columns


def test_the_r_export_has_the_data_and_a_dictionary(world, evaluation, project):
    result = exports.do_export_evaluation(
        actor=world.researcher, evaluation=evaluation, project=project, fmt="r"
    )
    archive = zipfile.ZipFile(io.BytesIO(result.content))
    assert set(archive.namelist()) == {"data.csv", "dictionary.csv", "read_data.R"}
    data = pd.read_csv(archive.open("data.csv"), na_values="NA")
    dictionary = pd.read_csv(archive.open("dictionary.csv"))
    assert list(dictionary["variable"]) == list(data.columns)
    assert data["swls_total_t2"].isna().sum() == 1  # the PSW who left after T1
    wide = exports.do_export_evaluation(
        actor=world.researcher, evaluation=evaluation, project=project, fmt="wide_csv"
    )
    assert wide.content.decode().splitlines()[0].startswith("id,group,arm,site,")


def test_each_export_is_audited(world, evaluation, project):
    exports.do_export_evaluation(actor=world.researcher, evaluation=evaluation, project=project, fmt="sav")
    event = AuditEvent.objects.get(action="export.evaluation_sav")
    assert event.after["excluded_without_consent"] == 1 and event.after["pseudonymised"] is True


def test_a_project_of_another_site_or_an_unknown_format_is_refused(world, evaluation, project):
    other = do_create_export_project(actor=world.admin, site=world.site_b, name="B", max_date_shift_days=0)
    with pytest.raises(ValidationError):
        exports.do_export_evaluation(actor=world.researcher, evaluation=evaluation, project=other, fmt="sav")
    with pytest.raises(ValidationError):
        exports.do_export_evaluation(
            actor=world.researcher, evaluation=evaluation, project=project, fmt="xls"
        )
    assert not AuditEvent.objects.filter(action__startswith="export.evaluation").exists()


def test_the_export_page_downloads_a_sav(world, evaluation, project):
    client = client_for(world.researcher)
    response = client.post(
        reverse("evaluation_export", args=[evaluation.pk]), {"project": project.pk, "fmt": "sav"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.sav"')
    assert response.content[:4] == b"$FL2"


def test_variable_names_stay_unique_and_short():
    names = exports.variable_names(
        [
            ("ras_r", "personal_confidence_hope", "T1"),
            ("ras_r", "personal_confidence_hope_x", "T1"),
            ("1x", "y", "T2"),
        ]
    )
    values = list(names.values())
    assert len(set(values)) == 3 and all(len(v) <= 32 for v in values) and values[2].startswith("v_")
