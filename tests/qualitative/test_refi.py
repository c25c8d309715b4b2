"""REFI-QDA in the app: real samples import with nothing dropped, an export re-imports identically,
and a bad file changes nothing."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from lxml import etree

from puente.audit.models import AuditEvent
from puente.interop.refiqda import read_qdpx, schema
from puente.qualitative.attributes import case_attributes
from puente.qualitative.models import Coding, Document, Memo, Project
from puente.qualitative.services import coding, memos, projects, refi_export, refi_import

from .conftest import span_of

DEFAULT_SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "refi-qda" / "samples"
NVIVO = "nvivo-12.6-windows.qdpx"
ATLAS = "atlasti-8.4-standard-project.qde"


@pytest.fixture(scope="module")
def samples() -> Path:
    path = Path(os.environ.get("PUENTE_REFI_SAMPLES", DEFAULT_SAMPLES))
    missing = [n for n in (NVIVO, ATLAS) if not (path / n).is_file()]
    if missing:
        pytest.fail(
            f"REFI-QDA samples {missing} not found in {path}; set PUENTE_REFI_SAMPLES.", pytrace=False
        )
    return path


def new_project(world, name: str) -> Project:
    return projects.do_create_project(actor=world.researcher, name=name, sites=[world.site_a])


def canonical(project: Project) -> dict:
    """Everything a team sees in a project, in a form that does not depend on database ids."""
    paths = {}
    for code in project.codes.order_by("pk"):
        paths[code.pk] = (*paths.get(code.parent_id, ()), code.name)
    return {
        "codes": sorted(
            (paths[c.pk], c.colour, c.definition, c.inclusion, c.exclusion, c.example, c.is_codable)
            for c in project.codes.all()
        ),
        "groups": sorted(
            (g.name, tuple(sorted(paths[c.pk] for c in g.codes.all()))) for g in project.code_groups.all()
        ),
        "documents": sorted((d.title, d.text, d.text_available) for d in project.documents.all()),
        "codings": sorted(
            (c.document.title, c.start, c.end, paths[c.code_id], c.coder.name)
            for c in Coding.objects.filter(project=project, agreed=False, retired_at__isnull=True)
        ),
        "cases": sorted(
            (
                c.name,
                tuple(sorted(case_attributes(c).items())),
                tuple(sorted(link.document.title for link in c.links.all())),
            )
            for c in project.cases.all()
        ),
        "memos": sorted(
            (
                m.title,
                m.text,
                getattr(m.document, "title", None),
                m.start,
                m.end,
                getattr(m.case, "name", None),
                paths.get(m.code_id),
            )
            for m in project.memos.all()
        ),
        "cells": sorted(
            (cell.case.name, paths[cell.code_id], cell.summary) for cell in project.matrix_cells.all()
        ),
        "members": sorted(m.name for m in project.members.all() if m.codings.exists()),
    }


def test_the_nvivo_sample_imports_with_nothing_dropped(world, samples):
    project = new_project(world, "NVivo sample")
    result = refi_import.do_import_refi(actor=world.researcher, project=project, path=samples / NVIVO)
    assert result.counts["codes"] == 152 and result.counts["codings"] == 303 and result.counts["users"] == 2
    assert project.codes.count() == 152
    assert Coding.objects.filter(project=project).count() == 303
    assert project.members.filter(role="external").count() == 2
    assert result.report.converted_selections > 0  # NVivo's UTF-16 positions were converted


def test_nvivo_codings_land_on_the_text_they_were_made_on(world, samples):
    project = new_project(world, "NVivo sample")
    refi_import.do_import_refi(actor=world.researcher, project=project, path=samples / NVIVO)
    # The coders coded whole comment lines (with emoji): each coded span is one full line of the text.
    whole = {
        "9d5ea80a-9fb7-4420-8fdd-ae1dc0ab0a83": None,
        "5971f61e-f65f-4c83-8add-ae1dc1401e72": "Mocskos fidess propagandisták!🤮",
        "d3b80e30-e53d-48b5-90dd-ae1dc14a981d": "A. HAZUGSÁG FOLYIK 👍👍👍👍",
    }
    for guid, expected in whole.items():
        item = Coding.objects.select_related("document").get(project=project, refi_selection_guid=guid)
        quote = item.document.text[item.start : item.end]
        if expected:
            assert quote == expected
        before = item.document.text[item.start - 1] if item.start else "\n"
        after = item.document.text[item.end : item.end + 1] or "\n"
        assert before in "\r\n" and after in "\r\n", quote
    texts = {d.pk: d.text for d in Document.objects.filter(project=project)}
    assert all(
        0 <= c.start < c.end <= len(texts[c.document_id]) for c in Coding.objects.filter(project=project)
    )


def test_the_atlas_sample_imports_with_nothing_dropped(world, samples):
    project = new_project(world, "ATLAS sample")
    result = refi_import.do_import_refi(actor=world.researcher, project=project, path=samples / ATLAS)
    counts = result.counts
    assert (counts["users"], counts["codes"]) == (3, 14)
    assert project.codes.count() == 14
    assert Coding.objects.filter(project=project).count() == counts["codings"]
    coded_selections = Coding.objects.filter(project=project).values("refi_selection_guid").distinct().count()
    bare = sum(len(d.refi_extra.get("bare_selections", [])) for d in project.documents.all())
    assert coded_selections + bare == counts["selections"] > 0  # a selection nobody coded is kept too
    assert Memo.objects.filter(project=project).count() == counts["notes"]
    assert project.code_groups.count() == counts["sets"]
    # PDF, picture, audio and video sources, links and graphs are kept to be given back on export.
    assert project.refi_leftovers.count() == len(result.report.unmodelled) > 0


def _export_and_reimport(world, project: Project, tmp_path: Path, name: str) -> tuple[Project, Path]:
    out = tmp_path / "out.qdpx"
    refi_export.do_export_refi(actor=world.researcher, project=project, path=out)
    with zipfile.ZipFile(out) as zf:
        assert schema("Project.xsd").validate(etree.fromstring(zf.read("project.qde")))
    again = new_project(world, name)
    refi_import.do_import_refi(actor=world.researcher, project=again, path=out)
    return again, out


def test_a_puente_project_exported_and_imported_again_is_identical(world, coded, tmp_path):
    text = coded.document.text
    s, e = span_of(text, "dejé de sentirme el raro")
    memos.do_create_memo(
        actor=world.researcher,
        project=coded.project,
        title="Raro",
        text="Estigma internalizado",
        document=coded.document,
        start=s,
        end=e,
    )
    memos.do_create_memo(
        actor=world.researcher, project=coded.project, title="Caso", text="Vive solo", case=coded.case
    )
    memos.do_create_memo(
        actor=world.researcher, project=coded.project, title="Proyecto", text="Primera ronda"
    )
    memos.do_save_cell(
        actor=world.researcher,
        case=coded.case,
        code=coded.codes["Love labour"],
        summary="Siente cariño del par.",
        expected_version=0,
    )
    projects.do_update_case_attributes(
        actor=world.researcher, case=coded.case, expected_version=1, attributes={"Vive con": "sola"}
    )
    again, _out = _export_and_reimport(world, coded.project, tmp_path, "Copia")
    first, second = canonical(coded.project), canonical(again)
    assert second == first
    assert first["cells"] and first["memos"] and first["codings"]


def test_an_imported_sample_exports_and_imports_again_unchanged(world, samples, tmp_path):
    project = new_project(world, "NVivo sample")
    refi_import.do_import_refi(actor=world.researcher, project=project, path=samples / NVIVO)
    again, out = _export_and_reimport(world, project, tmp_path, "NVivo again")
    assert canonical(again) == canonical(project)
    model, report = read_qdpx(out)
    assert report.converted_selections == 0  # Puente writes code points, as the standard says
    assert sum(1 for _ in model.iter_codings()) == 303


def test_the_codebook_exports_as_qdc_and_imports_into_another_project(world, qda, tmp_path):
    out = tmp_path / "book.qdc"
    refi_export.do_export_refi(actor=world.researcher, project=qda.project, path=out)
    other = new_project(world, "Otro")
    refi_import.do_import_refi(actor=world.researcher, project=other, path=out)
    assert canonical(other)["codes"] == canonical(qda.project)["codes"]
    assert canonical(other)["groups"] == canonical(qda.project)["groups"]


def _counts(project: Project) -> tuple:
    return (
        project.codes.count(),
        project.documents.count(),
        Coding.objects.count(),
        Memo.objects.count(),
        project.members.count(),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"project.qde": "<not xml", "Sources/x.txt": "x"}, "malformed XML"),
        ({"project.qde": None, "Sources/x.txt": "hello world"}, "past the end"),
        ({"project.qde": "missing-guid", "Sources/x.txt": "hello world"}, "does not exist"),
        ({"project.qde": "entity", "Sources/x.txt": "hello world"}, "DTD"),
        ({"../evil.qde": "x"}, ""),
    ],
    ids=["malformed", "offsets-past-text", "missing-guid", "xml-entities", "path-escape"],
)
def test_a_hostile_or_broken_file_is_refused_and_changes_nothing(world, tmp_path, members, message):
    from tests.interop.conftest import CODE, SRC, make_qdpx, project_xml

    if members.get("project.qde") is None and "project.qde" in members:
        members = {"project.qde": project_xml(start=0, end=50), f"Sources/{SRC}.txt": "hello world"}
    elif members.get("project.qde") == "missing-guid":
        members = {
            "project.qde": project_xml(code_ref="99999999-9999-4999-8999-999999999999"),
            f"Sources/{SRC}.txt": "hello world",
        }
    elif members.get("project.qde") == "entity":
        xml = project_xml().replace(
            '<?xml version="1.0" encoding="utf-8"?>', '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x "boom">]>'
        )
        members = {"project.qde": xml, f"Sources/{SRC}.txt": "hello world"}
    assert CODE
    project = new_project(world, "Target")
    before = _counts(project)
    path = make_qdpx(tmp_path / "bad.qdpx", members)
    with pytest.raises(ValidationError) as caught:
        refi_import.do_import_refi(actor=world.researcher, project=project, path=path)
    text = " ".join(caught.value.messages)
    assert text.startswith("This file cannot be imported:") and message in text
    assert _counts(project) == before


def test_a_zip_bomb_is_refused_and_changes_nothing(world, tmp_path):
    from tests.interop.conftest import SRC, project_xml

    project = new_project(world, "Target")
    before = _counts(project)
    path = tmp_path / "bomb.qdpx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("project.qde", project_xml())
        zf.writestr(f"Sources/{SRC}.txt", "hello world")
        zf.writestr("Sources/padding.bin", b"\0" * (300 * 1024 * 1024))
    with pytest.raises(ValidationError, match="cannot be imported"):
        refi_import.do_import_refi(actor=world.researcher, project=project, path=path)
    assert _counts(project) == before


def test_a_project_is_only_imported_into_an_empty_project(world, qda, samples):
    before = _counts(qda.project)
    with pytest.raises(ValidationError, match="already has documents or codes"):
        refi_import.do_import_refi(actor=world.researcher, project=qda.project, path=samples / ATLAS)
    assert _counts(qda.project) == before


def test_a_coder_who_is_not_the_lead_cannot_import(world, qda, samples):
    from django.core.exceptions import PermissionDenied

    other = new_project(world, "Empty")
    projects.do_add_member(actor=world.researcher, project=other, user=world.coordinator)
    with pytest.raises(PermissionDenied):
        refi_import.do_import_refi(actor=world.coordinator, project=other, path=samples / ATLAS)
    assert other.codes.count() == 0


def test_the_import_page_reports_counts_and_conversions(world, samples):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from tests.conftest import client_for

    project = new_project(world, "Via web")
    upload = SimpleUploadedFile(NVIVO, (samples / NVIVO).read_bytes())
    response = client_for(world.researcher).post(
        reverse("qda_refi_import", kwargs={"pk": project.pk}), {"file": upload, "positions": "auto"}
    )
    body = response.content.decode()
    assert response.status_code == 200 and "303" in body and "UTF-16" in body
    assert Coding.objects.filter(project=project).count() == 303


def test_the_export_page_says_what_becomes_notes(world, coded):
    from django.urls import reverse

    from tests.conftest import client_for

    memos.do_save_cell(
        actor=world.researcher,
        case=coded.case,
        code=coded.codes["Love labour"],
        summary="Siente cariño.",
        expected_version=0,
    )
    coding.do_accept_into_agreed(
        actor=world.researcher, coding=Coding.objects.filter(project=coded.project).first()
    )
    client = client_for(world.researcher)
    body = client.get(reverse("qda_refi_export", kwargs={"pk": coded.project.pk})).content.decode()
    assert "framework matrix summary" in body and "agreed" in body
    response = client.get(reverse("qda_refi_export", kwargs={"pk": coded.project.pk}) + "?format=qdpx")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"PK"
