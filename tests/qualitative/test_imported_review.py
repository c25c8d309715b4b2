"""Documents imported from REFI-QDA arrive "not yet reviewed": nobody codes them until a project lead
has run the de-identification review, which keeps the imported codings on the same words."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from puente.audit.models import AuditEvent
from puente.qualitative import deidentify
from puente.qualitative.models import Coding, Document, Memo
from puente.qualitative.services import coding, documents, memos, projects, refi_export, refi_import
from tests.conftest import client_for

from .conftest import span_of


@pytest.fixture
def imported(world, coded, tmp_path):
    """The coded test project, exported and imported into a new project the researcher leads."""
    s, e = span_of(coded.document.text, "Hacía años que no salía así.")
    memos.do_create_memo(
        actor=world.researcher,
        project=coded.project,
        document=coded.document,
        title="m",
        text="t",
        start=s,
        end=e,
    )
    path = tmp_path / "project.qdpx"
    refi_export.do_export_refi(actor=None, project=coded.project, path=path)
    project = projects.do_create_project(actor=world.researcher, name="Imported", sites=[world.site_a])
    projects.do_add_member(actor=world.researcher, project=project, user=world.coordinator)
    result = refi_import.do_import_refi(actor=world.researcher, project=project, path=path)
    return project, result


def _quotes(document: Document) -> list[str]:
    return sorted(document.text[c.start : c.end] for c in Coding.objects.filter(document=document))


def test_imported_documents_arrive_not_yet_reviewed_and_the_import_says_so(world, imported):
    project, result = imported
    document = project.documents.get()
    assert not document.is_deidentified and document.deidentified_by is None
    assert any("de-identification review" in message for message in result.messages)
    event = AuditEvent.objects.filter(action="qda_project.refi_import").latest("seq")
    assert event.after["awaiting_review"] == 1


def test_nobody_codes_an_imported_document_before_the_review(world, imported):
    project, _result = imported
    document = project.documents.get()
    code = project.codes.first()
    codings, events = Coding.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        coding.do_code_selection(actor=world.coordinator, document=document, start=0, end=5, codes=[code])
    assert "not been de-identified" in refused.value.messages[0]
    assert Coding.objects.count() == codings and AuditEvent.objects.count() == events
    response = client_for(world.coordinator).post(
        reverse("qda_api_code", args=[project.pk, document.pk]),
        data={"codes": [code.pk], "start": 0, "end": 5},
        content_type="application/json",
    )
    assert response.status_code == 400 and "de-identified" in response.json()["error"]
    assert Coding.objects.count() == codings and AuditEvent.objects.count() == events
    page = client_for(world.coordinator).get(reverse("qda_workspace", args=[project.pk, document.pk]))
    assert 'data-codable="0"' in page.content.decode()


def test_the_review_moves_imported_codings_and_memos_with_the_text(world, imported):
    project, _result = imported
    document = project.documents.get()
    before = _quotes(document)
    place = span_of(document.text, "banco")
    name = span_of(document.text, "Entrevistador")  # before every coding: everything shifts
    documents.do_apply_deidentification(
        actor=world.researcher,
        document=document,
        expected_version=document.version,
        replacements=[(*place, "[PLACE]"), (*name, "[I]")],
        kinds=["team_list", "team_list"],
    )
    document.refresh_from_db()
    assert document.is_deidentified and document.deidentified_by == world.researcher
    after = _quotes(document)
    assert after == sorted(q.replace("banco", "[PLACE]") for q in before)
    memo = Memo.objects.get(document=document, start__isnull=False)
    assert document.text[memo.start : memo.end] == "Hacía años que no salía así."
    event = AuditEvent.objects.filter(action="qda_document.deidentify").latest("seq")
    assert event.actor_id == world.researcher.pk
    assert event.after["imported"] is True and event.after["replacements"] == 2
    assert event.after["spans_moved"] >= len(before)
    assert "banco" not in str(event.after)  # the removed words never enter the audit log


def test_a_reviewer_may_confirm_an_imported_document_without_replacements(world, imported):
    project, _result = imported
    document = project.documents.get()
    text, quotes = document.text, _quotes(document)
    response = client_for(world.researcher).post(
        reverse("qda_document_deidentify", args=[project.pk, document.pk]), {"version": document.version}
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.is_deidentified and document.text == text and _quotes(document) == quotes
    assert (
        AuditEvent.objects.filter(action="qda_document.deidentify", object_id=str(document.pk)).count() == 1
    )
    code = project.codes.first()
    made = coding.do_code_selection(actor=world.coordinator, document=document, start=0, end=5, codes=[code])
    assert len(made) == 1


def test_only_a_project_lead_reviews_an_imported_document(world, imported):
    project, _result = imported
    document = project.documents.get()
    events = AuditEvent.objects.count()
    url = reverse("qda_document_deidentify", args=[project.pk, document.pk])
    assert client_for(world.coordinator).post(url, {"version": document.version}).status_code == 403
    with pytest.raises(PermissionDenied):
        documents.do_apply_deidentification(
            actor=world.coordinator, document=document, expected_version=document.version, replacements=[]
        )
    document.refresh_from_db()
    assert not document.is_deidentified and AuditEvent.objects.count() == events


def test_the_review_page_tells_the_lead_the_document_was_imported(world, imported):
    project, _result = imported
    document = project.documents.get()
    page = client_for(world.researcher).get(
        reverse("qda_document_deidentify", args=[project.pk, document.pk])
    )
    assert "came from a REFI-QDA project" in page.content.decode()


def test_a_reviewed_document_with_codings_refuses_further_replacements(world, imported):
    project, _result = imported
    document = project.documents.get()
    document = documents.do_apply_deidentification(
        actor=world.researcher, document=document, expected_version=document.version, replacements=[]
    )
    text, events = document.text, AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        documents.do_apply_deidentification(
            actor=world.researcher,
            document=document,
            expected_version=document.version,
            replacements=[(*span_of(text, "banco"), "[PLACE]")],
        )
    assert "already has codings" in refused.value.messages[0]
    document.refresh_from_db()
    assert document.text == text and AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    ("span", "expected"),
    [
        ((0, 3), (0, 3)),  # before every replacement
        ((0, 5), (0, 5)),  # ends where a replacement starts
        ((5, 9), (5, 8)),  # exactly the replaced stretch: now the token
        ((6, 8), (5, 8)),  # inside the replaced stretch: widened to the token
        ((3, 11), (3, 10)),  # spans a replacement: shortened by the change in length
        ((9, 11), (8, 10)),  # after it: shifted
        ((7, 14), (5, 15)),  # starts inside one, ends after both
    ],
)
def test_a_span_moves_with_the_replacements(span, expected):
    # "abcdeFGHIjkLMno": FGHI (5-9) -> [X] (3 chars), LM (11-13) -> [YY] (4 chars)
    replacements = [(5, 9, "[X]"), (11, 13, "[YY]")]
    assert deidentify.move_span(*span, replacements) == expected


def test_imported_codings_cannot_be_agreed_before_the_review(world, imported):
    project, _result = imported
    document = project.documents.get()
    item = Coding.objects.filter(document=document).first()
    before = (list(Coding.objects.values_list("pk", "code_id", "agreed")), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as refused:
        coding.do_accept_into_agreed(actor=world.researcher, coding=item)
    assert "not been de-identified" in refused.value.messages[0]
    assert (list(Coding.objects.values_list("pk", "code_id", "agreed")), AuditEvent.objects.count()) == before
