"""A participant who withdraws research consent disappears from every qualitative analysis and export,
each says how many documents it left out, their documents cannot be opened for coding, and nothing is
deleted: when consent is given again the material comes back."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from puente.cli import main
from puente.people import services as people
from puente.people.models import ConsentScope
from puente.qualitative.models import Case, Coding, Document, MatrixCell, Memo
from puente.qualitative.selectors import consent
from puente.qualitative.selectors.agreement import agreement
from puente.qualitative.selectors.search import search
from puente.qualitative.services import coding, documents, memos, projects
from puente.qualitative.suggestions import training_data
from tests.conftest import client_for

from .conftest import Qda, span_of
from .test_refi import NVIVO, new_project, samples  # noqa: F401 - the fixture

WITHDRAWN_QUOTE = "Me acompañó al banco"
STAFF_TEXT = "PSW: Acompañar es escuchar primero y después caminar juntos.\n"
STAFF_QUOTE = "Acompañar es escuchar primero"
FIELD_TEXT = "Observación: la sala de espera estaba llena y nadie hablaba.\n"
FIELD_QUOTE = "la sala de espera estaba llena"
GROUP_TEXT = "P7: Yo también me sentí raro al principio.\nPSW: Nos pasó a todos, lo conversamos juntos.\n"
GROUP_QUOTE = "Nos pasó a todos"
SUMMARY = "Resumen privado de lo que dijo SCL-001"
MEMO_WORD = "ornitorrinco"
LEFT_OUT = "1 document left out: no research consent."


@dataclass
class Study:
    qda: Qda
    staff_document: Document
    field_document: Document
    group_document: Document


def _document(world, qda: Qda, title: str, text: str) -> Document:
    document = documents.do_import_document(
        actor=world.researcher, project=qda.project, title=title, text=text, language="es"
    )
    return documents.do_apply_deidentification(
        actor=world.researcher, document=document, expected_version=document.version, replacements=[]
    )


def _code(world, document: Document, fragment: str, code) -> None:
    start, end = span_of(document.text, fragment)
    coding.do_code_selection(actor=world.researcher, document=document, start=start, end=end, codes=[code])


@pytest.fixture
def study(world, coded) -> Study:
    """The coded P7 interview (SCL-001's case), a PSW's interview, field notes linked to nobody, and a
    focus group where the PSW and P7 both speak (each linked by speaker)."""
    support = coded.codes["Strengths-based social and practical support"]
    staff_document = _document(world, coded, "Entrevista PSW", STAFF_TEXT)
    staff_case = projects.do_create_case(
        actor=world.researcher, project=coded.project, name="PSW-01", kind="psw", worker=world.psw
    )
    projects.do_link_document(actor=world.researcher, case=staff_case, document=staff_document)
    _code(world, staff_document, STAFF_QUOTE, support)
    field_document = _document(world, coded, "Notas de campo", FIELD_TEXT)
    _code(world, field_document, FIELD_QUOTE, support)
    group_document = _document(world, coded, "Grupo focal", GROUP_TEXT)
    projects.do_link_document(actor=world.researcher, case=coded.case, document=group_document, speaker="P7")
    projects.do_link_document(actor=world.researcher, case=staff_case, document=group_document, speaker="PSW")
    _code(world, group_document, GROUP_QUOTE, support)
    memos.do_save_cell(
        actor=world.researcher, case=coded.case, code=support, summary=SUMMARY, expected_version=0
    )
    start, end = span_of(coded.document.text, WITHDRAWN_QUOTE)
    memos.do_create_memo(
        actor=world.researcher,
        project=coded.project,
        title="Sobre el banco",
        text=f"Un {MEMO_WORD} en el banco.",
        document=coded.document,
        start=start,
        end=end,
    )
    return Study(coded, staff_document, field_document, group_document)


def withdraw(world) -> None:
    people.do_withdraw_consent(
        actor=world.coordinator,
        participant=world.own_participant,
        scopes=[ConsentScope.RESEARCH],
        event_date=dt.date.today(),
    )


def consent_again(world) -> None:
    people.do_give_consent(
        actor=world.coordinator,
        participant=world.own_participant,
        form=world.form_a,
        scopes=[ConsentScope.RESEARCH],
        event_date=dt.date.today(),
    )


def page(world, name: str, study: Study, query: str = "", **kwargs) -> str:
    url = reverse(name, kwargs={"pk": study.qda.project.pk, **kwargs})
    response = client_for(world.researcher).get(url + query)
    assert response.status_code == 200, name
    return response.content.decode()


# Which documents are left out


def test_withdrawal_leaves_out_the_persons_documents_and_the_focus_group_but_not_staff_or_unlinked(
    world, study
):
    project = study.qda.project
    assert consent.excluded_by_consent(project) == 0
    withdraw(world)
    world.own_participant.refresh_from_db()
    assert world.own_participant.research_consent is False
    left_out = set(consent.withheld_documents(project).values_list("title", flat=True))
    assert left_out == {"Entrevista P7", "Grupo focal"}
    kept = set(consent.consented_documents(project).values_list("title", flat=True))
    assert kept == {"Entrevista PSW", "Notas de campo"}
    assert consent.excluded_by_consent(project) == 2


def test_nothing_is_deleted_and_consent_given_again_brings_everything_back(world, study):
    counts = (Document.objects.count(), Coding.objects.count(), Case.objects.count(), Memo.objects.count())
    withdraw(world)
    assert (
        Document.objects.count(),
        Coding.objects.count(),
        Case.objects.count(),
        Memo.objects.count(),
    ) == counts
    assert MatrixCell.objects.filter(summary=SUMMARY).exists()
    consent_again(world)
    assert consent.excluded_by_consent(study.qda.project) == 0
    body = page(world, "qda_matrix", study)
    assert WITHDRAWN_QUOTE in body and SUMMARY in body and "left out" not in body
    segments = page(world, "qda_segments", study)
    assert WITHDRAWN_QUOTE in segments and GROUP_QUOTE in segments
    assert client_for(world.coordinator).get(_workspace(study)).status_code == 200


# Framework matrix: page and exports


def test_the_matrix_page_drops_the_case_its_quotes_and_summary_and_says_how_many_were_left_out(world, study):
    before = page(world, "qda_matrix", study)
    assert WITHDRAWN_QUOTE in before and SUMMARY in before and GROUP_QUOTE in before
    withdraw(world)
    body = page(world, "qda_matrix", study)
    assert WITHDRAWN_QUOTE not in body and SUMMARY not in body and "SCL-001" not in body
    assert GROUP_QUOTE not in body  # the focus group goes as a whole
    assert STAFF_QUOTE in body
    assert "2 documents left out: no research consent." in body


def _xlsx_text(content: bytes) -> str:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content)).active
    return "\n".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)


def _docx_text(content: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "html"])
def test_the_matrix_exports_leave_the_person_out_and_say_so(world, study, fmt):
    url = reverse("qda_matrix_export", kwargs={"pk": study.qda.project.pk, "fmt": fmt})
    client = client_for(world.researcher)
    read = {"xlsx": _xlsx_text, "docx": _docx_text, "html": lambda c: c.decode()}[fmt]
    assert WITHDRAWN_QUOTE in read(client.get(url).content)
    withdraw(world)
    text = read(client.get(url).content)
    assert WITHDRAWN_QUOTE not in text and SUMMARY not in text and "SCL-001" not in text
    assert STAFF_QUOTE in text
    assert "2 documents left out: no research consent." in text


# Counts, segments, search


def test_the_counts_page_no_longer_counts_the_person(world, study):
    before = page(world, "qda_counts", study)
    assert "SCL-001" in before
    withdraw(world)
    body = page(world, "qda_counts", study)
    assert "SCL-001" not in body
    assert "2 documents left out: no research consent." in body
    from puente.qualitative.selectors.counts import count_tables

    tables = count_tables(study.qda.project)
    support = study.qda.codes["Strengths-based social and practical support"]
    assert dict((code.pk, n) for code, _d, n in tables.codes)[support.pk] == 2  # PSW interview, field notes


def test_coded_segments_leave_the_person_out_for_leads_and_independent_coders(world, study):
    withdraw(world)
    body = page(world, "qda_segments", study)
    assert WITHDRAWN_QUOTE not in body and GROUP_QUOTE not in body and STAFF_QUOTE in body
    assert "2 documents left out" in body
    assert "?speaker=P7" not in body and 'value="P7"' not in body
    project = study.qda.project
    coding.do_set_independent_coding(actor=world.researcher, project=project, independent=True)
    coder_view = client_for(world.coordinator).get(reverse("qda_segments", kwargs={"pk": project.pk}))
    assert WITHDRAWN_QUOTE not in coder_view.content.decode()


def test_search_finds_neither_the_persons_documents_nor_memos_on_them(world, study):
    assert "Entrevista P7" in page(world, "qda_search", study, "?q=banco")
    assert MEMO_WORD in page(world, "qda_search", study, f"?q={MEMO_WORD}")
    withdraw(world)
    body = page(world, "qda_search", study, "?q=banco")
    assert "Entrevista P7" not in body and LEFT_OUT.replace("1 document", "2 documents") in body
    assert search(study.qda.project, MEMO_WORD) == []
    assert "Entrevista PSW" in page(world, "qda_search", study, "?q=escuchar")


# REFI-QDA export: command line and web


def _qdpx_text(path) -> str:
    with zipfile.ZipFile(path) as archive:
        return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())


def test_the_refi_export_from_the_command_line_leaves_the_person_out_and_reports_it(
    world, study, tmp_path, capsys
):
    out = tmp_path / "before.qdpx"
    assert main(["qda", "export", "--project", study.qda.project.name, "--out", str(out), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["left_out_for_consent"] == 0 and WITHDRAWN_QUOTE in _qdpx_text(out)
    withdraw(world)
    out = tmp_path / "after.qdpx"
    assert main(["qda", "export", "--project", study.qda.project.name, "--out", str(out), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["left_out_for_consent"] == 2
    text = _qdpx_text(out)
    assert WITHDRAWN_QUOTE not in text and GROUP_QUOTE not in text and SUMMARY not in text
    assert MEMO_WORD not in text and "SCL-001" not in text
    assert STAFF_QUOTE in text and FIELD_QUOTE in text
    assert main(["qda", "export", "--project", study.qda.project.name, "--out", str(out)]) == 0
    assert "left out: 2 documents left out: no research consent." in capsys.readouterr().out


def test_the_web_refi_export_says_how_many_were_left_out_and_leaves_them_out(world, study):
    withdraw(world)
    assert "2 documents left out: no research consent." in page(world, "qda_refi_export", study)
    response = client_for(world.researcher).get(
        reverse("qda_refi_export", kwargs={"pk": study.qda.project.pk}) + "?format=qdpx"
    )
    archive = io.BytesIO(b"".join(response.streaming_content))
    text = _qdpx_text(archive)
    assert WITHDRAWN_QUOTE not in text and STAFF_QUOTE in text


# Agreement and suggestions


def test_agreement_is_computed_without_the_persons_documents(world, study, capsys):
    project = study.qda.project
    before = agreement(project, study.qda.lead, study.qda.coder)
    withdraw(world)
    after = agreement(project, study.qda.lead, study.qda.coder)
    assert (before.documents, after.documents) == (1, 0)  # only the P7 interview was coded by both
    assert "2 documents left out: no research consent." in page(world, "qda_agreement", study)
    code = main(["qda", "agreement", "--project", project.name, "--coders", "researcher,coord", "--json"])
    assert code == 0
    assert json.loads(capsys.readouterr().out)["overall"]["left_out_for_consent"] == 2


def test_code_suggestions_no_longer_learn_from_the_persons_words(world, study):
    texts, _labels, _names = training_data(study.qda.project)
    assert any(WITHDRAWN_QUOTE in t for t in texts)
    withdraw(world)
    texts, _labels, _names = training_data(study.qda.project)
    assert not any(WITHDRAWN_QUOTE in t or GROUP_QUOTE in t for t in texts)
    assert any(STAFF_QUOTE in t for t in texts)


# The coding workspace refuses a left-out document


def _workspace(study: Study) -> str:
    return reverse("qda_workspace", kwargs={"pk": study.qda.project.pk, "doc": study.qda.document.pk})


def test_the_workspace_refuses_a_left_out_document_with_a_page_that_says_why(world, study):
    withdraw(world)
    for user in (world.coordinator, world.researcher):
        response = client_for(user).get(_workspace(study))
        assert response.status_code == 403
        body = response.content.decode()
        assert "withdrawn research consent" in body and WITHDRAWN_QUOTE not in body
    compare = reverse("qda_compare", kwargs={"pk": study.qda.project.pk, "doc": study.qda.document.pk})
    assert client_for(world.researcher).get(compare).status_code == 403
    detail = page(world, "qda_project_detail", study)
    assert "Left out: no research consent" in detail and _workspace(study) not in detail
    staff = reverse("qda_workspace", kwargs={"pk": study.qda.project.pk, "doc": study.staff_document.pk})
    assert client_for(world.coordinator).get(staff).status_code == 200


def test_coding_a_left_out_document_is_refused_and_changes_nothing(world, study):
    withdraw(world)
    codings, events = Coding.objects.count(), _audit_count()
    url = reverse("qda_api_code", kwargs={"pk": study.qda.project.pk, "doc": study.qda.document.pk})
    code = study.qda.codes["Love labour"]
    response = client_for(world.coordinator).post(
        url, data=json.dumps({"codes": [code.pk], "start": 0, "end": 5}), content_type="application/json"
    )
    assert response.status_code == 403 and "withdrawn research consent" in response.json()["error"]
    existing = Coding.objects.filter(document=study.qda.document, coder=study.qda.coder).first()
    remove = reverse("qda_coding_remove", kwargs={"pk": study.qda.project.pk, "coding": existing.pk})
    assert client_for(world.coordinator).post(remove).status_code == 403
    cell = reverse(
        "qda_matrix_cell",
        kwargs={"pk": study.qda.project.pk, "case": study.qda.case.pk, "code": code.pk},
    )
    assert client_for(world.coordinator).post(cell, {"summary": "x", "version": 0}).status_code == 403
    assert Coding.objects.count() == codings and _audit_count() == events
    existing.refresh_from_db()
    assert existing.retired_at is None


def _audit_count() -> int:
    from puente.audit.models import AuditEvent

    return AuditEvent.objects.count()


# Query counts stay constant


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("name", ["qda_matrix", "qda_segments", "qda_counts", "qda_search", "qda_memos"])
def test_leaving_people_out_costs_a_fixed_number_of_queries(world, study, name):
    client = client_for(world.researcher)
    url = reverse(name, kwargs={"pk": study.qda.project.pk}) + ("?q=frase" if name == "qda_search" else "")
    client.get(url)
    small = _queries(client, url)
    for index in range(4):
        document = _document(world, study.qda, f"Otra {index}", f"P7: Una frase más {index}.\n")
        projects.do_link_document(actor=world.researcher, case=study.qda.case, document=document)
        _code(world, document, "Una frase", study.qda.codes["Love labour"])
    with_consent = _queries(client, url)
    withdraw(world)
    assert consent.excluded_by_consent(study.qda.project) == 6
    left_out = _queries(client, url)
    assert small == with_consent == left_out <= 20, (small, with_consent, left_out)


def test_the_memo_list_hides_memos_on_left_out_documents_and_the_cases_page_marks_the_case(world, study):
    assert MEMO_WORD in page(world, "qda_memos", study)
    withdraw(world)
    memos_page = page(world, "qda_memos", study)
    assert MEMO_WORD not in memos_page and "2 documents left out: no research consent." in memos_page
    assert "No research consent: left out of analyses" in page(world, "qda_cases", study)


def test_an_imported_projects_export_keeps_no_reference_to_a_left_out_source(world, samples, tmp_path):  # noqa: F811
    from puente.interop.refiqda import read_qdpx
    from puente.qualitative.services import refi_export, refi_import

    project = new_project(world, "NVivo sample")
    refi_import.do_import_refi(actor=world.researcher, project=project, path=samples / NVIVO)
    document = Document.objects.filter(project=project, codings__isnull=False).distinct().first()
    left_codings = Coding.objects.filter(document=document).count()
    case = projects.do_create_case(actor=world.researcher, project=project, participant=world.own_participant)
    projects.do_link_document(actor=world.researcher, case=case, document=document)
    withdraw(world)
    out = tmp_path / "withdrawn.qdpx"
    result = refi_export.do_export_refi(actor=world.researcher, project=project, path=out)
    assert result.left_out == 1
    model, _report = read_qdpx(out)
    source_guids = {source.guid for source in model.sources}
    assert document.refi_guid not in source_guids and document.title not in {s.name for s in model.sources}
    assert sum(1 for _ in model.iter_codings()) == 303 - left_codings
    referenced = {ref for c in model.cases for ref in [*c.source_refs, *c.selection_refs]}
    selections = {sel.guid for source in model.sources for sel in source.selections}
    assert referenced <= source_guids | selections
    assert world.own_participant.study_code not in {c.name for c in model.cases}
