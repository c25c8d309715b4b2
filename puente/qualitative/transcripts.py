"""Turn uploaded transcripts into plain text, and find speaker turns (pure, no Django).

Plain text is kept exactly as written (only a UTF-8 byte-order mark is dropped, as it is not text).
Word (.docx) and OpenDocument (.odt) files give one line per paragraph. WebVTT and SRT captions give
one line per speaker turn, consecutive cues of the same speaker joined.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass


class TranscriptError(ValueError):
    """The file cannot be read as a transcript of the stated format."""


FORMATS = ("txt", "docx", "odt", "vtt", "srt")
MAX_BYTES = 20 * 1024 * 1024


def detect_format(filename: str) -> str | None:
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return ext if ext in FORMATS else None


def decode_utf8(data: bytes) -> str:
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise TranscriptError(f"the file is not UTF-8 text (byte {exc.start} cannot be read)") from None


# What a Word or OpenDocument file may unpack to: a transcript is text, so far less than this. A small
# archive that unpacks to gigabytes (a "zip bomb") is refused before anything is decompressed.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024


def check_archive(data: bytes, what: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise TranscriptError(f"not a readable {what} ({type(exc).__name__})") from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise TranscriptError(f"the file unpacks to more than {MAX_UNPACKED_BYTES // (1024 * 1024)} MB")


def read_docx(data: bytes) -> str:
    import docx

    check_archive(data, "Word document")
    try:
        document = docx.Document(io.BytesIO(data))
        # A well-formed archive can still hold a body that is not a document's: reading it fails too.
        return "\n".join(p.text for p in document.paragraphs)
    except Exception as exc:  # python-docx raises several unrelated types for a broken file
        raise TranscriptError(f"not a readable Word document ({type(exc).__name__})") from None


def read_odt(data: bytes) -> str:
    from odf import teletype
    from odf.namespaces import TEXTNS
    from odf.opendocument import load

    check_archive(data, "OpenDocument text")
    try:
        document = load(io.BytesIO(data))
        # A well-formed archive can still lack the text body (a spreadsheet, a damaged content.xml).
        return "\n".join(
            teletype.extractText(element)
            for element in document.text.childNodes
            if element.qname in ((TEXTNS, "p"), (TEXTNS, "h"))
        )
    except Exception as exc:  # odfpy raises several unrelated types for a broken file
        raise TranscriptError(f"not a readable OpenDocument text ({type(exc).__name__})") from None


_TIMING = re.compile(r"^\s*(?:\d{1,2}:)?\d{1,2}:\d{2}[.,]\d{3}\s*-->\s*(?:\d{1,2}:)?\d{1,2}:\d{2}[.,]\d{3}")
_VOICE = re.compile(r"^<v(?:\.[\w.-]+)?\s+([^>]+)>(.*?)(?:</v>)?$", re.S)
_TAGS = re.compile(r"</?[a-z][^>]*>")


def read_captions(raw: str, kind: str) -> str:
    """WebVTT or SRT: cue text only, 'Speaker: text' lines when a voice is given."""
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if kind == "vtt" and not lines[0].startswith("WEBVTT"):
        raise TranscriptError("a WebVTT file must start with WEBVTT")
    cues: list[list[str]] = []
    current: list[str] | None = None
    skipping_block = False
    for line in lines:
        if _TIMING.match(line):
            current = []
            cues.append(current)
            skipping_block = False
            continue
        if not line.strip():
            current = None
            skipping_block = False
            continue
        if current is None:
            # Cue numbers (SRT), cue ids, the WEBVTT header, NOTE/STYLE/REGION blocks.
            skipping_block = skipping_block or line.startswith(("NOTE", "STYLE", "REGION"))
            continue
        if not skipping_block:
            current.append(line)
    if not cues:
        raise TranscriptError("no caption cues found (no 00:00:00.000 --> 00:00:00.000 timings)")
    turns: list[tuple[str | None, str]] = []
    for cue in cues:
        joined = " ".join(part.strip() for part in cue).strip()
        speaker = None
        voice = _VOICE.match(joined)
        if voice:
            speaker, joined = voice.group(1).strip(), voice.group(2)
        joined = _TAGS.sub("", joined).strip()
        if not joined:
            continue
        if speaker is not None and turns and turns[-1][0] == speaker:
            turns[-1] = (speaker, turns[-1][1] + " " + joined)
        else:
            turns.append((speaker, joined))
    return "\n".join(f"{s}: {t}" if s else t for s, t in turns)


def read_transcript(data: bytes, kind: str) -> str:
    if len(data) > MAX_BYTES:
        raise TranscriptError(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    if kind == "txt":
        text = decode_utf8(data)
    elif kind == "docx":
        text = read_docx(data)
    elif kind == "odt":
        text = read_odt(data)
    elif kind in ("vtt", "srt"):
        text = read_captions(decode_utf8(data), kind)
    else:
        raise TranscriptError(f"unknown format {kind!r}")
    if not text.strip():
        raise TranscriptError("the file holds no text")
    return text


# A turn starts at the beginning of a line with a short label and a colon: "P7:", "Interviewer:",
# "Entrevistadora:", "[00:01:02] Moderador:", "PSW 2:". At most four words, no sentence punctuation.
_TURN = re.compile(
    r"^[ \t]*(?:\[?\(?\d{1,2}:\d{2}(?::\d{2})?\)?\]?[ \t]*)?"
    r"(?P<label>[^\W\d_][\w'\-]*(?:[ \t][\w'\-]+){0,3}|[A-Z]{1,3}\d{1,3})"
    r"[ \t]*:(?=[ \t]|$)",
    re.M,
)


@dataclass(frozen=True)
class Turn:
    speaker: str
    start: int
    end: int


def speaker_turns(text: str) -> list[Turn]:
    """Speaker turns: each runs from its label to the next label (or the end of the text)."""
    marks = [(m.start("label"), m.group("label").strip()) for m in _TURN.finditer(text)]
    turns = []
    for index, (start, label) in enumerate(marks):
        end = marks[index + 1][0] if index + 1 < len(marks) else len(text)
        # The previous turn ends at the line break before the next label.
        stop = text.rfind("\n", start, end)
        end = stop if index + 1 < len(marks) and stop > start else end
        turns.append(Turn(label, start, end))
    return turns
