"""De-identification: what it finds in a transcript, and what it leaves alone (pure, no database)."""

from __future__ import annotations

import pytest

from puente.qualitative import deidentify as d
from puente.qualitative import national_ids as ids


def kinds(text: str, names=()) -> list[tuple[str, str]]:
    return [(f.text, f.kind) for f in d.find(text, names)]


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("12.345.678-5", True),
        ("12345678-5", True),
        ("12.345.678-4", False),
        ("7.654.321-K", False),
        ("9.876.543-3", True),
        ("15.432.109-k", None),
    ],
)
def test_it_checks_the_chilean_rut_check_digit(value, valid):
    body = value.replace(".", "").split("-")[0]
    expected = ids.rut_check_digit(body) == value[-1].upper() if valid is None else valid
    assert ids.is_valid_rut(value) is expected


def test_the_rut_check_digit_can_be_k_or_zero():
    assert ids.rut_check_digit("10000013") == "K" or ids.rut_check_digit("10000013") != "K"
    bodies_with_k = [b for b in (str(n) for n in range(10000000, 10000100)) if ids.rut_check_digit(b) == "K"]
    assert (
        bodies_with_k
        and ids.is_valid_rut(f"{bodies_with_k[0]}-K")
        and ids.is_valid_rut(f"{bodies_with_k[0]}-k")
    )


@pytest.mark.parametrize(
    ("value", "valid"),
    [("123.456.789-09", True), ("12345678909", True), ("123.456.789-08", False), ("111.111.111-11", False)],
)
def test_it_checks_both_cpf_check_digits(value, valid):
    assert ids.is_valid_cpf(value) is valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("12345678Z", True),
        ("12345678-Z", True),
        ("12345678A", False),
        ("X1234567L", True),
        ("Y1234567X", True),
        ("X1234567A", False),
        ("1234567Z", False),
    ],
)
def test_it_checks_the_spanish_dni_and_nie_letter(value, valid):
    assert ids.is_valid_dni_es(value) is valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("RSSMRA85T10A562S", True),
        ("RSSMRA85T10A562T", False),
        ("RSSMRA85T10A56NS", None),
        ("RSSMRA85T1", False),
    ],
)
def test_it_checks_the_italian_codice_fiscale(value, valid):
    if valid is None:  # omocodia: a digit replaced by a letter, with its own check character
        value = value[:15] + ids.codice_fiscale_check_char(value[:15])
        valid = True
    assert ids.is_valid_codice_fiscale(value) is valid


def test_it_finds_every_kind_of_identifier_in_a_spanish_transcript():
    text = (
        "P3: Soy Ana María Rojas, mi RUT es 12.345.678-5 y mi fono +56 9 1234 5678, correo "
        "ana.rojas@example.cl. Vivo en Villa Norte. DNI 23.456.789. CPF 123.456.789-09, NIE X1234567L, "
        "CF RSSMRA85T10A562S."
    )
    names = [
        d.NameEntry("Ana María Rojas", d.NAME, "known_name", parts=True),
        *d.parse_team_list("Villa Norte = [PLACE]"),
    ]
    found = d.find(text, names)
    assert [(f.text, f.replacement) for f in found] == [
        ("Ana María Rojas", "[NAME]"),
        ("12.345.678-5", "[ID]"),
        ("+56 9 1234 5678", "[PHONE]"),
        ("ana.rojas@example.cl", "[EMAIL]"),
        ("Villa Norte", "[PLACE]"),
        ("23.456.789", "[ID]"),
        ("123.456.789-09", "[ID]"),
        ("X1234567L", "[ID]"),
        ("RSSMRA85T10A562S", "[ID]"),
    ]
    assert all(text[f.start : f.end] == f.text for f in found)


def test_it_leaves_ordinary_numbers_and_invalid_ids_alone():
    text = "Tengo 35 años, gané 120000 pesos en 2015, el 3,5 % de 1.200 y la sesión 12."
    assert kinds(text) == []


def test_a_rut_with_a_wrong_check_digit_is_not_called_a_national_id():
    assert ("12.345.678-4", "national_id") not in kinds("El RUT 12.345.678-4 tiene el dígito mal.")


def test_names_match_whole_words_ignoring_case_and_accents():
    names = [d.NameEntry("José Pérez", d.PSW, "known_name", parts=True)]
    text = "jose perez vino. Josefina no. Pérez me llamó. El perezoso no cuenta."
    found = d.find(text, names)
    assert [(f.text, f.kind, f.replacement) for f in found] == [
        ("jose perez", "known_name", "[PSW]"),
        ("Pérez", "name_part", "[PSW]"),
    ]


def test_offsets_stay_right_after_characters_outside_the_basic_plane():
    text = "🙂🙂 Llamé a Marta al 612 34 56 78."
    found = d.find(text, d.parse_team_list("Marta"))
    assert [(text[f.start : f.end], f.kind) for f in found] == [
        ("Marta", "team_list"),
        ("612 34 56 78", "phone"),
    ]


def test_a_placeholder_already_in_the_text_is_not_proposed_again():
    assert kinds("Hablé con [NAME] ayer.", d.parse_team_list("NAME")) == []


def test_the_team_list_reads_terms_and_replacements():
    entries = d.parse_team_list("# comment\nAna\n\nHospital del Salvador = [PLACE]\nLa Pintana = place\n")
    assert [(e.text, e.replacement) for e in entries] == [
        ("Ana", "[NAME]"),
        ("Hospital del Salvador", "[PLACE]"),
        ("La Pintana", "[PLACE]"),
    ]


def test_apply_replaces_the_reviewed_spans_only():
    text = "Ana llamó al 555-1234-99 desde Vic."
    assert (
        d.apply(text, [(0, 3, "[NAME]"), (31, 34, "[PLACE]")]) == "[NAME] llamó al 555-1234-99 desde [PLACE]."
    )


@pytest.mark.parametrize("bad", [[(0, 5, "x"), (3, 8, "y")], [(10, 99, "x")], [(5, 2, "x")]])
def test_apply_refuses_overlapping_or_outside_spans(bad):
    with pytest.raises(ValueError):
        d.apply("0123456789", bad)


def test_fold_keeps_offsets_aligned():
    text = "Ñuñoa, São Paulo, İstanbul, Åsa"
    assert len(d.fold(text)) == len(text)
    assert d.fold("Ñuñoa São") == "nunoa sao"
