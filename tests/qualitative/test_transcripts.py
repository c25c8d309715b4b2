"""Reading transcripts (txt, docx, odt, WebVTT, SRT) and finding speaker turns."""

from __future__ import annotations

import io

import pytest

from puente.qualitative import transcripts as t
from puente.qualitative.layout import layout


def test_plain_text_is_kept_exactly_apart_from_a_byte_order_mark():
    raw = "P1: Hola\r\n\r\nP2:  dos  espacios\tañ 🙂\n"
    assert t.read_transcript(b"\xef\xbb\xbf" + raw.encode("utf-8"), "txt") == raw


def test_text_that_is_not_utf8_is_refused_with_a_reason():
    with pytest.raises(t.TranscriptError, match="not UTF-8"):
        t.read_transcript("Entrevistador: año".encode("latin-1"), "txt")


def test_it_reads_paragraphs_of_a_word_document():
    import docx

    document = docx.Document()
    document.add_paragraph("Entrevistadora: ¿Cómo está?")
    document.add_paragraph("P4: Bien, gracias 🙂")
    out = io.BytesIO()
    document.save(out)
    assert t.read_transcript(out.getvalue(), "docx") == "Entrevistadora: ¿Cómo está?\nP4: Bien, gracias 🙂"


def test_a_broken_word_document_is_refused():
    with pytest.raises(t.TranscriptError, match="Word"):
        t.read_transcript(b"PK\x03\x04 not really a zip", "docx")


def test_it_reads_paragraphs_of_an_opendocument_text():
    from odf import text
    from odf.opendocument import OpenDocumentText

    document = OpenDocumentText()
    document.text.addElement(text.P(text="Moderador: Bienvenidos."))
    document.text.addElement(text.P(text="PSW 2: Gracias por venir."))
    out = io.BytesIO()
    document.write(out)
    assert t.read_transcript(out.getvalue(), "odt") == "Moderador: Bienvenidos.\nPSW 2: Gracias por venir."


def test_webvtt_voices_become_speaker_turns_and_cues_of_one_speaker_join():
    vtt = (
        "WEBVTT\n\nNOTE made by a transcription tool\n\n1\n00:00:01.000 --> 00:00:03.000\n"
        "<v Interviewer>How did it go?</v>\n\n00:00:03.500 --> 00:00:05.000\n<v P7>It went well.\n\n"
        "00:00:05.000 --> 00:00:07.000\n<v P7><i>Really</i> well.\n"
    )
    assert (
        t.read_transcript(vtt.encode(), "vtt")
        == "Interviewer: How did it go?\nP7: It went well. Really well."
    )


def test_srt_cues_are_read_without_numbers_and_timings():
    srt = (
        "1\n00:00:01,000 --> 00:00:02,000\nP1: Hola.\n\n"
        "2\n00:00:02,500 --> 00:00:04,000\nP2: Buenas\ntardes.\n"
    )
    assert t.read_transcript(srt.encode(), "srt") == "P1: Hola.\nP2: Buenas tardes."


def test_a_caption_file_without_cues_is_refused():
    with pytest.raises(t.TranscriptError, match="no caption cues"):
        t.read_transcript(b"WEBVTT\n\njust text\n", "vtt")


def test_speaker_turns_are_found_at_line_starts():
    text = (
        "Entrevistador: ¿Y su par?\nP7: Me acompañó.\nSeguía hablando.\n"
        "[00:12:03] Interviewer: Thanks.\nNota al margen sin dos puntos\n"
    )
    turns = t.speaker_turns(text)
    assert [(x.speaker, text[x.start : x.end]) for x in turns] == [
        ("Entrevistador", "Entrevistador: ¿Y su par?"),
        ("P7", "P7: Me acompañó.\nSeguía hablando."),
        ("Interviewer", "Interviewer: Thanks.\nNota al margen sin dos puntos\n"),
    ]


def test_a_sentence_with_a_colon_is_not_a_speaker():
    assert t.speaker_turns("Le dije esto a mi hermana cuando volvimos: que no.\n") == []


def test_the_layout_covers_the_text_exactly_and_cuts_at_codings():
    text = "P1: Una frase. Otra 🙂 frase!\r\n\r\nP2: Fin."
    lines = layout(text, [(4, 20, 7)])
    pieces = [s for line in lines for unit in line.units for s in unit.segments]
    assert "".join(s.text for s in pieces) == text.replace("\r\n", "")
    assert all(text[s.start : s.end] == s.text for s in pieces)
    assert [s.text for s in pieces if s.codes == (7,)] == ["Una frase. ", "Otra "]
    assert [len(line.units) for line in lines] == [2, 0, 1]
