"""The form-based instrument builder: a researcher builds, edits, reorders and copies instruments."""

from __future__ import annotations

import pytest
from django.urls import reverse

from puente.audit.models import AuditEvent
from puente.instruments.builder.build import BuilderError, BuilderInput, ItemRow, build_definition
from puente.instruments.loader import validate_definition
from puente.instruments.models import Instrument, InstrumentRevision
from puente.instruments.redcap import from_redcap_csv, to_redcap_csv
from puente.instruments.scores import compiled_for, score_one
from puente.instruments.services.authoring import do_save_built_instrument
from tests.conftest import client_for
from tests.instruments.builder_posts import builder_post

CREATE = "instrument_create"


def counts():
    return (Instrument.objects.count(), InstrumentRevision.objects.count(), AuditEvent.objects.count())


def build(client, **kwargs):
    return client.post(reverse(CREATE), builder_post(**kwargs))


def test_a_researcher_builds_an_instrument_in_the_form(world):
    response = build(
        client_for(world.researcher),
        subscales=[{"name": "Calm", "items": "q1, q2"}],
        bands=[
            {"score": "total", "min": 2, "label": "Low"},
            {"score": "total", "min": 7, "label": "High"},
        ],
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    instrument = Instrument.objects.select_related("current").get(code="mood3")
    definition = instrument.current.definition
    validate_definition(definition)
    assert instrument.source == "custom" and definition["language"] == "en"
    assert [i["id"] for i in definition["items"]] == ["mood3_q1", "mood3_q2", "mood3_q3"]
    assert definition["items"][0]["required"] is True and definition["items"][1]["reverse"] is True
    assert definition["scales"]["choices_1"]["labels"]["2"]["en"] == "Often"
    total, calm = definition["scores"]
    assert total["range"] == [2, 12] and total["missing"] == {
        "max_missing_fraction": 0.2,
        "handling": "prorate",
    }
    assert calm["id"] == "calm" and calm["items"] == ["mood3_q1", "mood3_q2"] and calm["range"] == [2, 10]
    assert [b["min"] for b in total["bands"]] == [2, 7]
    assert AuditEvent.objects.filter(action="instrument.create", object_id=str(instrument.pk)).exists()
    # Hand-worked: q1=4, q2=2 (reversed: 6-2=4), q3=2 -> total 10, band High; calm 8.
    scored = score_one(compiled_for(definition, "t"), {"mood3_q1": 4, "mood3_q2": 2, "mood3_q3": 2})
    assert scored["values"]["total"] == 10 and scored["values"]["calm"] == 8
    assert scored["bands"]["total"] == "high"


def test_a_built_instrument_round_trips_through_redcap_with_its_required_flag(world):
    build(client_for(world.researcher))
    definition = Instrument.objects.get(code="mood3").current.definition
    text = to_redcap_csv(definition)
    assert ",y," in text.splitlines()[2]  # Required Field? of the first item
    assert from_redcap_csv(text) == definition


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"items": [{"id": "q1", "scale": "agree5"}, {"id": "Q1", "scale": "agree5"}]},
            "Item 2: the id mood3_q1 is already used by item 1; every item needs its own id.",
        ),
        (
            {"items": [{"id": "q1", "scale": "custom", "choices": ""}]},
            "Item 1 (q1): the custom choices are empty",
        ),
        (
            {"items": [{"id": "q1", "scale": "custom", "choices": "1, Low | 3, High"}]},
            "the values must be consecutive whole numbers",
        ),
        (
            {"items": [{"id": "q1", "scale": "custom", "choices": "1, Low | High"}]},
            "&#x27;High&#x27; is not &#x27;value, label&#x27;",
        ),
        (
            {"items": [{"id": "q 1", "scale": "agree5"}]},
            "Item 1: the id &#x27;q 1&#x27; may only hold lower-case letters, digits and _.",
        ),
        (
            {"subscales": [{"name": "Calm", "items": "q1, q9"}]},
            "Subscale Calm names the item q9, which is not in the list of items.",
        ),
        (
            {"subscales": [{"name": "Total", "items": "q1"}]},
            "Subscale Total: another score already has this name.",
        ),
        (
            {"bands": [{"score": "total", "min": 2, "label": "Low"}]},
            "Give Total score at least two bands",
        ),
        (
            {
                "bands": [
                    {"score": "calm", "min": 2, "label": "Low"},
                    {"score": "calm", "min": 5, "label": "Hi"},
                ]
            },
            "The band &#x27;Low&#x27; is for the score &#x27;calm&#x27;, which does not exist",
        ),
        (
            {
                "bands": [
                    {"score": "total", "min": 2, "label": "Low"},
                    {"score": "total", "min": 40, "label": "Hi"},
                ]
            },
            "starts at 40.0, outside the possible scores 2 to 12",
        ),
        ({"items": []}, "Add at least one item."),
        (
            {"code": "Mood-3"},
            "The code may only hold lower-case letters, digits and _, starting with a letter.",
        ),
        ({"reference": "short"}, "Write the full reference"),
    ],
)
def test_bad_builder_input_gets_a_clear_message_and_nothing_is_saved(world, changes, message):
    before = counts()
    response = build(client_for(world.researcher), **changes)
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body, body[body.find('class="errors"') :][:1500]
    assert counts() == before


def test_the_builder_refuses_a_code_already_in_use(world):
    client = client_for(world.researcher)
    build(client)
    before = counts()
    body = build(client).content.decode()
    assert "An instrument with the id mood3 already exists" in body
    assert counts() == before


def test_blank_rows_are_skipped_and_the_no_script_button_adds_rows(world):
    client = client_for(world.researcher)
    items = [{"id": "q1", "scale": "agree5"}, {"id": "", "scale": "agree5"}]
    data = builder_post(items=items)
    data["more"] = "items"
    response = client.post(reverse(CREATE), data)
    assert response.status_code == 200 and not Instrument.objects.filter(code="mood3").exists()
    assert 'name="items-TOTAL_FORMS" value="5"' in response.content.decode()
    assert client.post(reverse(CREATE), builder_post(items=items)).status_code == 302
    assert len(Instrument.objects.get(code="mood3").current.definition["items"]) == 1


def test_editing_reorders_removes_and_keeps_the_earlier_version(world):
    client = client_for(world.researcher)
    build(client)
    instrument = Instrument.objects.get(code="mood3")
    page = client.get(reverse("instrument_edit", kwargs={"code": "mood3"})).content.decode()
    assert 'value="I felt tense"' in page and "Advanced: edit the definition as JSON" in page
    items = [
        {"id": "q1", "label": "I felt calm", "scale": "agree5", "ORDER": 2},
        {"id": "q2", "label": "I felt tense", "scale": "agree5", "reverse": True, "ORDER": 1},
        {"id": "q3", "label": "I slept well", "scale": "choices_1", "ORDER": 3, "DELETE": True},
    ]
    response = client.post(
        reverse("instrument_edit", kwargs={"code": "mood3"}),
        builder_post(items=items, version=instrument.version, initial_items=3, note="dropped sleep"),
    )
    assert response.status_code == 302
    instrument.refresh_from_db()
    definition = instrument.current.definition
    assert instrument.current.number == 2
    assert [i["id"] for i in definition["items"]] == ["mood3_q2", "mood3_q1"]
    assert list(definition["scales"]) == ["agree5"]
    assert (
        InstrumentRevision.objects.get(instrument=instrument, number=1).definition["items"][2]["id"]
        == "mood3_q3"
    )
    assert AuditEvent.objects.filter(action="instrument.revise", object_id=str(instrument.pk)).exists()


def test_a_stale_edit_is_refused_and_nothing_is_saved(world):
    client = client_for(world.researcher)
    build(client)
    instrument = Instrument.objects.get(code="mood3")
    before = counts()
    response = client.post(
        reverse("instrument_edit", kwargs={"code": "mood3"}),
        builder_post(version=instrument.version - 1 if instrument.version > 1 else 99, initial_items=3),
    )
    assert "Someone else changed this instrument" in response.content.decode()
    assert counts() == before


def test_shipped_instruments_are_not_editable_but_can_be_copied(world):
    client = client_for(world.researcher)
    assert client.get(reverse("instrument_edit", kwargs={"code": "swls"})).status_code == 403
    detail = client.get(reverse("instrument_detail", kwargs={"code": "swls"})).content.decode()
    assert "cannot be edited; make a copy" in detail
    response = client.post(
        reverse("instrument_copy", kwargs={"code": "swls"}), {"code": "swls_vic", "abbreviation": "SWLS-VIC"}
    )
    assert response.status_code == 302
    copy = Instrument.objects.select_related("current").get(code="swls_vic")
    assert copy.source == "custom" and copy.current.definition["items"][0]["id"] == "swls_vic_1"
    event = AuditEvent.objects.get(action="instrument.create", object_id=str(copy.pk))
    assert event.after["copied_from"].startswith("swls r")
    # The copy opens in the builder, its wording and translations kept when saved unchanged.
    page = client.get(reverse("instrument_edit", kwargs={"code": "swls_vic"})).content.decode()
    assert "In most ways my life is close to my ideal." in page


def test_a_copy_with_features_the_form_cannot_edit_points_to_the_json_view(world):
    client = client_for(world.researcher)
    client.post(
        reverse("instrument_copy", kwargs={"code": "whoqol_bref"}), {"code": "qol", "abbreviation": "QOL"}
    )
    page = client.get(reverse("instrument_edit", kwargs={"code": "qol"})).content.decode()
    assert "a score is transformed" in page
    assert reverse("instrument_edit_json", kwargs={"code": "qol"}) in page


@pytest.mark.parametrize(
    ("code", "abbreviation", "message"), [("Bad Code", "X", "Enter a valid"), ("swls", "S", "already exists")]
)
def test_a_bad_copy_gets_a_clear_message_and_nothing_is_saved(world, code, abbreviation, message):
    before = counts()
    response = client_for(world.admin).post(
        reverse("instrument_copy", kwargs={"code": "swls"}), {"code": code, "abbreviation": abbreviation}
    )
    assert message in response.content.decode()
    assert counts() == before


def test_only_researchers_and_administrators_copy(world):
    response = client_for(world.coordinator).post(
        reverse("instrument_copy", kwargs={"code": "swls"}), {"code": "c", "abbreviation": "C"}
    )
    assert response.status_code == 403
    assert not Instrument.objects.filter(code="c").exists()


def test_a_subscale_keeps_its_id_and_translations_while_its_name_is_unchanged(world):
    spec = BuilderInput(
        code="two",
        name="Two",
        abbreviation="TWO",
        language="es",
        method="mean",
        max_missing_percent=0,
        items=[ItemRow(id="a", label="Uno"), ItemRow(id="b", label="Dos")],
    )
    first = do_save_built_instrument(actor=world.researcher, spec=spec)
    definition = first.current.definition
    assert definition["scores"][0]["missing"] == {"max_missing": 0, "handling": "complete_only"}
    assert definition["name"]["pt"] == "Two" and definition["items"][0]["label"]["es"] == "Uno"
    with pytest.raises(BuilderError, match="Give the instrument a name"):
        build_definition(BuilderInput(**{**spec.__dict__, "name": " "}))


def test_saving_an_unchanged_edit_keeps_subscales_and_bands(world):
    client = client_for(world.researcher)
    build(
        client,
        subscales=[{"name": "Calm", "items": "q1, q2"}],
        bands=[{"score": "total", "min": 2, "label": "Low"}, {"score": "total", "min": 7, "label": "High"}],
    )
    instrument = Instrument.objects.get(code="mood3")
    first = instrument.current.definition
    # The page as the browser sends it back untouched: every initial row.
    page = client.get(reverse("instrument_edit", kwargs={"code": "mood3"}))
    data = {}
    for form in (page.context["meta"],):
        data.update({k: ("" if v is None else str(v)) for k, v in form.initial.items()})
    data.pop("code")
    for formset in (page.context["items"], page.context["subscales"], page.context["bands"]):
        count = str(len(formset.initial or []))  # every initial row, no blank extra rows
        data.update({f"{formset.prefix}-TOTAL_FORMS": count, f"{formset.prefix}-INITIAL_FORMS": count})
        for index, row in enumerate(formset.initial or []):
            for key, value in row.items():
                if value is True:
                    data[f"{formset.prefix}-{index}-{key}"] = "on"
                elif value is not False:
                    data[f"{formset.prefix}-{index}-{key}"] = str(value)
    response = client.post(reverse("instrument_edit", kwargs={"code": "mood3"}), data)
    assert response.status_code == 302
    instrument.refresh_from_db()
    assert instrument.current.definition == first  # nothing changed, so no new version either
    assert instrument.current.number == 1
