"""`puente score` and `puente instruments` through puente.cli.main."""

from __future__ import annotations

import csv
import json

import pytest

import puente.cli


@pytest.fixture(autouse=True)
def only_instrument_commands(monkeypatch):
    monkeypatch.setattr(puente.cli, "COMMAND_MODULES", ["puente.commands.instruments"])


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


SWLS = "participant,wave,swls_1,swls_2,swls_3,swls_4,swls_5\n"


def test_score_happy_path_writes_scores_bands_and_reasons(tmp_path, capsys):
    src = write(tmp_path / "in.csv", SWLS + "P1,T1,7,7,7,7,7\nP2,T1,6,6,6,6,\nP3,T2,6,6,6,,\n")
    out = tmp_path / "scored.csv"
    code = puente.cli.main(["score", "swls", "--input", str(src), "--output", str(out), "--json"])
    assert code == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["rows"] == 3 and summary["scored"] == 2 and summary["incomplete"] == 1
    assert summary["mean"]["total"] == pytest.approx((35 + 30) / 2)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert list(rows[0]) == [
        "participant",
        "wave",
        "swls_1",
        "swls_2",
        "swls_3",
        "swls_4",
        "swls_5",
        "swls_total",
        "swls_total_band",
        "reason",
    ]
    assert [(r["participant"], r["swls_total"], r["swls_total_band"]) for r in rows] == [
        ("P1", "35", "extremely_satisfied"),
        ("P2", "30", "satisfied"),
        ("P3", "", ""),
    ]
    assert rows[2]["reason"] == "total: 2 of 5 items missing (at most 1 allowed)"


def test_score_whoqol_outputs_every_domain_and_transform(tmp_path, capsys):
    header = ",".join(f"whoqol_bref_q{n}" for n in range(1, 27))
    answers = ",".join("2" if n in (3, 4, 26) else "4" for n in range(1, 27))
    src = write(tmp_path / "w.csv", f"{header}\n{answers}\n")
    out = tmp_path / "w_scored.csv"
    assert puente.cli.main(["score", "whoqol_bref", "--input", str(src), "--output", str(out)]) == 0
    assert "scored 1 row(s), 0 with empty scores" in capsys.readouterr().out
    row = next(csv.DictReader(out.open(encoding="utf-8")))
    assert row["whoqol_bref_physical"] == "16" and row["whoqol_bref_physical_100"] == "75"
    assert row["whoqol_bref_social_100"] == "75" and row["reason"] == ""


def test_rescoring_a_scored_file_replaces_the_score_columns(tmp_path):
    src = write(tmp_path / "in.csv", SWLS + "P1,T1,7,7,7,7,7\n")
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    puente.cli.main(["score", "swls", "--input", str(src), "--output", str(first)])
    assert puente.cli.main(["score", "swls", "--input", str(first), "--output", str(second)]) == 0
    assert first.read_text() == second.read_text()


@pytest.mark.parametrize(
    ("instrument", "content", "message"),
    [
        ("phq9", SWLS + "P1,T1,1,1,1,1,1\n", "unknown instrument 'phq9'"),
        (
            "swls",
            SWLS.replace("swls_5", "swls_6") + "P1,T1,1,1,1,1,1\n",
            "unknown item column(s) for swls: swls_6",
        ),
        (
            "swls",
            "participant,swls_1,swls_2\nP1,1,1\n",
            "missing item column(s) for swls: swls_3, swls_4, swls_5",
        ),
        (
            "swls",
            SWLS + "P1,T1,1,1,1,1,1\nP2,T1,1,8,1,1,1\n",
            "line 3, column swls_2: 8 is not an answer on its scale (1-7)",
        ),
        ("swls", SWLS + "P1,T1,1,1,abc,1,1\n", "line 2, column swls_3: 'abc' is not a number"),
        ("swls", SWLS + "P1,T1,1,1,nan,1,1\n", "line 2, column swls_3: 'nan' is not a number"),
        ("swls", SWLS + "P1,T1,1,1,1,1\n", "line 2: 6 cells, header has 7"),
        ("swls", "", "is empty: expected a header row"),
        ("can", "can_01_accommodation\n5\n", "missing item column(s) for can"),
    ],
)
def test_bad_input_is_one_line_and_exit_code_2(tmp_path, capsys, instrument, content, message):
    src = write(tmp_path / "in.csv", content)
    code = puente.cli.main(["score", instrument, "--input", str(src), "--output", str(tmp_path / "o.csv")])
    err = capsys.readouterr().err
    assert code == 2
    assert message in err and err.startswith("puente score: ") and err.count("\n") == 1
    assert not (tmp_path / "o.csv").exists()


def test_missing_input_file_and_missing_output_folder(tmp_path, capsys):
    code = puente.cli.main(["score", "swls", "--input", str(tmp_path / "none.csv"), "--output", "x.csv"])
    assert code == 2 and "input file not found" in capsys.readouterr().err
    src = write(tmp_path / "in.csv", SWLS + "P1,T1,1,1,1,1,1\n")
    code = puente.cli.main(["score", "swls", "--input", str(src), "--output", str(tmp_path / "no" / "o.csv")])
    assert code == 2 and "output folder does not exist" in capsys.readouterr().err


def test_special_code_is_accepted_and_counted(tmp_path, capsys):
    from puente.instruments.loader import load_definition

    ids = [item["id"] for item in load_definition("can")["items"]]
    header = ",".join(ids)
    src = write(tmp_path / "can.csv", f"{header}\n" + ",".join(["9", "1", "2"] + ["0"] * 19) + "\n")
    out = tmp_path / "can_scored.csv"
    assert puente.cli.main(["score", "can", "--input", str(src), "--output", str(out), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["mean"]["total_needs"] == 2 and summary["mean"]["not_known"] == 1


def test_instruments_list_and_show(capsys):
    assert puente.cli.main(["instruments", "list", "--json"]) == 0
    listing = json.loads(capsys.readouterr().out)
    assert [i["id"] for i in listing] == [
        "cami",
        "can",
        "copm",
        "emas",
        "ismi",
        "ras_r",
        "swls",
        "whoqol_bref",
    ]
    swls = next(i for i in listing if i["id"] == "swls")
    assert swls["items"] == 5 and swls["item_text_shipped"] is True

    assert puente.cli.main(["instruments", "show", "whoqol_bref", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["id"] == "whoqol_bref" and len(shown["items"]) == 26

    assert puente.cli.main(["instruments", "list"]) == 0
    assert "Satisfaction With Life Scale (5 items)" in capsys.readouterr().out
    assert puente.cli.main(["instruments", "show", "ras_r"]) == 0
    assert "unverified: factor membership" in capsys.readouterr().out

    assert puente.cli.main(["instruments", "show", "nope"]) == 2
    assert "unknown instrument 'nope'" in capsys.readouterr().err


def test_register_builds_a_standalone_parser():
    import argparse

    from puente.commands.instruments import register

    parser = argparse.ArgumentParser(prog="puente")
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["score", "swls", "--input", "a.csv", "--output", "b.csv"])
    assert callable(args.func) and args.json is False
