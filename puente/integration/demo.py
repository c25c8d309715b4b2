"""The mixed-methods part of the demo: at the Catalan programme (Vic), a focus group of the PSWs, one of
service users and the professionals' open questionnaire, coded in a small content-analysis codebook, and a
joint display of the saved evaluation with converging, diverging and expanding rows.

The PSWs whose life satisfaction fell most between T2 and T3 are the ones who speak of nerves and stress,
as in the published study. Everything goes through the services, from a fixed seed.
"""

from __future__ import annotations

import random
from typing import Any

from puente.analysis import selectors as analysis
from puente.analysis.models import Evaluation
from puente.analysis.options import EvaluationOptions
from puente.instruments.models import Respondent, RespondentGroup
from puente.integration import services
from puente.integration.assembly import pair_comparisons
from puente.integration.strands import changes, unit_scores
from puente.qualitative import deidentify
from puente.qualitative.models import CaseKind, DocumentKind
from puente.qualitative.services import codebook, coding, documents, projects

PROJECT_NAME = "Programa entre iguals: grups focals (Vic)"
DISPLAY_TITLE = "Programa entre iguals: numbers and voices"
SEED = 8004

CODE_GROUPS = {
    "Iguals": ["Nervis", "Estrès", "Apoderament", "Ocupació significativa"],
    "Acompanyar": ["Esperança", "Comprensió i empatia", "Model de recuperació"],
    "Professionals": ["Impacte en el professional", "Preocupacions"],
}
LINES = {
    "Nervis": [
        "Al principi estava una mica nerviós, no sabia si ho faria bé.",
        "Els primers dies tremolava abans d'entrar a la reunió d'equip.",
    ],
    "Estrès": [
        "Hi ha dies que acabo molt estressada, sobretot quan coincideixen moltes coses.",
        "Sentia pressió, però sobretot la que em posava jo mateixa.",
        "Ara tinc ganes d'acabar, perquè em comença a pesar.",
    ],
    "Apoderament": [
        "He descobert coses que sé fer i que no sabia que tenia.",
        "N'he sortit més forta i amb molta més confiança.",
    ],
    "Ocupació significativa": [
        "No és només una feina: em dona una direcció.",
        "Em sento útil quan veig que el que explico ajuda algú.",
    ],
    "Esperança": [
        "Veure que ell se n'ha sortit em dona esperança.",
        "Em fa pensar que es pot tenir un trastorn i ser feliç igualment.",
    ],
    "Comprensió i empatia": ["Amb ella parlo més fàcil, sap de què li parlo."],
    "Model de recuperació": ["Vull fer el mateix que va fer ell: acceptar els reptes."],
    "Impacte en el professional": [
        "M'ha fet replantejar com parlo amb les persones que atenem.",
        "He après a escoltar l'experiència en primera persona com un coneixement més.",
    ],
    "Preocupacions": ["Em preocupa que la figura no tingui prou suport quan s'acabi el projecte."],
}


def _document(lead, project, title: str, kind: str, turns: list[tuple[str, str, str]]):
    """Import and de-identify a transcript of (speaker, line, code) turns; return it with its spans."""
    text = "".join(f"{speaker}: {line}\n" for speaker, line, _code in turns)
    document = documents.do_import_document(
        actor=lead, project=project, title=title, text=text, language="ca", kind=kind
    )
    found = deidentify.find(document.text, deidentify.parse_team_list(project.deidentify_list))
    document = documents.do_apply_deidentification(
        actor=lead,
        document=document,
        expected_version=document.version,
        replacements=[(f.start, f.end, f.replacement) for f in found],
        kinds=[f.kind for f in found],
    )
    spans, cursor = [], 0
    for _speaker, line, code in turns:
        start = document.text.find(line, cursor)
        if start >= 0 and code:
            spans.append((start, start + len(line), code))
            cursor = start + len(line)
    return document, spans


def _case(lead, project, document, *, name="", kind, speaker, participant=None, worker=None):
    case = projects.do_create_case(
        actor=lead, project=project, name=name, kind=kind, participant=participant, worker=worker
    )
    projects.do_link_document(actor=lead, case=case, document=document, speaker=speaker)


def _psw_turns(rng: random.Random, fell: list[str], others: list[str]) -> list[tuple[str, str, str]]:
    turns = [("Moderadora", "Com ha anat aquest any de pràctiques a l'equip?", "")]
    for code in fell:  # those whose life satisfaction fell most speak of nerves and stress
        turns.append((code, rng.choice(LINES["Nervis"]), "Nervis"))
        turns.append((code, rng.choice(LINES["Estrès"]), "Estrès"))
    turns.append(("Moderadora", "I què us ha aportat la feina com a agents de suport?", ""))
    for code in [*fell, *others]:
        topic = "Apoderament" if rng.random() < 0.6 else "Ocupació significativa"
        turns.append((code, rng.choice(LINES[topic]), topic))
    for code in others[:2]:
        turns.append((code, LINES["Estrès"][1], "Estrès"))
    return turns


def load(demo: Any) -> None:
    vic = demo.sites.get("vic")
    evaluation = (
        Evaluation.objects.filter(programme__sites=vic, retired_at__isnull=True).order_by("pk").first()
        if vic
        else None
    )
    if evaluation is None:
        return
    rng = random.Random(SEED)
    lead = demo.researcher
    options = EvaluationOptions.from_dict(evaluation.options)
    result = analysis.compute(lead, evaluation.programme, options)
    pairs = pair_comparisons(result)

    project = projects.do_create_project(
        actor=lead,
        name=PROJECT_NAME,
        sites=[vic],
        description="Focus groups with the PSWs and the service users, and the professionals' open "
        "questionnaire, at the end of the peer-to-peer programme.",
    )
    codes = {}
    for group, names in CODE_GROUPS.items():
        members = [codebook.do_create_code(actor=lead, project=project, name=name) for name in names]
        codes.update({c.name: c for c in members})
        codebook.do_create_code_group(actor=lead, project=project, name=group, codes=members)

    respondents = list(
        Respondent.objects.filter(programme=evaluation.programme, site=vic, retired_at__isnull=True)
        .select_related("participant")
        .order_by("code")
    )
    swls = changes(unit_scores(result), RespondentGroup.PSW, "swls", "total", "T2", "T3")
    completed = sorted(swls)  # the PSWs who stayed to the end
    fell = sorted((c for c in completed if swls[c] < -3), key=lambda c: swls[c])[:5]
    others = [c for c in completed if c not in fell]
    users = {r.code: r.user for r in respondents if r.user_id}

    document, spans = _document(
        lead, project, "Grup focal agents de suport", DocumentKind.FOCUS_GROUP, _psw_turns(rng, fell, others)
    )
    for code in completed:
        _case(lead, project, document, name=code, kind=CaseKind.PSW, speaker=code, worker=users.get(code))
    _code(lead, document, spans, codes)

    consented = [r for r in respondents if r.group == RespondentGroup.SERVICE_USER and r.participant_id]
    turns = [("Moderador", "Què ha canviat per a vosaltres amb els agents de suport?", "")]
    for index, respondent in enumerate(consented[:6]):
        topic = ("Esperança", "Comprensió i empatia", "Model de recuperació")[index % 3]
        turns.append((respondent.code, rng.choice(LINES[topic]), topic))
    document, spans = _document(lead, project, "Grup focal usuaris", DocumentKind.FOCUS_GROUP, turns)
    for respondent in consented[:6]:
        _case(
            lead,
            project,
            document,
            kind=CaseKind.PARTICIPANT,
            speaker=respondent.code,
            participant=respondent.participant,
        )
    _code(lead, document, spans, codes)

    professionals = [r for r in respondents if r.group == RespondentGroup.PROFESSIONAL][:6]
    turns = [
        (r.code, rng.choice(LINES["Impacte en el professional" if i % 3 else "Preocupacions"]), "")
        for i, r in enumerate(professionals)
    ]
    turns = [(s, line, next(k for k, v in LINES.items() if line in v)) for s, line, _c in turns]
    document, spans = _document(
        lead, project, "Qüestionari obert professionals", DocumentKind.QUESTIONNAIRE, turns
    )
    for respondent in professionals:
        _case(
            lead,
            project,
            document,
            name=respondent.code,
            kind=CaseKind.PROFESSIONAL,
            speaker=respondent.code,
            worker=users.get(respondent.code),
        )
    _code(lead, document, spans, codes)

    display = services.do_create_display(
        actor=lead,
        evaluation=evaluation,
        project=project,
        codebook_version=project.codebook_versions.order_by("-number").first(),
        title=DISPLAY_TITLE,
    )
    for unit, instrument, levels, names, inference, note in ROWS:
        key = _key(pairs, unit, instrument, levels)
        if key is None:
            continue
        services.do_add_row(
            actor=lead,
            display=display,
            comparison_key=key,
            codes=[codes[n] for n in names],
            meta_inference=inference,
            note=note,
        )


ROWS = [
    (
        RespondentGroup.PSW,
        "swls",
        ("T2", "T3"),
        ["Nervis", "Estrès"],
        "converges",
        "Life satisfaction fell in the placement; the PSWs whose score fell most speak of nerves, "
        "self-imposed pressure and stress. Burnout needs watching in supervision.",
    ),
    (
        RespondentGroup.PSW,
        "copm",
        ("T2", "T3"),
        ["Apoderament", "Ocupació significativa"],
        "converges",
        "Occupational performance rose; the PSWs describe new skills, confidence and a job that gives "
        "direction.",
    ),
    (
        RespondentGroup.SERVICE_USER,
        "ras_r",
        ("T1", "T3"),
        ["Esperança", "Model de recuperació"],
        "diverges",
        "Users' recovery scores stayed level, yet they describe the PSWs as a source of hope and a model: "
        "the scale may miss what changed, or the change may come later.",
    ),
    (
        RespondentGroup.PROFESSIONAL,
        "cami",
        ("T1", "T3"),
        ["Impacte en el professional", "Preocupacions"],
        "expands",
        "Attitudes were already positive and did not move; the professionals' answers add how working "
        "beside PSWs changed their own practice, and their worries about what comes after the project.",
    ),
]


def _key(pairs: dict, unit: str, instrument: str, levels: tuple[str, str]) -> str | None:
    """The evaluation's comparison for this group, instrument and time points (else its first pair)."""
    found = [k for k, (_row, c) in pairs.items() if c.unit == unit and c.instrument == instrument and c.ok]
    exact = [k for k in found if pairs[k][1].levels[:2] == levels]
    return (exact or found or [None])[0]


def _code(lead, document, spans, codes) -> None:
    for start, end, name in spans:
        coding.do_code_selection(actor=lead, document=document, start=start, end=end, codes=[codes[name]])
