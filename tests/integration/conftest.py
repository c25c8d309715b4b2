"""A peer cohort at site A (numbers) and a focus group of the same PSWs (words), joined in a display."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from puente.analysis.models import Evaluation
from puente.analysis.options import EvaluationOptions
from puente.analysis.services import do_save_evaluation
from puente.integration import services
from puente.integration.models import JointDisplay
from puente.qualitative.models import Code, Document, Project
from puente.qualitative.services import codebook, coding, documents, projects
from tests.analysis.conftest import Cohort, build_cohort

LINES = {
    "nerves": "Al principio estaba un poco nerviosa con todo.",
    "stress": "Hay días que me estreso bastante.",
    "hope": "Me dio esperanza ver que puedo trabajar.",
}
SWLS_T2_T3 = "pair|psw|swls|total|T2|T3"


@dataclass
class Mixed:
    cohort: Cohort
    evaluation: Evaluation
    project: Project
    document: Document
    codes: dict[str, Code]
    display: JointDisplay


def focus_group_text(speakers: list[str]) -> str:
    lines = ["Moderadora: ¿Cómo fue el año?"]
    for index, speaker in enumerate(speakers):
        said = [LINES["nerves"] if index % 2 == 0 else LINES["hope"]]
        if index % 3 == 0:
            said.append(LINES["stress"])
        lines.append(f"{speaker}: {' '.join(said)}")
    return "\n".join(lines) + "\n"


def code_everything(actor, document: Document, codes: dict[str, Code]) -> None:
    text = document.text
    for name, line in LINES.items():
        start = 0
        while (found := text.find(line, start)) >= 0:
            coding.do_code_selection(
                actor=actor, document=document, start=found, end=found + len(line), codes=[codes[name]]
            )
            start = found + len(line)


def build_mixed(world, *, psws: int = 10) -> Mixed:
    cohort = build_cohort(world, psws=psws)
    evaluation = do_save_evaluation(
        actor=world.researcher,
        programme=cohort.programme,
        title="Peer cohort",
        options=EvaluationOptions(
            groups=("psw",), instruments=("swls", "ras_r"), time_points=cohort.time_points
        ),
    )
    project = projects.do_create_project(
        actor=world.researcher, name="Grupo focal pares", sites=[world.site_a]
    )
    codes = {
        key: codebook.do_create_code(actor=world.researcher, project=project, name=name)
        for key, name in (("nerves", "Nervios"), ("stress", "Estrés"), ("hope", "Esperanza"))
    }
    codebook.do_create_code_group(
        actor=world.researcher, project=project, name="Malestar", codes=[codes["nerves"], codes["stress"]]
    )
    speakers = [f"PSW-{i:02d}" for i in range(1, psws + 2)]  # the last one never consented
    document = documents.do_import_document(
        actor=world.researcher,
        project=project,
        title="Grupo focal",
        text=focus_group_text(speakers),
        language="es",
        kind="focus_group",
    )
    document = documents.do_apply_deidentification(
        actor=world.researcher, document=document, expected_version=document.version, replacements=[]
    )
    for speaker in speakers:
        case = projects.do_create_case(actor=world.researcher, project=project, name=speaker, kind="psw")
        projects.do_link_document(actor=world.researcher, case=case, document=document, speaker=speaker)
    code_everything(world.researcher, document, codes)
    display = services.do_create_display(
        actor=world.researcher,
        evaluation=evaluation,
        project=project,
        codebook_version=project.codebook_versions.order_by("-number").first(),
        title="Life satisfaction and what PSWs said",
    )
    return Mixed(cohort, evaluation, project, document, codes, display)


@pytest.fixture
def mixed(world) -> Mixed:
    return build_mixed(world)


PARTICIPANT_LINES = ("Mi par me dio esperanza.", "Me costó confiar al principio.")


def build_trial_mixed(world):
    """The small two-arm trial at sites A and B, with interviews of site A's service users linked to
    their participant records."""
    from tests.analysis.conftest import build_trial

    cohort = build_trial(world)
    evaluation = do_save_evaluation(
        actor=world.researcher,
        programme=cohort.programme,
        title="Trial",
        options=EvaluationOptions(
            groups=("service_user",),
            split_by_arm=True,
            instruments=("whoqol_bref",),
            time_points=("BL", "M9"),
        ),
    )
    project = projects.do_create_project(
        actor=world.researcher, name="Entrevistas usuarios", sites=[world.site_a]
    )
    code = codebook.do_create_code(actor=world.researcher, project=project, name="Esperanza")
    participants = list(
        cohort.programme.respondents.filter(site=world.site_a).select_related("participant").order_by("code")
    )
    for index, respondent in enumerate(participants):
        line = PARTICIPANT_LINES[index % 2]
        document = documents.do_import_document(
            actor=world.researcher,
            project=project,
            title=f"Entrevista {index}",
            text=f"Entrevistadora: ¿Qué tal?\nP{index}: {line}\n",
            language="es",
        )
        document = documents.do_apply_deidentification(
            actor=world.researcher, document=document, expected_version=document.version, replacements=[]
        )
        case = projects.do_create_case(
            actor=world.researcher, project=project, participant=respondent.participant
        )
        projects.do_link_document(actor=world.researcher, case=case, document=document)
        start = document.text.index(line)
        coding.do_code_selection(
            actor=world.researcher, document=document, start=start, end=start + len(line), codes=[code]
        )
    display = services.do_create_display(
        actor=world.researcher,
        evaluation=evaluation,
        project=project,
        codebook_version=project.codebook_versions.order_by("-number").first(),
        title="Trial voices",
    )
    return display, [r.participant for r in participants]


@pytest.fixture
def trial_mixed(world):
    return build_trial_mixed(world)
