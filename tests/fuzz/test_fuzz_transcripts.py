"""Hostile transcripts: random bytes, broken archives, huge lines, odd Unicode and NULs are read or
refused clearly, by the reader, by the document service and through the upload page; never a crash
and never a partial write."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from puente.audit.models import AuditEvent
from puente.qualitative import transcripts
from puente.qualitative.models import Document, SpeakerTurn
from puente.qualitative.services import documents
from tests.conftest import client_for

KINDS = list(transcripts.FORMATS)


def docx_bytes(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def odt_bytes(paragraphs: list[str]) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    document = OpenDocumentText()
    for text in paragraphs:
        document.text.addElement(P(text=text))
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


GOOD = {
    "docx": docx_bytes(["Entrevistadora: ¿Cómo empezó?", "P7: Con un café en la plaza."]),
    "odt": odt_bytes(["Entrevistadora: ¿Cómo empezó?", "P7: Con un café en la plaza."]),
    "vtt": "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Entrevistadora>¿Cómo empezó?\n".encode(),
    "srt": "1\n00:00:01,000 --> 00:00:04,000\nP7: Con un café.\n".encode(),
    "txt": "Entrevistadora: ¿Cómo empezó?\nP7: Con un café.\n".encode(),
}
# Text that is hard on a reader: NULs, lone controls, bidirectional overrides, emoji, combining marks,
# other scripts, and every kind of line break.
ODD_TEXT = st.lists(
    st.one_of(
        st.text(max_size=20),
        st.sampled_from(
            ["\x00", "\u202e", "\u200b", "\ufeff", "\r", "\u2028", "🙂", "e\u0301", ":", "-->", "\n"]
        ),
    ),
    max_size=30,
).map("".join)


def read_or_refuse(data: bytes, kind: str) -> str | None:
    try:
        text = transcripts.read_transcript(data, kind)
    except transcripts.TranscriptError as error:
        assert str(error), "a refusal must say why"
        return None
    assert isinstance(text, str) and text.strip()
    transcripts.speaker_turns(text)  # the turn finder copes with whatever the reader let through
    return text


@given(blob=st.binary(max_size=3000), kind=st.sampled_from(KINDS))
def test_random_bytes_are_read_or_refused(blob, kind):
    read_or_refuse(blob, kind)


@given(text=ODD_TEXT, kind=st.sampled_from(["txt", "vtt", "srt"]))
def test_odd_unicode_text_is_read_or_refused(text, kind):
    header = "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n" if kind == "vtt" else ""
    read_or_refuse((header + text).encode("utf-8"), kind)


@given(data=st.data(), kind=st.sampled_from(["docx", "odt"]))
def test_damaged_word_and_opendocument_files_are_read_or_refused(data, kind):
    blob = bytearray(GOOD[kind])
    damage = data.draw(st.sampled_from(["truncate", "flip", "splice"]))
    if damage == "truncate":
        blob = blob[: data.draw(st.integers(0, len(blob) - 1))]
    elif damage == "flip":
        for _ in range(data.draw(st.integers(1, 8))):
            position = data.draw(st.integers(0, len(blob) - 1))
            blob[position] ^= data.draw(st.integers(1, 255))
    else:
        at = data.draw(st.integers(0, len(blob)))
        blob[at:at] = data.draw(st.binary(min_size=1, max_size=200))
    read_or_refuse(bytes(blob), kind)


@given(
    member=st.sampled_from(["word/document.xml", "content.xml", "../../evil.xml", "/etc/passwd"]),
    xml=st.one_of(
        ODD_TEXT,
        st.just('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'),
        st.just(
            '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><x>&b;</x>'
        ),
    ),
    kind=st.sampled_from(["docx", "odt"]),
)
def test_archives_with_hostile_members_are_read_or_refused(member, xml, kind):
    source = zipfile.ZipFile(io.BytesIO(GOOD[kind]))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for info in source.infolist():
            if info.filename != member:
                archive.writestr(info, source.read(info))
        archive.writestr(member, xml)
    text = read_or_refuse(buffer.getvalue(), kind)
    assert text is None or "root:" not in text, "an external entity must never be resolved"


def test_an_archive_that_unpacks_to_gigabytes_is_refused_unopened():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (transcripts.MAX_UNPACKED_BYTES + 1))
    assert len(buffer.getvalue()) < 1024 * 1024  # small on the wire
    for kind in ("docx", "odt"):
        with pytest.raises(transcripts.TranscriptError, match="unpacks to more than"):
            transcripts.read_transcript(buffer.getvalue(), kind)


@settings(max_examples=10)
@given(width=st.integers(100_000, 2_000_000), kind=st.sampled_from(["txt", "vtt", "srt"]))
def test_huge_lines_are_read_quickly(width, kind):
    line = "P7: " + "palabra " * (width // 8)
    cue = "00:00:00.000 --> 00:00:01.000\n" if kind != "txt" else ""
    header = "WEBVTT\n\n" if kind == "vtt" else ""
    text = read_or_refuse((header + cue + line).encode(), kind)
    assert text is not None and len(text) >= width // 2


def test_a_file_over_the_size_limit_is_refused_with_the_limit(monkeypatch):
    monkeypatch.setattr(transcripts, "MAX_BYTES", 1000)
    with pytest.raises(transcripts.TranscriptError, match="larger than"):
        transcripts.read_transcript(b"x" * 1001, "txt")


# Through the service and the page: one project per test, as the matrix builds it.


@pytest.fixture
def qda(world):
    from tests.qualitative.conftest import build_qda

    return build_qda(world)


def stored() -> tuple[int, int, int]:
    return Document.objects.count(), SpeakerTurn.objects.count(), AuditEvent.objects.count()


@given(
    filename=st.one_of(
        st.sampled_from(
            [f"entrevista.{kind}" for kind in KINDS] + ["x.exe", "sin-extension", ".txt", "a.TXT"]
        ),
        st.text(min_size=1, max_size=40),
    ),
    blob=st.one_of(st.binary(max_size=2000), st.sampled_from(list(GOOD.values())), ODD_TEXT.map(str.encode)),
)
def test_the_document_service_imports_or_refuses_without_a_trace(world, qda, filename, blob):
    before = stored()
    try:
        text, fmt = documents.read_upload(filename, blob)
        documents.do_import_document(
            actor=world.researcher,
            project=qda.project,
            title="Fuzz",
            text=text,
            source_format=fmt,
            language="es",
        )
    except ValidationError as error:
        assert error.messages and all(error.messages)
        assert stored() == before


@given(
    upload=st.one_of(
        st.none(),
        st.tuples(st.sampled_from([f"t.{k}" for k in KINDS] + ["t.pdf"]), st.binary(max_size=1500)),
        st.tuples(st.sampled_from(["t.docx", "t.odt", "t.vtt"]), st.sampled_from(list(GOOD.values()))),
    ),
    pasted=st.one_of(ODD_TEXT, st.just(""), st.just("P7: " + "x" * 50_000)),
    title=st.one_of(st.text(max_size=20), st.just("Entrevista"), st.just("x" * 400)),
    language=st.sampled_from(["es", "pt", "xx", ""]),
    kind=st.sampled_from(["interview", "focus_group", "nonsense", ""]),
)
def test_the_upload_page_answers_a_form_or_a_redirect(world, qda, upload, pasted, title, language, kind):
    client = client_for(world.researcher)
    url = reverse("qda_document_add", kwargs={"pk": qda.project.pk})
    data = {"title": title, "language": language, "kind": kind, "text": pasted}
    if upload is not None:
        data["file"] = SimpleUploadedFile(upload[0], upload[1])
    before = stored()
    response = client.post(url, data)
    assert response.status_code in {200, 302}
    if response.status_code == 200:
        assert stored() == before
        assert 'class="errors"' in response.content.decode() or "error" in response.content.decode()
