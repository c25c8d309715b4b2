"""The qualitative part of the demo: a framework analysis of user interviews at the Santiago site.

Fifteen interviews (eleven in Spanish, four translated into English) with Table-2-like attributes, two
focus groups (peer support workers, service users), Watson's mechanisms as the framework, two coders
who mostly agree and sometimes do not, and a filled framework matrix. All through the services.
"""

from __future__ import annotations

from puente.accounts import services as accounts
from puente.accounts.roles import Role
from puente.demo.loader import DEMO_PASSWORD
from puente.qualitative import deidentify
from puente.qualitative import demo_transcripts as T
from puente.qualitative.models import CaseKind, DocumentKind
from puente.qualitative.services import codebook, coding, documents, memos, projects

PROJECT_NAME = "CTI-TS user interviews (Santiago)"
INTERVIEWS = 15
ENGLISH = {3, 7, 11, 15}
AGE_RANGES = ("21-29", "30-39", "40-49", "50-65")


def _second_researcher(demo):
    user = accounts.do_create_user(
        actor=demo.admin,
        username="researcher2",
        password=DEMO_PASSWORD,
        first_name="Camila",
        last_name="Reyes",
        email="researcher2@demo.invalid",
        language="es",
    )
    accounts.do_grant_role(actor=demo.admin, user=user, site=demo.sites["santiago"], role=Role.RESEARCHER)
    return user


def _interview(rng, language: str, index: int) -> tuple[str, list[tuple[int, int, str]]]:
    """Text of one interview and the (start, end, mechanism) of each answer."""
    mechanisms = list(T.ANSWERS[language])
    rng.shuffle(mechanisms)
    chosen = mechanisms[: rng.randint(3, 5)]
    who, transcript = f"P{index}", T.Transcript()
    answers = [transcript.ask(rng, language, who, mechanism) for mechanism in chosen]
    return transcript.close(language, who), answers


def _focus_group(turns) -> tuple[str, list[tuple[int, int, str]]]:
    transcript, answers = T.Transcript(), []
    for speaker, line, mechanism in turns:
        start, end = transcript.say(speaker, line)
        if mechanism:
            answers.append((start, end, mechanism))
    return transcript.text, answers


def _import(demo, project, lead, *, title, text, language, kind):
    document = documents.do_import_document(
        actor=lead, project=project, title=title, text=text, language=language, kind=kind
    )
    found = deidentify.find(document.text, deidentify.parse_team_list(project.deidentify_list))
    return documents.do_apply_deidentification(
        actor=lead,
        document=document,
        expected_version=document.version,
        replacements=[(f.start, f.end, f.replacement) for f in found],
        kinds=[f.kind for f in found],
    )


def _code_both(rng, document, answers, codes, first, second) -> None:
    for start, end, mechanism in answers:
        code = codes[mechanism]
        coding.do_code_selection(actor=first, document=document, start=start, end=end, codes=[code])
        roll = rng.random()
        if roll < 0.72:
            coding.do_code_selection(actor=second, document=document, start=start, end=end, codes=[code])
        elif roll < 0.86:  # the same idea, but only its first sentence
            text = document.text[start:end]
            cut = text.find(". ")
            stop = start + cut + 1 if cut > 0 else end
            coding.do_code_selection(actor=second, document=document, start=start, end=stop, codes=[code])
        elif roll < 0.95:  # a neighbouring mechanism
            coding.do_code_selection(
                actor=second, document=document, start=start, end=end, codes=[codes[T.CONFUSABLE[mechanism]]]
            )
        # else: the second coder did not code it


def load(demo) -> None:
    rng = demo.rng
    site = demo.sites["santiago"]
    lead = demo.researcher
    second = _second_researcher(demo)
    project = projects.do_create_project(
        actor=lead,
        name=PROJECT_NAME,
        sites=[site],
        description="Framework analysis of user interviews and focus groups against Watson's mechanisms.",
    )
    projects.do_add_member(actor=lead, project=project, user=second)
    psw_names = [f"{u.first_name}" for u in demo.staff["santiago"]["psw"]]
    projects.do_update_project(
        actor=lead,
        project=project,
        expected_version=project.version,
        changes={"deidentify_list": "\n".join([*psw_names, "COSAM Santiago Centro = [PLACE]"])},
    )
    project.refresh_from_db()
    codebook.do_add_framework(actor=lead, project=project, slug="watson")
    codes = {c.name: c for c in project.codes.filter(framework="watson")}

    consenting = [p for p in demo.participants["santiago"] if p.research_consent]
    for index in range(1, INTERVIEWS + 1):
        language = "en" if index in ENGLISH else "es"
        text, answers = _interview(rng, language, index)
        if psw_names and index % 4 == 0:
            # A PSW's first name slips into some transcripts; the de-identification step replaces it.
            text = text.rstrip("\n") + f" {psw_names[0]} me ayudó harto.\n"
        title = f"Entrevista P{index}" if language == "es" else f"Interview P{index}"
        document = _import(
            demo, project, lead, title=title, text=text, language=language, kind=DocumentKind.INTERVIEW
        )
        answers = _reanchor(document.text, text, answers)
        _code_both(rng, document, answers, codes, lead, second)
        participant = consenting[index - 1] if index <= len(consenting) else None
        attributes = (
            {}
            if participant
            else {
                "Gender": rng.choice(["Woman", "Man"]),
                "Age band": rng.choice(AGE_RANGES),
                "Diagnosis group": rng.choice(["Affective psychosis", "Non-affective psychosis"]),
                "Site": site.name,
            }
        )
        case = projects.do_create_case(
            actor=lead,
            project=project,
            name="" if participant else f"INT-{index:02d}",
            participant=participant,
            kind=CaseKind.PARTICIPANT,
            attributes={"Interview language": language, **attributes},
        )
        projects.do_link_document(actor=lead, case=case, document=document)
        for mechanism in sorted({m for _s, _e, m in answers}):
            memos.do_save_cell(
                actor=lead,
                case=case,
                code=codes[mechanism],
                summary=T.SUMMARIES[mechanism][language],
                expected_version=0,
            )

    for title, turns, prefix, kind in (
        ("Grupo focal pares", T.PSW_FOCUS_GROUP, "PSW", CaseKind.PSW),
        ("Grupo focal usuarios", T.USER_FOCUS_GROUP, "U", CaseKind.PARTICIPANT),
    ):
        text, answers = _focus_group(turns)
        document = _import(
            demo, project, lead, title=title, text=text, language="es", kind=DocumentKind.FOCUS_GROUP
        )
        _code_both(rng, document, answers, codes, lead, second)
        group = projects.do_create_case(actor=lead, project=project, name=f"FG-{prefix}", kind=CaseKind.GROUP)
        projects.do_link_document(actor=lead, case=group, document=document)
        for speaker in sorted({s for s, _l, _m in turns if s.startswith(prefix)}):
            member = projects.do_create_case(
                actor=lead,
                project=project,
                name=f"FG-{speaker}",
                kind=kind,
                attributes={"Focus group": title},
            )
            projects.do_link_document(actor=lead, case=member, document=document, speaker=speaker)

    memos.do_create_memo(
        actor=lead,
        project=project,
        title="Cultural note: familism",
        text="Several users mention what their family thinks of the peer worker. Compare with the "
        "liminal position column and discuss at Thursday's meeting.",
    )
    memos.do_create_memo(
        actor=second,
        project=project,
        code=codes[T.HELPER],
        title="Helper role boundary",
        text="Tell the worker's own benefit (helper role) apart from the user protecting the worker "
        "(love labour?).",
    )


def _reanchor(new_text: str, old_text: str, answers):
    """Find each answer again after de-identification changed the text before it."""
    result = []
    for start, end, mechanism in answers:
        fragment = old_text[start:end]
        position = new_text.find(fragment)
        if position >= 0:
            result.append((position, position + len(fragment), mechanism))
    return result
