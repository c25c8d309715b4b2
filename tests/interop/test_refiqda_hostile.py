"""Hostile or broken input is refused with RefiQdaError, and nothing is returned or written."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import pytest

from puente.interop.refiqda import (
    Code,
    Project,
    RefiQdaError,
    ZipLimits,
    read_qdc,
    read_qde,
    read_qdpx,
    write_qdpx,
)

LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE Project [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&lol9;"/>"""

XXE = """<?xml version="1.0"?>
<!DOCTYPE Project [<!ENTITY secret SYSTEM "file:///etc/hostname">]>
<Project xmlns="urn:QDA-XML:project:1.0" name="x"><Description>&secret;</Description></Project>"""

XXE_DTD = """<?xml version="1.0"?>
<!-- a comment first does not hide it -->
<!DOCTYPE Project SYSTEM "http://127.0.0.1:9/evil.dtd">
<Project xmlns="urn:QDA-XML:project:1.0" name="x"/>"""


def _refused(fn, *args, match: str, **kwargs) -> RefiQdaError:
    with pytest.raises(RefiQdaError, match=match) as info:
        fn(*args, **kwargs)
    return info.value


def test_the_crafted_baseline_is_accepted(crafted):
    project, report = read_qdpx(crafted())
    src = project.sources[0]
    assert src.text[src.selections[0].start : src.selections[0].end] == "hello"
    assert report.warnings == []


@pytest.mark.parametrize(
    "xml", [LAUGHS, XXE, XXE_DTD], ids=["billion-laughs", "external-entity", "external-dtd"]
)
def test_doctype_refused_everywhere(xml, crafted, kit):
    _refused(read_qdpx, crafted({"project.qde": xml}), match="DOCTYPE")
    _refused(read_qde, io.BytesIO(xml.encode()), match="DOCTYPE")
    codebook = xml.replace("Project", "CodeBook").replace("project:1.0", "codebook:1.0")
    _refused(read_qdc, io.BytesIO(codebook.encode()), match="DOCTYPE")


def test_doctype_in_utf16_refused():
    data = XXE.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>').encode("utf-16")
    _refused(read_qde, io.BytesIO(data), match="DOCTYPE")


@pytest.mark.parametrize(
    "name", ["../evil.txt", "Sources/../../evil.txt", "/etc/evil.txt", "C:/evil.txt", "..\\evil.txt"]
)
def test_paths_escaping_the_archive_refused(name, kit):
    path = kit.make_qdpx(
        kit.tmp / "p.qdpx",
        {
            "project.qde": kit.project_xml(),
            f"Sources/{kit.SRC}.txt": "hello world",
            name: "x",
        },
    )
    _refused(read_qdpx, path, match="absolute path|escapes the archive")


def test_plain_text_path_escaping_refused(kit):
    xml = kit.project_xml().replace(f"internal://{kit.SRC}.txt", "internal://../../etc/passwd")
    path = kit.make_qdpx(kit.tmp / "p.qdpx", {"project.qde": xml})
    _refused(read_qdpx, path, match="escapes the archive")


def test_zip_bomb_ratio_refused(kit):
    # 64 MiB of zeros deflates to ~64 KiB: a ratio near 1000
    bomb = b"\0" * (64 * 1024**2)
    path = kit.make_qdpx(
        kit.tmp / "bomb.qdpx",
        {
            "project.qde": kit.project_xml(),
            f"Sources/{kit.SRC}.txt": "hello world",
            "Sources/pad.bin": bomb,
        },
    )
    _refused(read_qdpx, path, match="compression ratio")


def test_total_size_limit_refused(crafted):
    _refused(read_qdpx, crafted(), limits=ZipLimits(max_total_bytes=100), match="zip bomb")


def test_lying_header_sizes_do_not_help(kit):
    """Header claims 1 KiB; the deflated stream holds 8 MiB. Reading stops at the claim and fails."""
    path = kit.make_qdpx(
        kit.tmp / "liar.qdpx",
        {
            "project.qde": kit.project_xml(),
            f"Sources/{kit.SRC}.txt": "hello world",
            "Sources/big.bin": b"A" * (8 * 1024**2),
        },
    )
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("Sources/big.bin")
    real = info.file_size
    lie = struct.pack("<I", 1024)
    # local header: uncompressed size at offset 22; central directory entry: offset 24
    local = info.header_offset
    data[local + 22 : local + 26] = lie
    central = 0
    pos = 0
    while (pos := data.find(b"PK\x01\x02", pos)) != -1:
        name_len = struct.unpack("<H", data[pos + 28 : pos + 30])[0]
        if data[pos + 46 : pos + 46 + name_len] == b"Sources/big.bin":
            data[pos + 24 : pos + 28] = lie
            central = pos
        pos += 4
    assert central and real > 1024
    liar = kit.tmp / "liar2.qdpx"
    liar.write_bytes(bytes(data))
    err = _refused(read_qdpx, liar, match="corrupt")
    assert "big.bin" in str(err)


@pytest.mark.parametrize(
    ("start", "end", "match"),
    [(0, 99, "past the end"), (6, 2, "out of order"), (-1, 3, "out of order")],
)
def test_bad_offsets_refused(start, end, match, crafted):
    _refused(read_qdpx, crafted(start=start, end=end), match=match)


def test_coding_to_unknown_code_refused(crafted):
    _refused(read_qdpx, crafted(code_ref="99999999-9999-4999-8999-999999999999"), match="code 99999999")


def test_member_code_to_unknown_code_refused(crafted):
    sets = """
  <Sets><Set guid="66666666-6666-4666-8666-666666666666" name="group">
    <MemberCode targetGUID="77777777-7777-4777-8777-777777777777"/></Set></Sets>"""
    _refused(read_qdpx, crafted(extra=sets), match="code 77777777")


def test_codebook_member_code_to_unknown_code_refused():
    xml = """<?xml version="1.0"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>
      <Code guid="11111111-1111-4111-8111-111111111111" name="a" isCodable="true"/></Codes>
      <Sets><Set guid="66666666-6666-4666-8666-666666666666" name="g">
      <MemberCode guid="77777777-7777-4777-8777-777777777777"/></Set></Sets></CodeBook>"""
    _refused(read_qdc, io.BytesIO(xml.encode()), match="does not exist")


def test_non_zip_refused(kit):
    path = kit.tmp / "not.qdpx"
    path.write_bytes(b"this is not a zip file at all" * 10)
    _refused(read_qdpx, path, match="zip")


def test_missing_project_qde_refused(kit):
    path = kit.make_qdpx(kit.tmp / "empty.qdpx", {f"Sources/{kit.SRC}.txt": "hello world"})
    _refused(read_qdpx, path, match="no project.qde")


@pytest.mark.parametrize(
    ("xml", "match"),
    [
        ("<Project xmlns='urn:QDA-XML:project:1.0' name='x'><Users>", "malformed"),
        ("", "malformed|empty"),
        ("<Other xmlns='urn:x'/>", "not a REFI-QDA project"),
        (
            "<Project xmlns='urn:QDA-XML:project:1.0' name='x'><Description>&nope;</Description></Project>",
            "malformed",
        ),
    ],
    ids=["truncated", "empty", "wrong-root", "undeclared-entity"],
)
def test_malformed_xml_refused(xml, match, crafted):
    _refused(read_qdpx, crafted({"project.qde": xml}), match=match)


def test_invalid_utf8_text_refused(kit):
    path = kit.make_qdpx(
        kit.tmp / "p.qdpx", {"project.qde": kit.project_xml(), f"Sources/{kit.SRC}.txt": b"\xff\xfe"}
    )
    _refused(read_qdpx, path, match="UTF-8")


def test_invalid_export_writes_nothing(tmp_path: Path):
    project = Project(name="bad", codes=[Code(guid="not-a-guid", name="x")])
    target = tmp_path / "out.qdpx"
    _refused(write_qdpx, project, target, match="does not validate")
    assert list(tmp_path.iterdir()) == []
