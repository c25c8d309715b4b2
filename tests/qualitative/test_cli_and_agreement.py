"""`puente qda` and the agreement figures it prints, checked against hand-counted 2x2 tables."""

from __future__ import annotations

import json

import pytest

from puente.cli import main
from puente.qualitative.models import Coding, Project

from .conftest import span_of
from .test_refi import ATLAS, NVIVO, samples  # noqa: F401 - the fixture


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_agreement_prints_the_exact_json_shape_with_hand_counted_tables(world, coded, capsys):
    text = coded.document.text
    n = len(text)
    s1, e1 = span_of(text, "Me acompañó al banco y después tomamos un café en la plaza.")
    s2, e2 = span_of(text, "Él también estuvo hospitalizado 🙂.")
    _s3, e3 = span_of(text, "Cuando me lo dijo dejé de sentirme el raro.")
    code, out, _err = run(
        capsys, "qda", "agreement", "--project", coded.project.name, "--coders", "researcher,coord", "--json"
    )
    assert code == 0
    data = json.loads(out)
    assert list(data) == ["units", "overall", "per_code"] and data["units"] == "characters"
    rows = {row["code"]: row for row in data["per_code"]}
    assert all(
        list(row)
        == [
            "code",
            "both",
            "a_only",
            "b_only",
            "neither",
            "percent_agreement",
            "cohen_kappa",
            "krippendorff_alpha",
        ]
        for row in data["per_code"]
    )
    support = rows["Strengths-based social and practical support"]
    assert (support["both"], support["a_only"], support["b_only"], support["neither"]) == (
        e1 - s1,
        0,
        0,
        n - (e1 - s1),
    )
    assert support["percent_agreement"] == 1.0 and support["cohen_kappa"] == pytest.approx(1.0)
    lived = rows["Use of lived experience"]
    assert (lived["both"], lived["a_only"], lived["b_only"]) == (e2 - s2, 0, e3 - e2)
    love = rows["Love labour"]
    assert (love["both"], love["a_only"], love["b_only"], love["neither"]) == (0, 0, e3 - s2, n - (e3 - s2))
    # Kappa for the lived-experience table by hand: po and pe from the four cells.
    both, b_only, neither = e2 - s2, e3 - e2, n - (e3 - s2)
    po = (both + neither) / n
    pe = ((both) / n) * ((both + b_only) / n) + ((b_only + neither) / n) * ((neither) / n)
    assert lived["cohen_kappa"] == pytest.approx((po - pe) / (1 - pe))
    overall = data["overall"]
    assert overall["both"] == support["both"] + lived["both"] + love["both"] and overall["documents"] == 1


def test_agreement_refuses_an_unknown_coder_with_one_line(world, coded, capsys):
    code, _out, err = run(
        capsys, "qda", "agreement", "--project", coded.project.name, "--coders", "researcher,nobody"
    )
    assert code == 2 and "'nobody' is not a coder" in err and err.count("\n") == 1


def test_the_cli_imports_the_nvivo_sample_and_prints_its_counts(world, samples, capsys):  # noqa: F811
    code, out, _err = run(capsys, "qda", "import", str(samples / NVIVO), "--project", "NVivo CLI", "--json")
    assert code == 0
    data = json.loads(out)
    assert {k: data[k] for k in ("users", "codes", "codings")} == {"users": 2, "codes": 152, "codings": 303}
    assert set(data) >= {"users", "codes", "sources", "selections", "codings", "cases", "notes"}
    assert Coding.objects.filter(project__name="NVivo CLI").count() == 303


def test_the_positions_override_is_honoured(world, samples, capsys):  # noqa: F811
    code, out, _err = run(capsys, "qda", "import", str(samples / NVIVO), "--project", "Auto", "--json")
    assert code == 0 and json.loads(out)["converted_selections"] > 0
    code, out, _err = run(
        capsys,
        "qda",
        "import",
        str(samples / NVIVO),
        "--project",
        "As told",
        "--positions",
        "codepoints",
        "--json",
    )
    assert code == 0 and json.loads(out)["converted_selections"] == 0
    auto = set(Coding.objects.filter(project__name="Auto").values_list("refi_selection_guid", "start", "end"))
    told = set(
        Coding.objects.filter(project__name="As told").values_list("refi_selection_guid", "start", "end")
    )
    assert auto != told  # after an emoji, UTF-16 and code-point counting differ


def test_the_cli_refuses_a_missing_or_corrupt_file(world, tmp_path, capsys):
    code, _out, err = run(capsys, "qda", "import", str(tmp_path / "none.qdpx"), "--project", "X")
    assert code == 2 and "file not found" in err
    bad = tmp_path / "bad.qdpx"
    bad.write_bytes(b"this is not a zip")
    before = Project.objects.count()
    code, _out, err = run(capsys, "qda", "import", str(bad), "--project", "X")
    assert code == 2 and err.startswith("puente qda: This file cannot be imported")
    assert Project.objects.count() == before


def test_the_cli_exports_a_project_and_its_codebook(world, coded, tmp_path, capsys):
    out = tmp_path / "p.qdpx"
    code, printed, _err = run(
        capsys, "qda", "export", "--project", coded.project.name, "--out", str(out), "--json"
    )
    assert code == 0 and out.is_file() and json.loads(printed)["counts"]["codings"] == 5
    code, _printed, _err = run(
        capsys, "qda", "export", "--project", coded.project.name, "--out", str(tmp_path / "b.qdc")
    )
    assert code == 0 and (tmp_path / "b.qdc").read_bytes().startswith(b"<?xml")
    code, _printed, err = run(capsys, "qda", "export", "--project", "nope", "--out", str(out))
    assert code == 2 and "no qualitative project" in err


def test_the_atlas_sample_imports_through_the_cli(world, samples, capsys):  # noqa: F811
    code, out, _err = run(capsys, "qda", "import", str(samples / ATLAS), "--project", "ATLAS CLI", "--json")
    assert code == 0 and json.loads(out)["codes"] == 14


def test_the_agreement_page_shows_the_same_figures_with_a_guide(world, coded):
    from django.urls import reverse

    from tests.conftest import client_for

    body = (
        client_for(world.coordinator)
        .get(reverse("qda_agreement", kwargs={"pk": coded.project.pk}))
        .content.decode()
    )
    assert "Landis and Koch" in body and "Use of lived experience" in body and "almost perfect" in body
