"""Data dictionaries exported from ordinary REDCap projects (no Puente annotations) import with a report."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from puente.audit.models import AuditEvent
from puente.instruments.loader import validate_definition
from puente.instruments.models import Instrument, InstrumentRevision
from puente.instruments.redcap import COLUMNS, RedcapError
from puente.instruments.redcap_plain import import_plain_dictionary
from tests.conftest import client_for

# A small project as a REDCap user exports it: a demographics form and a wellbeing form.
FIELDS = [
    # name, form, section, type, label, choices, note, validation, min, max, identifier, branching, required
    ("record_id", "demographics", "", "text", "Record ID", "", "", "", "", "", "", "", ""),
    ("full_name", "demographics", "", "text", "Name", "", "", "", "", "", "y", "", ""),
    ("age", "demographics", "", "text", "Age", "", "", "integer", "16", "99", "", "", ""),
    (
        "wb_intro",
        "wellbeing",
        "",
        "descriptive",
        "<p>Think about the <b>last two weeks</b>.</p>",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
    ),
    (
        "wb_1",
        "wellbeing",
        "Mood",
        "radio",
        "I have felt cheerful",
        "1, Never | 2, Rarely | 3, Sometimes | 4, Often | 5, Always",
        "",
        "",
        "",
        "",
        "",
        "",
        "y",
    ),
    (
        "wb_2",
        "wellbeing",
        "",
        "dropdown",
        "I have felt calm",
        "1, Never | 2, Rarely | 3, Sometimes | 4, Often | 5, Always | 99, Prefer not to say",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
    ),
    (
        "wb_worked",
        "wellbeing",
        "Activity",
        "yesno",
        "Did you work this month?",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
    ),
    (
        "wb_hours",
        "wellbeing",
        "",
        "text",
        "Hours worked per week",
        "",
        "",
        "integer",
        "0",
        "60",
        "",
        "[wb_worked] = '1'",
        "",
    ),
    (
        "wb_support",
        "wellbeing",
        "",
        "checkbox",
        "Who supported you?",
        "1, Family | 2, Friends | 3, Peer worker",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
    ),
    (
        "wb_slider",
        "wellbeing",
        "",
        "slider",
        "How hopeful do you feel?",
        "Not at all | | Very",
        "",
        "number",
        "",
        "",
        "",
        "",
        "",
    ),
    ("wb_truth", "wellbeing", "", "truefalse", "I have a recovery plan", "", "", "", "", "", "", "", ""),
    ("wb_codes", "wellbeing", "", "radio", "Odd codes", "1, A | 3, B | 4, C", "", "", "", "", "", "", ""),
    ("wb_total", "wellbeing", "", "calc", "Total", "[wb_1] + [wb_2]", "", "", "", "", "", "", ""),
    ("wb_comments", "wellbeing", "", "notes", "Anything else?", "", "", "", "", "", "", "", ""),
    ("wb_file", "wellbeing", "", "file", "Upload a photo", "", "", "", "", "", "", "", ""),
]


def dictionary(fields=FIELDS, *, delimiter=",", line_end="\n", bom=False, drop: str | None = None) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=line_end)
    columns = [c for c in COLUMNS if c != drop]
    writer.writerow(columns)
    for spec in fields:
        row = dict.fromkeys(COLUMNS, "")
        keys = COLUMNS[:13]  # up to Required Field?
        row.update(dict(zip(keys, spec, strict=True)))
        writer.writerow([row[c] for c in columns])
    return ("\ufeff" if bom else "") + out.getvalue()


def test_a_plain_wellbeing_form_imports_with_a_report():
    definition, report = import_plain_dictionary(dictionary(), form="wellbeing", language="es")
    validate_definition(definition)
    ids = [item["id"] for item in definition["items"]]
    assert ids == [
        "wellbeing_wb_1",
        "wellbeing_wb_2",
        "wellbeing_wb_worked",
        "wellbeing_wb_hours",
        "wellbeing_wb_support___1",
        "wellbeing_wb_support___2",
        "wellbeing_wb_support___3",
        "wellbeing_wb_slider",
        "wellbeing_wb_truth",
    ]
    items = {item["id"]: item for item in definition["items"]}
    assert items["wellbeing_wb_1"]["required"] is True
    assert items["wellbeing_wb_1"]["label"]["es"] == "I have felt cheerful"
    wb2_scale = definition["scales"][items["wellbeing_wb_2"]["scale"]]
    assert (wb2_scale["min"], wb2_scale["max"]) == (1, 5)
    assert wb2_scale["special_codes"]["99"]["label"]["en"] == "Prefer not to say"
    assert definition["scales"][items["wellbeing_wb_hours"]["scale"]]["max"] == 60
    assert definition["scales"][items["wellbeing_wb_slider"]["scale"]]["labels"]["100"]["en"] == "100 - Very"
    assert items["wellbeing_wb_support___3"]["label"]["en"] == "Who supported you?: Peer worker"
    assert "[wb_1] + [wb_2]" in definition["description"]
    assert definition["language"] == "es" and definition["scores"][0]["items"] == ids
    outcome = {line.variable: (line.outcome, line.detail) for line in report.lines}
    assert outcome["wb_intro"] == ("skipped", "descriptive text, not a question")
    assert outcome["wb_total"][0] == "information"
    assert outcome["wb_support"] == (
        "item",
        "multiple choice: one yes/no item per option (3), as REDCap stores it",
    )
    assert outcome["wb_codes"] == ("skipped", "its choice codes are not consecutive (1, 3, 4)")
    assert outcome["wb_comments"][0] == outcome["wb_file"][0] == "skipped"
    assert "99 (Prefer not to say) kept as answers that are not scored" in outcome["wb_2"][1]
    notes = " ".join(report.notes)
    assert (
        "Section “Mood” starts at wb_1." in notes
        and "wb_hours is shown in REDCap only if [wb_worked] = '1'" in notes
    )
    assert "wb_1 → wellbeing_wb_1" in notes


def test_identifying_and_free_text_fields_are_skipped_with_their_reason():
    definition, report = import_plain_dictionary(dictionary(), form="demographics", code="demo")
    assert [item["id"] for item in definition["items"]] == ["demo_age"]
    outcome = {line.variable: line for line in report.lines}
    assert outcome["full_name"].detail.startswith("marked as identifying data")
    assert outcome["record_id"].outcome == "skipped" and outcome["age"].outcome == "item"


@pytest.mark.parametrize(
    "text",
    [
        dictionary(bom=True, line_end="\r\n"),
        dictionary(delimiter=";", line_end="\r\n", bom=True),  # European Excel
    ],
    ids=["bom-and-windows-line-endings", "semicolons"],
)
def test_excel_flavoured_files_read_the_same(text):
    assert import_plain_dictionary(text, form="wellbeing") == import_plain_dictionary(
        dictionary(), form="wellbeing"
    )


@pytest.mark.parametrize(
    ("text", "form", "message"),
    [
        (
            dictionary(drop="Field Type"),
            "wellbeing",
            "line 1: the header lacks the column\\(s\\) 'Field Type'",
        ),
        (
            dictionary(),
            "",
            "the dictionary holds 2 forms \\(demographics, wellbeing\\); name the one to import",
        ),
        (dictionary(), "nope", "there is no form 'nope'"),
        (
            dictionary(FIELDS[:2]),
            "demographics",
            "no field of form 'demographics' can become a questionnaire item",
        ),
        ("", "", "line 1: empty file"),
    ],
)
def test_unreadable_dictionaries_name_the_problem(text, form, message):
    with pytest.raises(RedcapError, match=message):
        import_plain_dictionary(text, form=form)


def counts():
    return (Instrument.objects.count(), InstrumentRevision.objects.count(), AuditEvent.objects.count())


def upload(client, text: str, **fields):
    file = SimpleUploadedFile("project_DataDictionary.csv", text.encode("utf-8"), content_type="text/csv")
    return client.post(reverse("instrument_import"), {"dictionary": file, **fields})


def test_the_import_page_saves_the_instrument_and_shows_the_report(world):
    client = client_for(world.researcher)
    text = dictionary(delimiter=";", line_end="\r\n", bom=True)
    response = upload(client, text, form_name="wellbeing", code="wellbeing", language="en")
    body = response.content.decode()
    assert response.status_code == 200
    assert "What was imported from the REDCap form wellbeing" in body
    assert "kept as information" in body and "skipped" in body
    assert reverse("instrument_edit", kwargs={"code": "wellbeing"}) in body
    instrument = Instrument.objects.select_related("current").get(code="wellbeing")
    assert len(instrument.current.definition["items"]) == 9
    event = AuditEvent.objects.get(action="instrument.import_dictionary", object_id=str(instrument.pk))
    assert event.after["skipped"] == ["wb_intro", "wb_codes", "wb_comments", "wb_file"]
    # The researcher then sets the scoring in the builder: the imported instrument opens there.
    assert client.get(reverse("instrument_edit", kwargs={"code": "wellbeing"})).status_code == 200


@pytest.mark.parametrize(
    ("text", "fields", "message"),
    [
        (
            dictionary(drop="Form Name"),
            {"form_name": "wellbeing"},
            "the header lacks the column(s) &#x27;Form Name&#x27;",
        ),
        (dictionary(), {}, "the dictionary holds 2 forms"),
        (dictionary(), {"form_name": "wellbeing", "code": "9bad"}, "cannot be an instrument code"),
        (
            dictionary(),
            {"form_name": "wellbeing", "code": "swls"},
            "An instrument with the id swls already exists",
        ),
    ],
)
def test_a_refused_import_names_the_problem_and_saves_nothing(world, text, fields, message):
    before = counts()
    response = upload(client_for(world.researcher), text, **fields)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert counts() == before
