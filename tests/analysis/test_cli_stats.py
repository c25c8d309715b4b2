"""`puente stats`: JSON keys, readable tables and exit code 2 on bad input."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

import puente.cli
from puente.commands import stats as stats_command


def _csv(tmp_path: Path, text: str, name: str = "data.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.fixture
def main(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(puente.cli, "COMMAND_MODULES", ["puente.commands.stats"])
    return puente.cli.main


@pytest.fixture
def bushtucker(tmp_path: Path) -> str:
    rows = ["id,a,b,c,d,grp"]
    data = [
        (8, 7, 1, 6),
        (9, 5, 2, 5),
        (6, 2, 3, 8),
        (5, 3, 1, 9),
        (8, 4, 5, 8),
        (7, 5, 6, 7),
        (10, 2, 7, 2),
        (12, 6, 8, 1),
    ]
    for i, r in enumerate(data):
        rows.append(f"{i},{r[0]},{r[1]},{r[2]},{r[3]},{'x' if i % 2 else 'y'}")
    rows.append("99,,3,4,5,")  # a missing value: dropped listwise / as a missing pair
    return _csv(tmp_path, "\n".join(rows) + "\n")


def _json(main, capsys: pytest.CaptureFixture[str], argv: list[str]) -> dict:
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


EXPECTED_KEYS = {
    "wilcoxon": {
        "n",
        "n_dropped",
        "n_positive",
        "n_negative",
        "n_ties",
        "sum_positive_ranks",
        "sum_negative_ranks",
        "z",
        "p",
        "p_exact",
        "r",
    },
    "mannwhitney": {"n1", "n2", "n_dropped", "u", "w", "z", "p", "p_exact", "r"},
    "ttest-paired": {
        "n",
        "n_dropped",
        "mean_difference",
        "t",
        "df",
        "p",
        "ci_low",
        "ci_high",
        "cohen_dz",
        "cohen_dav",
    },
    "ttest-ind": {"n_dropped", "t", "df", "p", "welch_t", "welch_df", "welch_p", "cohen_ds", "hedges_g"},
    "rm-anova": {
        "n",
        "n_dropped",
        "f",
        "df1",
        "df2",
        "p",
        "partial_eta_squared",
        "mauchly_w",
        "mauchly_chi2",
        "mauchly_p",
        "gg_epsilon",
        "hf_epsilon",
        "lb_epsilon",
        "p_gg",
        "p_hf",
    },
    "friedman": {"n", "n_dropped", "chi2", "df", "p", "kendall_w"},
    "alpha": {"n_cases", "n_dropped", "n_items", "alpha", "alpha_standardized"},
}

ARGS = {
    "wilcoxon": ["--before", "a", "--after", "b"],
    "mannwhitney": ["--value", "a", "--group", "grp"],
    "ttest-paired": ["--before", "a", "--after", "b"],
    "ttest-ind": ["--value", "a", "--group", "grp"],
    "rm-anova": ["--columns", "a,b,c,d"],
    "friedman": ["--columns", "a,b,c,d"],
    "alpha": ["--columns", "a,b,c"],
}


@pytest.mark.parametrize("analysis", sorted(EXPECTED_KEYS))
def test_json_keys(main, capsys, bushtucker: str, analysis: str) -> None:
    out = _json(main, capsys, ["stats", analysis, "--input", bushtucker, "--json", *ARGS[analysis]])
    assert set(out) == EXPECTED_KEYS[analysis]
    assert out["n_dropped"] == 1


@pytest.mark.parametrize("analysis", sorted(EXPECTED_KEYS))
def test_readable_tables(main, capsys, bushtucker: str, analysis: str) -> None:
    assert main(["stats", analysis, "--input", bushtucker, *ARGS[analysis]]) == 0
    out = capsys.readouterr().out
    assert "dropped" in out and "---" in out


def test_rm_anova_values_through_the_command(main, capsys, bushtucker: str) -> None:
    out = _json(main, capsys, ["stats", "rm-anova", "--input", bushtucker, "--columns", "a,b,c,d", "--json"])
    assert (out["n"], out["df1"], out["df2"]) == (8, 3, 21)
    assert out["f"] == pytest.approx(3.793806, abs=5e-7)
    assert out["mauchly_p"] == pytest.approx(0.046846, abs=5e-7)
    text_rc = main(["stats", "rm-anova", "--input", bushtucker, "--columns", "a,b,c,d"])
    text = capsys.readouterr().out
    assert text_rc == 0 and "Greenhouse-Geisser" in text and "3.794" in text and "Bonferroni" in text


def test_wilcoxon_omits_p_exact_when_not_computed(main, capsys, tmp_path: Path) -> None:
    lines = ["a,b"] + [f"{i},{i + (i % 7) - 2.5}" for i in range(60)]
    out = _json(
        main,
        capsys,
        [
            "stats",
            "wilcoxon",
            "--input",
            _csv(tmp_path, "\n".join(lines)),
            "--before",
            "a",
            "--after",
            "b",
            "--json",
        ],
    )
    assert "p_exact" not in out and out["n"] == 60


def test_own_parser_sets_func(bushtucker: str) -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command")
    stats_command.register(sub)
    args = parser.parse_args(["stats", "friedman", "--input", bushtucker, "--columns", "a,b", "--json"])
    assert callable(args.func)
    assert args.func(args) == 0


@pytest.mark.parametrize(
    ("content", "argv", "message"),
    [
        (None, ["stats", "wilcoxon", "--before", "a", "--after", "b"], "not found"),
        ("a,b\n1,2\n3,4\n5,7\n", ["stats", "wilcoxon", "--before", "a", "--after", "zz"], "unknown column"),
        (
            "a,b\n1,2\nthree,4\n5,7\n",
            ["stats", "ttest-paired", "--before", "a", "--after", "b"],
            "not a number",
        ),
        ("a,b\n1,2\n,4\n5,\n", ["stats", "ttest-paired", "--before", "a", "--after", "b"], "fewer than 2"),
        ("a,b\n1,2\n1,4\n1,7\n", ["stats", "wilcoxon", "--before", "a", "--after", "b"], "constant"),
        (
            "v,g\n1,x\n2,y\n3,z\n4,x\n",
            ["stats", "ttest-ind", "--value", "v", "--group", "g"],
            "exactly 2 groups",
        ),
        (
            "v,g\n1,x\n2,x\n3,x\n",
            ["stats", "mannwhitney", "--value", "v", "--group", "g"],
            "exactly 2 groups",
        ),
        ("v,g\n5,x\n5,y\n5,x\n5,y\n", ["stats", "mannwhitney", "--value", "v", "--group", "g"], "constant"),
        ("a,b,c\n1,2,3\n2,3,5\n", ["stats", "alpha", "--columns", "a"], "at least 2"),
        ("a,b,c\n1,2,3\n2,3,5\n4,5,6\n", ["stats", "rm-anova", "--columns", "a,b"], "zero"),
    ],
)
def test_bad_input_exits_2(
    main, capsys, tmp_path: Path, content: str | None, argv: list[str], message: str
) -> None:
    path = str(tmp_path / "missing.csv") if content is None else _csv(tmp_path, content)
    assert main([*argv[:2], "--input", path, *argv[2:]]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1
