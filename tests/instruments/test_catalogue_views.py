"""The catalogue pages: custom instruments from JSON or a REDCap dictionary, export, unverified facts."""

from __future__ import annotations

import copy
import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from puente.audit.models import AuditEvent
from puente.instruments.loader import load_definition
from puente.instruments.models import Instrument, InstrumentRevision
from puente.instruments.redcap import from_redcap_csv, to_redcap_csv
from tests.conftest import client_for


def renamed(definition: dict, new_id: str) -> dict:
    """A copy of a definition under another id (item ids follow), as a researcher's own instrument."""
    out = copy.deepcopy(definition)
    old = out["id"]

    def swap(item_id: str) -> str:
        return new_id + item_id[len(old) :]

    out["id"] = new_id
    out["abbreviation"] = new_id.upper()
    for item in out["items"]:
        item["id"] = swap(item["id"])
    for score in out["scores"]:
        score["items"] = [swap(i) for i in score["items"]]
    return out


def counts():
    return (Instrument.objects.count(), InstrumentRevision.objects.count(), AuditEvent.objects.count())


def test_a_researcher_creates_a_custom_instrument_from_json(world):
    definition = renamed(load_definition("swls"), "my_swls")
    response = client_for(world.researcher).post(
        reverse("instrument_create_json"), {"definition": json.dumps(definition), "note": "local copy"}
    )
    assert response.status_code == 302
    instrument = Instrument.objects.select_related("current").get(code="my_swls")
    assert instrument.source == "custom" and instrument.current.definition == definition
    assert AuditEvent.objects.filter(action="instrument.create", object_id=str(instrument.pk)).exists()


def test_invalid_json_gets_a_clear_message_and_nothing_is_saved(world):
    before = counts()
    response = client_for(world.researcher).post(
        reverse("instrument_create_json"), {"definition": "{not json"}
    )
    assert response.status_code == 200
    assert "This is not valid JSON (line 1, column 2)" in response.content.decode()
    assert counts() == before


def test_a_definition_breaking_the_rules_gets_a_clear_message(world):
    definition = renamed(load_definition("swls"), "my_swls")
    definition["scores"][0]["items"].append("my_swls_9")
    before = counts()
    response = client_for(world.researcher).post(
        reverse("instrument_create_json"), {"definition": json.dumps(definition)}
    )
    assert "The definition is not valid" in response.content.decode()
    assert "unknown item my_swls_9" in response.content.decode()
    assert counts() == before


def test_redcap_export_then_import_round_trips_a_custom_instrument(world):
    definition = renamed(load_definition("whoqol_bref"), "qol_local")
    client = client_for(world.researcher)
    client.post(reverse("instrument_create_json"), {"definition": json.dumps(definition)})
    exported = client.get(reverse("instrument_export", kwargs={"code": "qol_local"}))
    assert exported["Content-Type"].startswith("text/csv")
    text = exported.content.decode()
    assert text.startswith("Variable / Field Name,Form Name,Section Header,Field Type,")
    assert from_redcap_csv(text) == definition
    # Changing a label in the dictionary and importing it makes a second version of the instrument.
    revised = copy.deepcopy(definition)
    revised["scores"][2]["label"]["en"] = "Body"
    changed = to_redcap_csv(revised)
    upload = SimpleUploadedFile("qol.csv", changed.encode(), content_type="text/csv")
    version = Instrument.objects.get(code="qol_local").version
    response = client.post(
        reverse("instrument_import") + "?into=qol_local", {"dictionary": upload, "version": version}
    )
    assert response.status_code == 302
    instrument = Instrument.objects.select_related("current").get(code="qol_local")
    assert instrument.current.number == 2
    labels = [s["label"]["en"] for s in instrument.current.definition["scores"]]
    assert "Body" in labels


def test_a_malformed_dictionary_gets_a_clear_message_and_nothing_is_saved(world):
    before = counts()
    bad = "Variable / Field Name,Form Name\nx,y\n"
    upload = SimpleUploadedFile("bad.csv", bad.encode(), content_type="text/csv")
    response = client_for(world.researcher).post(reverse("instrument_import"), {"dictionary": upload})
    body = response.content.decode()
    assert response.status_code == 200
    assert "The data dictionary could not be imported: line 1: the header lacks the column(s)" in body
    assert "&#x27;Section Header&#x27;" in body
    assert counts() == before


def test_a_dictionary_with_an_off_scale_choice_is_refused_whole(world):
    load_text = to_redcap_csv(renamed(load_definition("swls"), "other_swls"))
    text = load_text.replace("7, Strongly agree", "8, Strongly agree", 1)
    before = counts()
    upload = SimpleUploadedFile("bad.csv", text.encode(), content_type="text/csv")
    response = client_for(world.admin).post(reverse("instrument_import"), {"dictionary": upload})
    assert "choices of other_swls_1 do not match scale agree7" in response.content.decode()
    assert counts() == before


def test_shipped_instruments_cannot_be_edited(world):
    assert (
        client_for(world.researcher).get(reverse("instrument_edit", kwargs={"code": "swls"})).status_code
        == 403
    )


def test_the_instrument_page_says_which_facts_are_unverified(world):
    body = client_for(world.psw).get(reverse("instrument_detail", kwargs={"code": "ras_r"})).content.decode()
    assert "Not verified" in body and "factor membership" in body
    listing = client_for(world.psw).get(reverse("instrument_list")).content.decode()
    assert "facts not verified" in listing
