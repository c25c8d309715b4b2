"""Shipped definitions are valid; the schema and semantic checks reject broken ones."""

from __future__ import annotations

import copy
import json

import pytest

from puente.instruments.loader import (
    DefinitionError,
    list_definitions,
    load_definition,
    merge_item_text,
    validate_definition,
)

SHIPPED = ["cami", "can", "copm", "emas", "ismi", "ras_r", "swls", "whoqol_bref"]


def test_every_required_instrument_is_shipped():
    assert list_definitions() == SHIPPED


@pytest.mark.parametrize("ident", SHIPPED)
def test_shipped_definition_is_valid_and_documented(ident):
    d = load_definition(ident)
    validate_definition(d)
    assert d["reference"]["citation"] and d["licence"]["note"]
    for fact in d["verification"]:
        assert ("source" in fact) if fact["status"] == "verified" else ("reason" in fact)


@pytest.mark.parametrize("ident", [i for i in SHIPPED if i != "swls"])
def test_only_swls_ships_item_wording(ident):
    d = load_definition(ident)
    assert not d["licence"]["item_text_redistributable"]
    assert not any("text" in item for item in d["items"])


def test_swls_wording_is_marked_non_validated_outside_english():
    d = load_definition("swls")
    status = d["item_text"]["status"]
    assert status["en"] == "original"
    assert {status[lang] for lang in ("es", "pt", "ca", "it")} == {"non_validated_translation"}
    assert all(set(item["text"]) == {"en", "es", "pt", "ca", "it"} for item in d["items"])


def test_item_counts_match_the_published_instruments():
    counts = {i: len(load_definition(i)["items"]) for i in SHIPPED}
    assert counts == {
        "cami": 40,
        "can": 22,
        "copm": 15,
        "emas": 12,
        "ismi": 29,
        "ras_r": 24,
        "swls": 5,
        "whoqol_bref": 26,
    }


def test_unknown_instrument_is_a_definition_error():
    with pytest.raises(DefinitionError, match="unknown instrument 'phq9'"):
        load_definition("phq9")


def _broken(mutate):
    d = copy.deepcopy(load_definition("swls"))
    mutate(d)
    return d


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.pop("scores"), "'scores' is a required property"),
        (lambda d: d["name"].pop("ca"), "'ca' is a required property"),
        (lambda d: d["verification"][0].pop("source"), "'source' is a required property"),
        (lambda d: d["verification"].append({"fact": "x y z", "status": "unverified"}), "'reason'"),
        (lambda d: d["scales"]["agree7"]["labels"].pop("4"), "labels must cover exactly"),
        (lambda d: d["scores"][0]["items"].append("swls_9"), "unknown item swls_9"),
        (lambda d: d["scores"][0]["bands"].reverse(), "strictly ascending"),
        (lambda d: d["items"].append(dict(d["items"][0])), "duplicate item id swls_1"),
        (lambda d: d["items"][0].update(id="other_1"), "must start with 'swls_'"),
        (lambda d: d["licence"].update(item_text_redistributable=False), "does not allow redistribution"),
        (lambda d: d["scores"][0]["missing"].update(handling="mean_of_answered"), "does not fit method sum"),
        (lambda d: d["scores"][0].update(method="median"), "'median' is not one of"),
    ],
)
def test_schema_and_semantics_reject_broken_definitions(mutate, message):
    with pytest.raises(DefinitionError, match=message.replace("(", r"\(").replace("'", "'")):
        validate_definition(_broken(mutate))


def test_merge_item_text_from_json_and_csv(tmp_path):
    json_file = tmp_path / "ras.json"
    json_file.write_text(
        json.dumps({"items": {"ras_r_1": {"en": "Licensed wording one", "es": "Texto uno"}}})
    )
    merged = merge_item_text(load_definition("ras_r"), json_file)
    assert merged["items"][0]["text"] == {"en": "Licensed wording one", "es": "Texto uno"}
    assert merged["item_text"] == {
        "source": "programme",
        "status": {"en": "programme_supplied", "es": "programme_supplied"},
    }
    validate_definition(merged)  # a run-time copy with licensed wording is still a valid definition
    assert "text" not in load_definition("ras_r")["items"][0]  # the shipped file is untouched

    csv_file = tmp_path / "ras.csv"
    csv_file.write_text("item_id,en,it\nras_r_2,Second,Secondo\nras_r_3,Third,\n", encoding="utf-8")
    merged = merge_item_text(load_definition("ras_r"), csv_file)
    assert merged["items"][1]["text"] == {"en": "Second", "it": "Secondo"}
    assert merged["items"][2]["text"] == {"en": "Third"}


@pytest.mark.parametrize(
    ("wording", "message"),
    [
        ({"ras_r_99": {"en": "x"}}, "unknown item"),
        ({"ras_r_1": {"fr": "x"}}, "unsupported language 'fr'"),
        ({"ras_r_1": {"en": "  "}}, "non-empty text"),
    ],
)
def test_merge_item_text_rejects_bad_wording(wording, message):
    with pytest.raises(DefinitionError, match=message):
        merge_item_text(load_definition("ras_r"), wording)
