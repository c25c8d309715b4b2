"""A small qualitative project at site A: the researcher leads it, the coordinator codes in it."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from puente.qualitative.models import Case, Code, Document, Project, ProjectMember
from puente.qualitative.services import codebook, coding, documents, projects

TRANSCRIPT = (
    "Entrevistador: ¿Cómo fue trabajar con su par?\n"
    "P7: Me acompañó al banco y después tomamos un café en la plaza. Hacía años que no salía así.\n"
    "Entrevistador: ¿Y qué le contó de su historia?\n"
    "P7: Él también estuvo hospitalizado 🙂. Cuando me lo dijo dejé de sentirme el raro.\n"
)


@dataclass
class Qda:
    project: Project
    document: Document
    case: Case
    codes: dict[str, Code]
    lead: ProjectMember
    coder: ProjectMember


def build_qda(world, *, name: str = "Entrevistas Santiago") -> Qda:
    project = projects.do_create_project(actor=world.researcher, name=name, sites=[world.site_a])
    coder = projects.do_add_member(actor=world.researcher, project=project, user=world.coordinator)
    codebook.do_add_framework(actor=world.researcher, project=project, slug="watson")
    document = documents.do_import_document(
        actor=world.researcher, project=project, title="Entrevista P7", text=TRANSCRIPT, language="es"
    )
    document = documents.do_apply_deidentification(
        actor=world.researcher, document=document, expected_version=document.version, replacements=[]
    )
    case = projects.do_create_case(actor=world.researcher, project=project, participant=world.own_participant)
    projects.do_link_document(actor=world.researcher, case=case, document=document)
    codes = {c.name: c for c in project.codes.all()}
    lead = project.members.get(user=world.researcher)
    return Qda(project, document, case, codes, lead, coder)


def span_of(text: str, fragment: str) -> tuple[int, int]:
    start = text.index(fragment)
    return start, start + len(fragment)


@pytest.fixture
def qda(world) -> Qda:
    return build_qda(world)


@pytest.fixture
def coded(world, qda) -> Qda:
    """Both coders have coded the transcript, agreeing on one passage and not on another."""
    text = qda.document.text
    support = qda.codes["Strengths-based social and practical support"]
    lived = qda.codes["Use of lived experience"]
    love = qda.codes["Love labour"]
    s, e = span_of(text, "Me acompañó al banco y después tomamos un café en la plaza.")
    coding.do_code_selection(actor=world.researcher, document=qda.document, start=s, end=e, codes=[support])
    coding.do_code_selection(actor=world.coordinator, document=qda.document, start=s, end=e, codes=[support])
    s, e = span_of(text, "Él también estuvo hospitalizado 🙂.")
    coding.do_code_selection(actor=world.researcher, document=qda.document, start=s, end=e, codes=[lived])
    _s2, e2 = span_of(text, "Cuando me lo dijo dejé de sentirme el raro.")
    coding.do_code_selection(
        actor=world.coordinator, document=qda.document, start=s, end=e2, codes=[lived, love]
    )
    return qda
