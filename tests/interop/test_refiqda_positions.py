"""Detecting and converting UTF-16 positions (NVivo) to code points."""

from __future__ import annotations

import io

import numpy as np
import pytest

from puente.interop.refiqda import RefiQdaError, read_qde
from puente.interop.refiqda.positions import Utf16Map, decide_mode

TEXT = "a😀b\r\nc😀d"  # 8 code points (a=0 😀=1 b=2 \r=3 \n=4 c=5 😀=6 d=7), 10 UTF-16 units


def test_map_round_trip():
    umap = Utf16Map(TEXT)
    assert umap.length == len(TEXT.encode("utf-16-le")) // 2 == 10
    units = np.array([0, 1, 3, 4, 6, 7, 9, 10])
    cps = umap.to_codepoints(units)
    assert cps.tolist() == [0, 1, 2, 3, 5, 6, 7, 8]
    assert umap.to_utf16(cps).tolist() == units.tolist()
    with pytest.raises(RefiQdaError, match="surrogate"):
        umap.to_codepoints(np.array([2]))


@pytest.mark.parametrize(
    ("positions", "origin", "mode"),
    [
        ([0, 10], None, "utf16"),  # 10 > 8 code points but fits 10 UTF-16 units
        ([2, 3], None, "codepoints"),  # 2 would split the first emoji pair in UTF-16
        ([0, 1], "NVivo for Mac 12", "utf16"),  # no hard evidence: the producer's habit decides
        ([0, 1], "ATLAS.ti 9", "codepoints"),  # the standard
    ],
)
def test_decide_mode(positions, origin, mode):
    assert decide_mode(TEXT, np.array(positions), origin, "auto")[0] == mode


def test_bmp_only_text_needs_no_decision():
    assert decide_mode("plain\r\ntext", np.array([0, 5]), "NVivo", "auto")[0] == "identical"


def _qde(start: int, end: int, origin: str) -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="p" origin="{origin}">
  <CodeBook><Codes>
    <Code guid="11111111-1111-4111-8111-111111111111" name="c" isCodable="true"/>
  </Codes></CodeBook>
  <Sources><TextSource guid="22222222-2222-4222-8222-222222222222" plainTextPath="internal://t.txt">
    <PlainTextSelection guid="33333333-3333-4333-8333-333333333333"
        startPosition="{start}" endPosition="{end}">
      <Coding guid="44444444-4444-4444-8444-444444444444">
        <CodeRef targetGUID="11111111-1111-4111-8111-111111111111"/></Coding>
    </PlainTextSelection></TextSource></Sources>
</Project>""".encode()


def test_read_qde_with_texts_converts_nvivo_positions():
    # "c😀d" is UTF-16 units 6..10 and code points 5..8
    nvivo = _qde(6, 10, "NVivo for Windows 12.6")
    project, report = read_qde(io.BytesIO(nvivo), texts={"t.txt": TEXT})
    sel = project.sources[0].selections[0]
    assert TEXT[sel.start : sel.end] == "c😀d"
    assert report.converted_selections == 1


def test_forced_modes():
    data = _qde(5, 8, "Other")
    project, _ = read_qde(io.BytesIO(data), positions="codepoints", texts={"t.txt": TEXT})
    sel = project.sources[0].selections[0]
    assert TEXT[sel.start : sel.end] == "c😀d"
    with pytest.raises(ValueError):
        read_qde(io.BytesIO(data), positions="bytes", texts={"t.txt": TEXT})


def test_benchmark_smoke():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_refiqda.py"
    spec = importlib.util.spec_from_file_location("bench_refiqda", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    project = module.make_project(sources=20, codings=500, chars=100_000)
    assert sum(1 for _ in project.iter_codings()) == 500
