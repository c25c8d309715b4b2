"""REDCap data dictionary: lossless round trip and clear errors on malformed files."""

from __future__ import annotations

import csv
import io

import pytest

from puente.instruments.loader import list_definitions, load_definition, merge_item_text
from puente.instruments.redcap import COLUMNS, RedcapError, from_redcap_csv, parse_dictionary, to_redcap_csv


@pytest.mark.parametrize("ident", list_definitions())
def test_round_trip_is_lossless(ident):
    definition = load_definition(ident)
    text = to_redcap_csv(definition)
    assert from_redcap_csv(text) == definition
    # and stable: exporting the import gives the same file
    assert to_redcap_csv(from_redcap_csv(text)) == text


def test_round_trip_keeps_programme_wording():
    merged = merge_item_text(load_definition("ras_r"), {"ras_r_1": {"en": "Licensed one", "pt": "Um"}})
    assert from_redcap_csv(to_redcap_csv(merged)) == merged


def rows_of(text):
    return list(csv.reader(io.StringIO(text)))


def test_export_uses_standard_columns_choices_and_annotations():
    rows = rows_of(to_redcap_csv(load_definition("whoqol_bref")))
    assert tuple(rows[0]) == COLUMNS and len(COLUMNS) == 18
    by_name = {r[0]: dict(zip(COLUMNS, r, strict=True)) for r in rows[1:]}
    q3 = by_name["whoqol_bref_q3"]
    assert q3["Field Type"] == "radio"
    assert q3["Choices, Calculations, OR Slider Labels"].startswith("1, 1 - lowest | 2, 2 | 3, 3")
    assert "@PUENTE-REVERSE" in q3["Field Annotation"]
    assert "@PUENTE-SUBSCALE=physical" in q3["Field Annotation"]
    assert "@PUENTE-REVERSE" not in by_name["whoqol_bref_q5"]["Field Annotation"]
    can = {r[0]: r for r in rows_of(to_redcap_csv(load_definition("can")))[1:]}
    assert can["can_01_accommodation"][5] == "0, No need | 1, Met need | 2, Unmet need | 9, Not known"


def mutate(ident, line_index, column, value):
    rows = rows_of(to_redcap_csv(load_definition(ident)))
    rows[line_index][COLUMNS.index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "line 1: empty file"),
        (
            mutate("swls", 0, "Field Type", "Type"),
            "line 1: header column 4 should be 'Field Type', found 'Type'",
        ),
        (
            "Variable / Field Name,Form Name\n",
            "line 1: header column 3 should be 'Section Header', found 'nothing'",
        ),
        (mutate("swls", 3, "Field Type", "likert"), "line 4: unknown field type 'likert' for swls_2"),
        (
            mutate("swls", 3, "Choices, Calculations, OR Slider Labels", "1, Yes | 2"),
            "line 4: bad choices for swls_2",
        ),
        (
            mutate("swls", 3, "Choices, Calculations, OR Slider Labels", "1, A | 1, B"),
            "choice code is repeated",
        ),
        (
            mutate("swls", 3, "Variable / Field Name", "swls_1"),
            "line 4: duplicate variable 'swls_1' \\(first on line 3\\)",
        ),
        (mutate("swls", 3, "Variable / Field Name", "Swls-2"), "line 4: variable name 'Swls-2'"),
        (
            mutate("swls", 3, "Choices, Calculations, OR Slider Labels", "1, A | 2, B"),
            "line 4: choices of swls_2 do not match",
        ),
        (mutate("swls", 3, "Field Annotation", "@PUENTE-SCALE=nope"), "line 4: swls_2 needs @PUENTE-SCALE"),
        (
            mutate("swls", 3, "Field Annotation", "@PUENTE-SCALE=agree7 @PUENTE-SUBSCALE=ghost"),
            "unknown score 'ghost'",
        ),
        (
            mutate("swls", 1, "Field Annotation", "@PUENTE-INSTRUMENT={broken"),
            "line 2: bad annotation for swls_about",
        ),
        (mutate("swls", 1, "Field Annotation", ""), "line 2: form swls needs exactly one field tagged"),
    ],
)
def test_malformed_dictionaries_name_the_line(text, message):
    with pytest.raises(RedcapError, match=message):
        from_redcap_csv(text)


def test_short_row_and_multi_line_labels_keep_line_numbers():
    text = to_redcap_csv(load_definition("swls"))
    lines = text.splitlines()
    lines[3] = lines[3].replace("swls_2,swls,,radio,", 'swls_2,swls,"two\nline",radio,', 1)
    fields = parse_dictionary("\n".join(lines) + "\n")
    assert [f.line for f in fields][:4] == [2, 3, 4, 6]
    with pytest.raises(RedcapError, match="line 3: 3 columns, expected 18"):
        parse_dictionary(lines[0] + "\n" + lines[1] + "\nx,y,text\n")


def test_dictionary_with_several_forms_needs_a_form_name():
    text = to_redcap_csv([load_definition("swls"), load_definition("emas")])
    with pytest.raises(RedcapError, match="holds 2 forms"):
        from_redcap_csv(text)
    assert from_redcap_csv(text, form="emas") == load_definition("emas")
