"""Import/export against real REFI-QDA exports (NVivo 12.6, ATLAS.ti 8.4)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from puente.interop.refiqda import (
    ExtraNote,
    read_qdc,
    read_qde,
    read_qdpx,
    write_qdc,
    write_qdpx,
)
from puente.interop.refiqda.safety import PARSER_OPTIONS

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "puente" / "interop" / "refiqda" / "schemas"

# NVivo stored no selection text (every name="" ), so the evidence is the transcript itself: it is a
# one-field-per-line dump of YouTube comments and the coders coded whole comments. With NVivo's
# UTF-16 positions converted, these selections are exactly one comment line each, emoji included.
NVIVO_WHOLE_LINES = {
    "9d5ea80a-9fb7-4420-8fdd-ae1dc0ab0a83": (
        "Rohadt életbe, hogy az emberre rá akarnak erőszakolni valamit, ami csak ajánlott 😤😤😤"
    ),
    "5971f61e-f65f-4c83-8add-ae1dc1401e72": "Mocskos fidess propagandisták!🤮",
    "d3b80e30-e53d-48b5-90dd-ae1dc14a981d": "A. HAZUGSÁG FOLYIK 👍👍👍👍",
    "63f8f5d3-a7fb-41af-89dd-ae1dc0f6d6d5": "Mi az a fityesznek? Akkor írják át amikor akarják 🤣🤣🤣",
    "7154a758-6873-4134-badd-ae1dc04d3086": (
        "Senkit nem lehet kötelezni oltásra, ilyet csak ostoba korlátolt agyi kapacitással rendelkező "
        "emberhulladék hozhat aki nem szaporodhat és nem élhet."
    ),
}


def _schema(path: Path) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(path), parser=etree.XMLParser(**PARSER_OPTIONS)))


def _validate_qdpx(path: Path, xsd: Path) -> None:
    with zipfile.ZipFile(path) as zf:
        doc = etree.fromstring(zf.read("project.qde"), parser=etree.XMLParser(**PARSER_OPTIONS))
    schema = _schema(xsd)
    assert schema.validate(doc), schema.error_log


@pytest.fixture(scope="module")
def nvivo(nvivo_path):
    return read_qdpx(nvivo_path)


def _selections(project):
    return {sel.guid: (src, sel) for src in project.sources for sel in src.selections}


def test_bundled_schemas_are_the_published_ones(shared_schemas):
    for name in ("Project.xsd", "Codebook.xsd"):
        assert (SCHEMA_DIR / name).read_bytes() == (shared_schemas / name).read_bytes()
    assert "MIT" in (SCHEMA_DIR / "Project.xsd").read_text(encoding="utf-8")
    assert "MIT" in (SCHEMA_DIR / "LICENSE.txt").read_text(encoding="utf-8")


def test_nvivo_counts(nvivo):
    project, report = nvivo
    assert report.counts["users"] == 2
    assert report.counts["codes"] == 152
    assert report.counts["sources"] == 2
    assert report.counts["selections"] == 303
    assert report.counts["codings"] == 303
    assert {u.name for u in project.users} == {"Gergo", "floriansipos"}
    assert project.codes[0].description == "COVID vay nem COVID"
    assert project.codes[1].parent == project.codes[0].guid  # hierarchy kept
    assert report.warnings == []


def test_nvivo_utf16_positions_detected_and_converted(nvivo):
    project, report = nvivo
    coded = project.sources[1]
    assert report.positions[coded.guid] == "utf16"
    assert report.converted_selections == 303
    assert "\r\n" in coded.text and any(ord(c) > 0xFFFF for c in coded.text)
    assert not coded.text.startswith("\ufeff")


def test_nvivo_selections_land_on_whole_comments(nvivo):
    project, _ = nvivo
    sels = _selections(project)
    for guid, expected in NVIVO_WHOLE_LINES.items():
        src, sel = sels[guid]
        assert src.text[sel.start : sel.end] == expected
        assert src.text[sel.start - 2 : sel.start] == "\r\n"
        assert src.text[sel.end : sel.end + 2] == "\r\n"


def _aligned(project) -> int:
    """Selections that start at a line start or after a space or sentence end, as hand-made ones do."""
    return sum(
        sel.start == 0 or src.text[sel.start - 1] in "\n .!?"
        for src in project.sources
        for sel in src.selections
    )


def test_nvivo_all_selections_inside_source_and_aligned(nvivo):
    project, _ = nvivo
    for src in project.sources:
        for sel in src.selections:
            assert 0 <= sel.start < sel.end <= len(src.text)
            text = src.text[sel.start : sel.end]
            assert not text.startswith(("\r", "\n")) and not text.endswith("\r")
    # 302 of 303; the one left over skips the first letter of a comment ("J|avitsatok"), a coder's slip
    assert _aligned(project) >= 302


def test_nvivo_code_points_would_be_wrong(nvivo_path):
    project, report = read_qdpx(nvivo_path, positions="codepoints")
    assert report.positions[project.sources[1].guid] == "codepoints"
    src, sel = _selections(project)["9d5ea80a-9fb7-4420-8fdd-ae1dc0ab0a83"]
    assert src.text[sel.start : sel.end] != NVIVO_WHOLE_LINES[sel.guid]
    assert _aligned(project) < 150  # reading NVivo's numbers as code points drifts after each emoji


def test_atlas_bare_qde(atlas_path):
    project, report = read_qde(atlas_path)
    assert report.counts["users"] == 3
    assert report.counts["codes"] == 14
    assert report.counts["notes"] == 2
    assert len(project.sources) == 6
    assert report.counts["selections"] == 6  # + 2 in the PDF representation, kept unmodelled
    kinds = sorted(u.kind for u in project.unmodelled)
    assert kinds == sorted(
        [
            "PictureSource",
            "PDFSource",
            "PDFSource",
            "AudioSource",
            "VideoSource",
            "VideoSource",
            "Link",
            "Graph",
        ]
    )
    feelings = next(s for s in project.sets if s.name == "Feelings")
    assert len(feelings.member_codes) == 6
    assert any(s.member_sources for s in project.sets)
    assert project.notes[0].text.startswith("This is a great project")
    sel = next(s for src in project.sources for s in src.selections if s.guid.startswith("4191294A"))
    assert sel.name == "Oh, that was great. See you tomorrow? Eleven thirty. Mm."
    # no source texts in a bare .qde: said so, not hidden
    assert any("not available" in w for w in report.warnings)


@pytest.mark.parametrize("sample", ["nvivo", "atlas"])
def test_round_trip_equal_and_valid(sample, nvivo_path, atlas_path, shared_schemas, tmp_path):
    first, _ = read_qdpx(nvivo_path) if sample == "nvivo" else read_qde(atlas_path)
    out = tmp_path / "out.qdpx"
    write_qdpx(first, out)
    _validate_qdpx(out, shared_schemas / "Project.xsd")
    second, _ = read_qdpx(out)
    assert second == first
    again = tmp_path / "again.qdpx"
    write_qdpx(second, again)
    third, _ = read_qdpx(again)
    assert third == first


def test_export_positions_are_code_points_over_utf8(nvivo, tmp_path):
    project, _ = nvivo
    out = tmp_path / "out.qdpx"
    write_qdpx(project, out)
    with zipfile.ZipFile(out) as zf:
        root = etree.fromstring(zf.read("project.qde"), parser=etree.XMLParser(**PARSER_OPTIONS))
        assert root.get("origin") == "Puente"
        src = project.sources[1]
        raw = zf.read(f"Sources/{src.guid}.txt")
        assert not raw.startswith(b"\xef\xbb\xbf")
        text = raw.decode("utf-8")
        docx = [n for n in zf.namelist() if n.endswith(".docx")]
        assert len(docx) == 2  # rich text carried along
    guid = "5971f61e-f65f-4c83-8add-ae1dc1401e72"
    sel = root.find(f".//{{urn:QDA-XML:project:1.0}}PlainTextSelection[@guid='{guid}']")
    start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
    assert text[start:end] == "Mocskos fidess propagandisták!🤮"


def test_extra_notes_go_out_as_notes_and_are_reported(nvivo, tmp_path):
    project, _ = nvivo
    code = project.codes[3]
    src = project.sources[1]
    extra = [
        ExtraNote(
            kind="framework-matrix cell",
            title="Theme x Participant 7",
            text="Summary: distrust.",
            about=[code.guid, src.guid],
        ),
        ExtraNote(kind="framework-matrix", title="Matrix overview", text="Two themes charted."),
    ]
    out = tmp_path / "notes.qdpx"
    report = write_qdpx(project, out, extra_notes=extra)
    assert len(report.converted) == 2
    assert "framework-matrix cell" in report.converted[0] and "Note" in report.converted[0]
    assert project.codes[3].note_refs == []  # caller's project untouched
    back, _ = read_qdpx(out)
    notes = {n.name: n for n in back.notes}
    cell = notes["Theme x Participant 7"]
    assert cell.text == "Summary: distrust."
    assert cell.guid in back.codes[3].note_refs
    assert cell.guid in back.sources[1].note_refs
    assert notes["Matrix overview"].guid in back.note_refs


def test_codebook_round_trip(atlas_path, tmp_path):
    project, _ = read_qde(atlas_path)
    out = tmp_path / "book.qdc"
    report = write_qdc(project, out)
    assert report.counts["codes"] == 14
    schema = _schema(SCHEMA_DIR / "Codebook.xsd")
    assert schema.validate(etree.parse(str(out), parser=etree.XMLParser(**PARSER_OPTIONS)))
    book, _ = read_qdc(out)
    assert book == project.codebook()
    assert [c.color for c in book.codes] == [c.color for c in project.codes]


def test_reads_file_objects_and_lowercase_sources_dir(nvivo_path, tmp_path):
    with zipfile.ZipFile(nvivo_path) as src, zipfile.ZipFile(tmp_path / "x.qdpx", "w") as dst:
        for info in src.infolist():
            name = info.filename.replace("Sources/", "sources/").replace("project.qde", "export.qde")
            dst.writestr(name, src.read(info))
    data = (tmp_path / "x.qdpx").read_bytes()
    project, report = read_qdpx(io.BytesIO(data))
    assert report.counts["codings"] == 303
    assert report.positions[project.sources[1].guid] == "utf16"
