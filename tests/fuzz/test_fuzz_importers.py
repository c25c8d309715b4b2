"""Hostile or broken input to every importer: a clear refusal, never a crash."""

from __future__ import annotations

import contextlib
import io
import zipfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from puente.cli import main
from puente.instruments.loader import load_definition
from puente.instruments.redcap import RedcapError, from_redcap_csv, to_redcap_csv
from puente.interop.refiqda import RefiQdaError, read_qdpx

CSV_CELL = st.one_of(st.text(max_size=8), st.integers(-5, 12).map(str), st.just(""), st.floats().map(str))
CSV_TEXT = st.lists(st.lists(CSV_CELL, min_size=1, max_size=6), min_size=0, max_size=8).map(
    lambda rows: "\n".join(
        ",".join(cell.replace(",", ";").replace("\n", " ") for cell in row) for row in rows
    )
)


def run_cli(tmp_path: Path, args: list[str], content: str | bytes) -> int:
    data = tmp_path / "input.csv"
    if isinstance(content, str):
        data.write_text(content, encoding="utf-8", errors="surrogatepass")
    else:
        data.write_bytes(content)
    return main([*args[:1], *args[1:], "--input", str(data)])


@given(
    text=st.one_of(CSV_TEXT, st.text(max_size=300)), header=st.sampled_from(["A,B\n", "before,after\n", ""])
)
def test_stats_refuses_bad_files_with_exit_code_2(tmp_path_factory, text, header):
    tmp_path = tmp_path_factory.mktemp("stats")
    for command in (
        ["stats", "wilcoxon", "--before", "before", "--after", "after", "--json"],
        ["stats", "rm-anova", "--columns", "A,B", "--json"],
    ):
        assert run_cli(tmp_path, command, header + text) in {0, 2}


@given(text=st.one_of(CSV_TEXT, st.text(max_size=300)))
def test_score_refuses_bad_files_with_exit_code_2(tmp_path_factory, text):
    tmp_path = tmp_path_factory.mktemp("score")
    header = ",".join(item["id"] for item in load_definition("swls")["items"]) + "\n"
    out = tmp_path / "out.csv"
    code = run_cli(tmp_path, ["score", "swls", "--output", str(out), "--json"], header + text)
    assert code in {0, 2}
    if code == 2:
        assert not out.exists(), "a refused file must not leave a partial output"


@given(text=st.text(max_size=500))
def test_redcap_dictionaries_are_parsed_or_refused(text):
    with contextlib.suppress(RedcapError):
        from_redcap_csv(text)


@given(data=st.data())
def test_a_damaged_redcap_dictionary_is_refused_or_read(data):
    original = to_redcap_csv(load_definition("swls"))
    lines = original.splitlines()
    index = data.draw(st.integers(0, len(lines) - 1))
    lines[index] = data.draw(st.text(max_size=80))
    with contextlib.suppress(RedcapError):
        from_redcap_csv("\n".join(lines))


@given(blob=st.binary(max_size=2000))
def test_random_bytes_are_not_a_qdpx(tmp_path_factory, blob):
    path = tmp_path_factory.mktemp("qdpx") / "random.qdpx"
    path.write_bytes(blob)
    with contextlib.suppress(RefiQdaError):
        read_qdpx(path)


@given(xml=st.text(max_size=400), name=st.sampled_from(["project.qde", "x.qde", "../evil.qde"]))
def test_archives_with_broken_xml_are_refused(tmp_path_factory, xml, name):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, "<?xml version='1.0'?><Project xmlns='urn:QDA-XML:project:1.0'>" + xml)
    path = tmp_path_factory.mktemp("qdpx") / "broken.qdpx"
    path.write_bytes(buffer.getvalue())
    with contextlib.suppress(RefiQdaError):
        read_qdpx(path)
