"""Key qualitative pages run a fixed number of queries whatever the size of the project, and the
framework matrix keeps its query budget at 500 cases x 70 codes."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from puente.qualitative.models import Case, CaseDocument, Code, Coding, Document, MatrixCell
from puente.qualitative.selectors.matrix import build_matrix
from puente.qualitative.services import coding, documents, projects
from tests.conftest import client_for

MAX_QUERIES = 20


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def grow(world, qda, extra: int) -> None:
    codes = list(qda.codes.values())
    for index in range(extra):
        document = documents.do_import_document(
            actor=world.researcher,
            project=qda.project,
            title=f"Extra {index}",
            text=f"P{index}: Una frase más. Otra frase 🙂 aquí.\nEntrevistador: gracias.\n",
            language="es",
        )
        document = documents.do_apply_deidentification(
            actor=world.researcher, document=document, expected_version=document.version, replacements=[]
        )
        case = projects.do_create_case(
            actor=world.researcher,
            project=qda.project,
            name=f"EXTRA-{index}",
            attributes={"Grupo": "B" if index % 2 else "A"},
        )
        projects.do_link_document(actor=world.researcher, case=case, document=document, speaker=f"P{index}")
        for who in (world.researcher, world.coordinator):
            coding.do_code_selection(
                actor=who, document=document, start=0, end=15, codes=codes[index % 3 : index % 3 + 2]
            )
        coding.do_code_selection(
            actor=world.researcher,
            document=qda.document,
            start=index,
            end=index + 20,
            codes=[codes[index % 5]],
        )


PAGES = [
    "qda_project_list",
    "qda_project_detail",
    "qda_workspace",
    "qda_matrix",
    "qda_cases",
    "qda_codebook",
    "qda_counts",
    "qda_agreement",
    "qda_compare",
    "qda_memos",
    "qda_search",
]


@pytest.mark.parametrize("name", PAGES)
def test_page_queries_do_not_grow_with_data(world, coded, name):
    client = client_for(world.researcher)

    def url() -> str:
        if name == "qda_project_list":
            return reverse(name)
        if name in ("qda_workspace", "qda_compare"):
            return reverse(name, kwargs={"pk": coded.project.pk, "doc": coded.document.pk})
        return reverse(name, kwargs={"pk": coded.project.pk}) + ("?q=frase" if name == "qda_search" else "")

    client.get(url())  # warm caches (site roles, content types)
    small = queries_for(client, url())
    grow(world, coded, 6)
    large = queries_for(client, url())
    print(f"\n{name}: {small} queries")
    assert small == large <= MAX_QUERIES, (name, small, large)


def test_the_framework_matrix_of_500_cases_by_70_codes_keeps_its_query_budget(world, qda):
    project = qda.project
    coder = qda.lead
    codes = Code.objects.bulk_create(
        [Code(project=project, name=f"Code {i}", position=100 + i) for i in range(70)]
    )
    docs = Document.objects.bulk_create(
        [
            Document(
                project=project,
                title=f"Doc {i}",
                source_format="txt",
                language="es",
                text=("Una frase de prueba con algo de contenido. " * 40),
                deidentified_at=qda.document.created_at,
            )
            for i in range(500)
        ]
    )
    cases = Case.objects.bulk_create(
        [Case(project=project, name=f"C{i:03d}", attributes={"g": str(i % 3)}) for i in range(500)]
    )
    CaseDocument.objects.bulk_create(
        [CaseDocument(case=c, document=d) for c, d in zip(cases, docs, strict=True)]
    )
    Coding.objects.bulk_create(
        [
            Coding(
                project=project,
                document=d,
                code=codes[(i * 7 + k) % 70],
                coder=coder,
                start=k * 40,
                end=k * 40 + 38,
            )
            for i, d in enumerate(docs)
            for k in range(10)
        ]
    )
    MatrixCell.objects.bulk_create(
        [
            MatrixCell(project=project, case=c, code=codes[i % 70], summary="Resumen")
            for i, c in enumerate(cases)
        ]
    )
    client = client_for(world.researcher)
    url = reverse("qda_matrix", kwargs={"pk": project.pk}) + "?" + "&".join(f"codes={c.pk}" for c in codes)
    client.get(url)
    # Its speed is measured by `make bench` (qualitative.matrix_seconds), not by a timed test.
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200 and len(captured.captured_queries) <= MAX_QUERIES
    matrix = build_matrix(project, codes)
    assert len(matrix.rows) == 501 and sum(len(c.quotes) for r in matrix.rows for c in r.cells) == 5000
