"""Licensed item wording: a programme loads the wording it holds; it shows on its own sites' forms."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from puente.accounts.models import Organisation
from puente.audit.models import AuditEvent
from puente.instruments.loader import load_definition
from puente.instruments.models import Administration, ItemWording
from tests.conftest import client_for
from tests.instruments.conftest import make_programme, plan_service_user, schedule

EMAS_IDS = [item["id"] for item in load_definition("emas")["items"]]
LICENCE = {"licence_note": "Licensed by the authors to the Test network, 2026", "licence_confirmed": "on"}


def long_csv(language: str = "es", ids=EMAS_IDS, *, extra: str = "", delimiter: str = ",") -> str:
    lines = [delimiter.join(("item_id", "language", "text"))]
    lines += [
        delimiter.join((item_id, language, f"Texto con licencia {n}")) for n, item_id in enumerate(ids, 1)
    ]
    return "\r\n".join(lines) + "\r\n" + extra


def post(user, text: str, code: str = "emas", **fields):
    file = SimpleUploadedFile("wording.csv", ("\ufeff" + text).encode("utf-8"), content_type="text/csv")
    data = {**LICENCE, "organisation": Organisation.objects.get().pk, "wording": file, **fields}
    return client_for(user).post(reverse("instrument_wording", kwargs={"code": code}), data)


def counts():
    return (ItemWording.objects.count(), AuditEvent.objects.count())


def test_a_coordinator_loads_wording_and_it_shows_on_the_entry_form(world):
    response = post(world.coordinator, long_csv("es", delimiter=";"))
    assert response.status_code == 302
    wording = ItemWording.objects.get()
    assert wording.language == "es" and wording.texts[EMAS_IDS[0]] == "Texto con licencia 1"
    assert AuditEvent.objects.filter(action="instrument.wording_upload", object_id=str(wording.pk)).exists()
    programme = make_programme(world)
    schedule(world, programme, "emas")
    respondent = plan_service_user(world, programme, world.own_participant)  # a Spanish speaker at site A
    administration = Administration.objects.get(respondent=respondent)
    page = client_for(world.psw).get(reverse("administration_enter", kwargs={"pk": administration.pk}))
    body = page.content.decode()
    assert "Texto con licencia 12" in body
    assert "Item wording is not shipped" not in body


def test_a_new_upload_replaces_the_earlier_one_which_is_kept(world):
    post(world.researcher, long_csv("es"))
    assert post(world.admin, long_csv("es").replace("Texto", "Nuevo")).status_code == 302
    assert ItemWording.objects.count() == 2
    current = ItemWording.objects.get(retired_at__isnull=True)
    assert current.texts[EMAS_IDS[0]] == "Nuevo con licencia 1"


def test_the_wide_format_of_the_command_line_tools_is_accepted(world):
    header = "item_id,en,pt"
    rows = [f"{item_id},Licensed {n},Licenciado {n}" for n, item_id in enumerate(EMAS_IDS, 1)]
    assert post(world.researcher, "\n".join([header, *rows]) + "\n").status_code == 302
    assert sorted(ItemWording.objects.values_list("language", flat=True)) == ["en", "pt"]


@pytest.mark.parametrize(
    ("text", "fields", "message"),
    [
        (long_csv(extra="emas_99,es,Sobra\r\n"), {}, "Unknown item id(s) for EMAS: emas_99 (line 14)."),
        (long_csv(ids=EMAS_IDS[:10]), {}, f"No wording in es for item(s) {EMAS_IDS[10]}, {EMAS_IDS[11]}"),
        (long_csv("xx"), {}, "Line 2: unknown language code &#x27;xx&#x27;"),
        (
            long_csv(extra=f"{EMAS_IDS[0]},es,Otra vez\r\n"),
            {},
            f"Line 14: {EMAS_IDS[0]} already has wording in es.",
        ),
        (
            long_csv().replace("Texto con licencia 3", ""),
            {},
            f"Line 4: the wording of {EMAS_IDS[2]} is empty.",
        ),
        ("id,lang,text\nx,es,y\n", {}, "The first line must be the header item_id,language,text"),
        ("item_id,en,xx\n", {}, "Unknown language column(s) xx"),
        (long_csv(), {"licence_confirmed": ""}, "Confirm that your organisation holds a licence"),
        (long_csv(), {"licence_note": " "}, "This field is required."),
    ],
)
def test_bad_wording_files_get_a_clear_message_and_nothing_is_stored(world, text, fields, message):
    before = counts()
    response = post(world.coordinator, text, **fields)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert counts() == before


def test_instruments_that_ship_their_wording_take_none(world):
    before = counts()
    response = post(world.coordinator, "item_id,language,text\nswls_1,es,Otra\n", code="swls")
    assert "ships its item wording" in response.content.decode()
    assert counts() == before


def test_field_workers_cannot_load_wording(world):
    before = counts()
    assert post(world.psw, long_csv()).status_code == 403
    assert counts() == before


def test_wording_belongs_to_the_organisation_that_loaded_it(world):
    post(world.coordinator, long_csv("es"))
    other = Organisation.objects.create(name="Another network")
    world.site_a.organisation = other
    world.site_a.save()
    programme = make_programme(world)
    schedule(world, programme, "emas")
    respondent = plan_service_user(world, programme, world.own_participant)
    administration = Administration.objects.get(respondent=respondent)
    body = (
        client_for(world.psw).get(reverse("administration_enter", kwargs={"pk": administration.pk})).content
    )
    assert "Texto con licencia" not in body.decode()


def test_a_self_report_link_shows_the_wording_in_the_respondents_language(world):
    from django.test import Client

    from puente.instruments.services.links import do_create_link

    post(world.coordinator, long_csv("es"))
    programme = make_programme(world)
    schedule(world, programme, "emas")
    respondent = plan_service_user(world, programme, world.own_participant)
    _link, token = do_create_link(actor=world.coordinator, administration=respondent.administrations.get())
    body = Client().get(reverse("selfreport_respond", kwargs={"token": token})).content.decode()
    assert "Texto con licencia 1" in body
