"""Qualitative pages and JSON endpoints through the test client."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from puente.audit.models import AuditEvent
from puente.qualitative.models import Coding, Document, Memo
from tests.conftest import client_for

from .conftest import span_of


def url(name, **kwargs):
    return reverse(name, kwargs=kwargs)


def test_a_coder_codes_a_selection_through_the_json_endpoint_with_code_point_offsets(world, qda):
    s, e = span_of(qda.document.text, "Él también estuvo hospitalizado 🙂.")
    response = client_for(world.coordinator).post(
        url("qda_api_code", pk=qda.project.pk, doc=qda.document.pk),
        json.dumps({"start": s, "end": e, "codes": [qda.codes["Use of lived experience"].pk]}),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    item = Coding.objects.get(pk=response.json()["codings"][0]["id"])
    assert qda.document.text[item.start : item.end] == "Él también estuvo hospitalizado 🙂."
    assert item.coder.user == world.coordinator


def test_the_json_endpoint_needs_the_csrf_token(world, qda):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.coordinator)
    response = client.post(
        url("qda_api_code", pk=qda.project.pk, doc=qda.document.pk),
        json.dumps({"start": 0, "end": 3, "codes": [qda.codes["Love labour"].pk]}),
        content_type="application/json",
    )
    assert response.status_code == 403 and not Coding.objects.exists()


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"start": 0, "end": 99999, "codes": "ids"}, "Choose at least one code"),
        ({"start": 0, "end": 99999, "codes": ["love"]}, "Choose at least one code"),
        ({"start": 0, "end": 99999, "codes": [99999]}, "does not exist"),
        ({"start": "0", "end": 5, "codes": None}, "Choose at least one code"),
    ],
)
def test_bad_coding_requests_get_a_clear_message_and_change_nothing(world, qda, payload, message):
    if payload["codes"] is None:
        payload["codes"] = [qda.codes["Love labour"].pk]
        message = "whole number"
    events = AuditEvent.objects.count()
    response = client_for(world.coordinator).post(
        url("qda_api_code", pk=qda.project.pk, doc=qda.document.pk),
        json.dumps(payload),
        content_type="application/json",
    )
    assert response.status_code == 400 and message in response.json()["error"]
    assert Coding.objects.count() == 0 and AuditEvent.objects.count() == events


def test_offsets_past_the_text_are_refused_by_the_endpoint(world, qda):
    response = client_for(world.coordinator).post(
        url("qda_api_code", pk=qda.project.pk, doc=qda.document.pk),
        json.dumps({"start": 0, "end": len(qda.document.text) + 1, "codes": [qda.codes["Love labour"].pk]}),
        content_type="application/json",
    )
    assert response.status_code == 400 and "not inside the text" in response.json()["error"]
    assert not Coding.objects.exists()


def test_a_researcher_of_the_site_who_is_not_a_member_may_read_but_not_code(world, qda):
    from puente.accounts.roles import Role
    from tests.conftest import make_user

    reader = make_user("reader", (world.site_a, Role.RESEARCHER))
    client = client_for(reader)
    assert client.get(url("qda_workspace", pk=qda.project.pk, doc=qda.document.pk)).status_code == 200
    response = client.post(
        url("qda_api_code", pk=qda.project.pk, doc=qda.document.pk),
        json.dumps({"start": 0, "end": 3, "codes": [qda.codes["Love labour"].pk]}),
        content_type="application/json",
    )
    assert response.status_code == 403 and not Coding.objects.exists()


def test_a_project_of_another_site_does_not_exist_for_site_a_staff(world, qda):
    from puente.accounts.roles import Role
    from puente.qualitative.services import projects
    from tests.conftest import make_user

    far_researcher = make_user("farres", (world.site_b, Role.RESEARCHER))
    other = projects.do_create_project(actor=far_researcher, name="Rio", sites=[world.site_b])
    for persona in (world.researcher, world.coordinator):
        assert client_for(persona).get(url("qda_project_detail", pk=other.pk)).status_code == 404
    assert client_for(far_researcher).get(url("qda_project_detail", pk=qda.project.pk)).status_code == 404


def test_a_memo_on_a_selection_is_saved_and_found_by_search(world, qda):
    s, e = span_of(qda.document.text, "tomamos un café en la plaza")
    client = client_for(world.coordinator)
    response = client.post(
        url("qda_api_memo", pk=qda.project.pk, doc=qda.document.pk),
        json.dumps({"start": s, "end": e, "title": "Salidas", "text": "Recuperar la comunidad"}),
        content_type="application/json",
    )
    assert response.status_code == 201
    memo = Memo.objects.get()
    assert (memo.start, memo.end, memo.document_id) == (s, e, qda.document.pk)
    body = client.get(url("qda_search", pk=qda.project.pk) + "?q=comunidad").content.decode()
    assert "Salidas" in body and "<mark>comunidad</mark>" in body.lower().replace(
        "<mark>comunidad", "<mark>comunidad"
    )
    body = client.get(url("qda_search", pk=qda.project.pk) + "?q=café plaza").content.decode()
    assert "Entrevista P7" in body and "<mark>" in body


def test_uploading_a_transcript_leads_to_the_de_identification_review(world, qda):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(world.researcher)
    text = "Entrevistadora: Hola.\nP2: Me llamo Ana María Rojas y mi correo es ana@example.cl.\n"
    response = client.post(
        url("qda_document_add", pk=qda.project.pk),
        {
            "title": "P2",
            "kind": "interview",
            "language": "es",
            "file": SimpleUploadedFile("p2.txt", text.encode()),
        },
    )
    document = Document.objects.get(title="P2")
    assert response.status_code == 302 and document.text == text
    review = client.get(response["Location"]).content.decode()
    assert "ana@example.cl" in review and "[EMAIL]" in review and "[NAME]" in review
    s, e = span_of(text, "Ana María Rojas")
    es, ee = span_of(text, "ana@example.cl")
    response = client.post(
        response["Location"],
        {
            "version": document.version,
            "apply": [f"{s}:{e}", f"{es}:{ee}"],
            f"with-{s}:{e}": "[NAME]",
            f"with-{es}:{ee}": "[EMAIL]",
        },
    )
    document.refresh_from_db()
    assert response.status_code == 302 and document.is_deidentified
    assert document.text == "Entrevistadora: Hola.\nP2: Me llamo [NAME] y mi correo es [EMAIL].\n"


def test_an_unreadable_upload_is_refused_on_the_form_and_changes_nothing(world, qda):
    from django.core.files.uploadedfile import SimpleUploadedFile

    before = Document.objects.count()
    response = client_for(world.researcher).post(
        url("qda_document_add", pk=qda.project.pk),
        {
            "title": "X",
            "kind": "interview",
            "language": "es",
            "file": SimpleUploadedFile("x.docx", b"not a word file"),
        },
    )
    assert response.status_code == 200 and "could not be read" in response.content.decode()
    assert Document.objects.count() == before


def test_the_workspace_shows_codings_in_the_margin(world, coded):
    body = client_for(world.researcher).get(url("qda_workspace", pk=coded.project.pk, doc=coded.document.pk))
    text = body.content.decode()
    assert "Use of lived experience" in text and 'role="listbox"' in text and "workspace.js" in text
    assert "<script>" not in text.replace('<script id="qda-codes" type="application/json">', "")


def test_the_matrix_cell_page_saves_a_summary(world, coded):
    code = coded.codes["Love labour"]
    client = client_for(world.coordinator)
    page = client.get(url("qda_matrix_cell", pk=coded.project.pk, case=coded.case.pk, code=code.pk))
    assert "dejé de sentirme el raro" in page.content.decode()
    response = client.post(
        url("qda_matrix_cell", pk=coded.project.pk, case=coded.case.pk, code=code.pk),
        {"version": 0, "summary": "Se siente cuidado."},
    )
    assert response.status_code == 302
    matrix = client.get(url("qda_matrix", pk=coded.project.pk)).content.decode()
    assert "Se siente cuidado." in matrix and "SCL-001" in matrix


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "html"])
def test_the_matrix_exports(world, coded, fmt):
    response = client_for(world.researcher).get(url("qda_matrix_export", pk=coded.project.pk, fmt=fmt))
    assert response.status_code == 200
    if fmt == "xlsx":
        import io

        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(response.content)).active
        assert sheet.cell(row=2, column=1).value == "SCL-001"
        assert "Me acompañó al banco" in " ".join(str(c.value) for c in sheet[2])
    elif fmt == "docx":
        import io

        import docx

        table = docx.Document(io.BytesIO(response.content)).tables[0]
        assert table.rows[1].cells[0].text.startswith("SCL-001")
    else:
        assert "Me acompañó al banco" in response.content.decode()


def test_the_counts_page_counts_codes_groups_and_co_occurrence(world, coded):
    from puente.qualitative.selectors.counts import count_tables

    tables = count_tables(coded.project, "Gender")
    per_code = {code.name: n for code, _d, n in tables.codes}
    assert (
        per_code["Strengths-based social and practical support"] == 2
        and per_code["Use of lived experience"] == 2
    )
    assert tables.groups == [("Watson's mechanisms", 5, 5)]
    # Only one coder applied both codes to the same text; overlaps across coders do not count.
    assert [(sorted((a, b)), n) for a, b, n in tables.cooccurrence] == [
        (["Love labour", "Use of lived experience"], 1)
    ]
    assert tables.attribute_values == ["Woman"]
    page = client_for(world.researcher).get(url("qda_counts", pk=coded.project.pk))
    assert page.status_code == 200


def test_the_comparison_view_shows_both_coders_and_reconciles(world, coded):
    client = client_for(world.researcher)
    body = client.get(url("qda_compare", pk=coded.project.pk, doc=coded.document.pk)).content.decode()
    assert "only this coder" in body and "Coord Tester" in body
    theirs = Coding.objects.filter(coder=coded.coder).first()
    client.post(url("qda_coding_agree", pk=coded.project.pk, coding=theirs.pk))
    assert Coding.objects.filter(agreed=True).count() == 1
