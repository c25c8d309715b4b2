"""Qualitative services: import, de-identification, coding, reconciliation. Bad input changes nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from puente.audit.models import AuditEvent
from puente.people.consent import ConsentRequired
from puente.qualitative.models import Coding, Document, MatrixCell, SpeakerTurn
from puente.qualitative.selectors.coding import workspace_codings
from puente.qualitative.services import codebook, coding, documents, memos, projects

from .conftest import TRANSCRIPT, span_of


def snapshot():
    return (
        Document.objects.count(),
        Coding.objects.count(),
        MatrixCell.objects.count(),
        AuditEvent.objects.count(),
    )


def test_an_imported_transcript_keeps_its_text_exactly_and_finds_speaker_turns(world, qda):
    assert qda.document.text == TRANSCRIPT
    speakers = list(SpeakerTurn.objects.filter(document=qda.document).values_list("speaker", flat=True))
    assert speakers == ["Entrevistador", "P7", "Entrevistador", "P7"]


def test_coding_is_refused_until_the_transcript_is_de_identified(world, qda):
    raw = documents.do_import_document(
        actor=world.researcher,
        project=qda.project,
        title="Nueva",
        text="P1: Soy Ana María Rojas.",
        language="es",
    )
    before = snapshot()
    with pytest.raises(ValidationError, match="not been de-identified"):
        coding.do_code_selection(
            actor=world.researcher, document=raw, start=0, end=5, codes=[qda.codes["Love labour"]]
        )
    assert snapshot() == before


def test_de_identification_applies_the_reviewed_replacements_and_logs_counts_not_values(world, qda):
    raw = documents.do_import_document(
        actor=world.researcher,
        project=qda.project,
        title="Nueva",
        text="P1: Soy Ana María Rojas, fono +56 9 1234 5678.\nP2: Gracias.",
        language="es",
    )
    s, e = span_of(raw.text, "Ana María Rojas")
    ps, pe = span_of(raw.text, "+56 9 1234 5678")
    done = documents.do_apply_deidentification(
        actor=world.researcher,
        document=raw,
        expected_version=raw.version,
        replacements=[(s, e, "[NAME]"), (ps, pe, "[PHONE]")],
        kinds=["known_name", "phone"],
    )
    assert done.text == "P1: Soy [NAME], fono [PHONE].\nP2: Gracias." and done.is_deidentified
    event = AuditEvent.objects.filter(action="qda_document.deidentify").latest("seq")
    assert event.after["replacements"] == 2 and "Ana" not in str(event.after)


def test_de_identification_reads_known_names_through_one_audited_event(world, qda):
    from puente.qualitative.selectors.deidentification import names_for_deidentification

    before = AuditEvent.objects.filter(action="identity.read_for_deidentification").count()
    entries = names_for_deidentification(world.researcher, qda.project)
    assert "Ana María Rojas" in [e.text for e in entries]
    assert any(e.replacement == "[PSW]" and e.text == "Psw Tester" for e in entries)
    assert AuditEvent.objects.filter(action="identity.read_for_deidentification").count() == before + 1


def test_a_stale_or_out_of_range_de_identification_changes_nothing(world, qda):
    raw = documents.do_import_document(
        actor=world.researcher, project=qda.project, title="Nueva", text="P1: hola", language="es"
    )
    before = snapshot()
    with pytest.raises(ValidationError, match="outside the text"):
        documents.do_apply_deidentification(
            actor=world.researcher,
            document=raw,
            expected_version=raw.version,
            replacements=[(3, 99, "[NAME]")],
        )
    with pytest.raises(ValidationError, match="Someone else changed"):
        documents.do_apply_deidentification(
            actor=world.researcher, document=raw, expected_version=raw.version + 1, replacements=[]
        )
    assert snapshot() == before
    raw.refresh_from_db()
    assert raw.text == "P1: hola" and not raw.is_deidentified


@pytest.mark.parametrize(("start", "end"), [(-1, 4), (5, 5), (10, 3), (0, len(TRANSCRIPT) + 1)])
def test_a_selection_outside_the_text_is_refused_and_changes_nothing(world, qda, start, end):
    before = snapshot()
    with pytest.raises(ValidationError, match="not inside the text"):
        coding.do_code_selection(
            actor=world.researcher,
            document=qda.document,
            start=start,
            end=end,
            codes=[qda.codes["Love labour"]],
        )
    assert snapshot() == before


def test_a_code_of_another_project_is_refused(world, qda):
    from tests.qualitative.conftest import build_qda

    other = build_qda(world, name="Otro proyecto")
    before = snapshot()
    with pytest.raises(ValidationError, match="cannot be applied"):
        coding.do_code_selection(
            actor=world.researcher, document=qda.document, start=0, end=5, codes=[other.codes["Love labour"]]
        )
    assert snapshot() == before


def test_applying_the_same_code_twice_to_the_same_text_is_idempotent(world, qda):
    code = qda.codes["Love labour"]
    first = coding.do_code_selection(
        actor=world.researcher, document=qda.document, start=0, end=5, codes=[code]
    )
    again = coding.do_code_selection(
        actor=world.researcher, document=qda.document, start=0, end=5, codes=[code]
    )
    assert len(first) == 1 and again == []


def test_someone_who_is_not_a_member_cannot_code(world, qda):
    with pytest.raises(PermissionDenied):
        coding.do_code_selection(
            actor=world.admin, document=qda.document, start=0, end=5, codes=[qda.codes["Love labour"]]
        )


def test_each_coder_removes_only_their_own_codings_and_removal_keeps_the_row(world, coded):
    theirs = Coding.objects.filter(coder=coded.coder).first()
    with pytest.raises(PermissionDenied):
        coding.do_remove_coding(actor=world.researcher, coding=theirs)
    removed = coding.do_remove_coding(actor=world.coordinator, coding=theirs)
    assert removed.retired_at is not None and Coding.objects.filter(pk=theirs.pk).exists()


def test_independent_mode_hides_the_other_coders_codings(world, coded):
    coding.do_set_independent_coding(actor=world.researcher, project=coded.project, independent=True)
    coded.project.refresh_from_db()
    mine = workspace_codings(coded.project, coded.document, coded.coder)
    assert mine and {c.coder_id for c in mine} == {coded.coder.pk}
    coding.do_set_independent_coding(actor=world.researcher, project=coded.project, independent=False)
    coded.project.refresh_from_db()
    assert {c.coder_id for c in workspace_codings(coded.project, coded.document, coded.coder)} == {
        coded.coder.pk,
        coded.lead.pk,
    }


def test_only_the_lead_ends_independent_coding(world, qda):
    with pytest.raises(PermissionDenied):
        coding.do_set_independent_coding(actor=world.coordinator, project=qda.project, independent=True)


def test_reconciling_makes_the_analysis_use_the_agreed_version(world, coded):
    from puente.qualitative.selectors.matrix import build_matrix

    support = coded.codes["Strengths-based social and practical support"]
    love = coded.codes["Love labour"]
    before = build_matrix(coded.project, [support, love]).rows[0]
    assert [len(c.quotes) for c in before.cells] == [2, 1]
    with pytest.raises(ValidationError, match="Accept at least one"):
        coding.do_mark_reconciled(actor=world.researcher, document=coded.document)
    theirs = Coding.objects.get(coder=coded.coder, code=support)
    coding.do_accept_into_agreed(actor=world.researcher, coding=theirs)
    coding.do_mark_reconciled(actor=world.researcher, document=coded.document)
    after = build_matrix(coded.project, [support, love]).rows[0]
    assert [len(c.quotes) for c in after.cells] == [1, 0]


def test_a_case_for_a_participant_needs_research_consent(world, qda):
    before = snapshot()
    with pytest.raises(ConsentRequired):
        projects.do_create_case(
            actor=world.researcher, project=qda.project, participant=world.unassigned_participant
        )
    assert snapshot() == before


def test_a_case_inherits_the_participants_attributes_but_never_a_name(world, qda):
    from puente.qualitative.attributes import case_attributes

    attrs = case_attributes(qda.case)
    assert qda.case.name == "SCL-001"
    assert attrs["Gender"] == "Woman" and attrs["Diagnosis group"] == "Non-affective psychosis"
    assert attrs["Site"] == "Santiago Centro" and "Ana" not in str(attrs)


def test_a_framework_added_twice_reuses_its_codes_and_each_change_makes_a_codebook_version(world, qda):
    assert codebook.do_add_framework(actor=world.researcher, project=qda.project, slug="watson") == []
    added = codebook.do_add_framework(actor=world.researcher, project=qda.project, slug="content_groups")
    assert len(added) == 4 + 22
    groups = {g.name: g.codes.count() for g in qda.project.code_groups.all()}
    assert groups["Accompany"] == 7 and groups["Watson's mechanisms"] == 5
    code = qda.codes["Love labour"]
    codebook.do_update_code(
        actor=world.researcher,
        code=code,
        expected_version=code.version,
        changes={"definition": "Nueva definición"},
    )
    latest = qda.project.codebook_versions.first()
    assert latest.number == 4 and "definition" in latest.changes[0]


def test_a_code_cannot_be_moved_under_its_own_child(world, qda):
    parent = codebook.do_create_code(actor=world.researcher, project=qda.project, name="Padre")
    child = codebook.do_create_code(actor=world.researcher, project=qda.project, name="Hijo", parent=parent)
    with pytest.raises(ValidationError, match="under itself"):
        codebook.do_update_code(
            actor=world.researcher, code=parent, expected_version=parent.version, changes={"parent": child}
        )


def test_a_matrix_cell_edit_based_on_an_old_version_is_refused(world, qda):
    code = qda.codes["Love labour"]
    memos.do_save_cell(actor=world.researcher, case=qda.case, code=code, summary="uno", expected_version=0)
    before = snapshot()
    with pytest.raises(ValidationError, match="Someone else changed"):
        memos.do_save_cell(
            actor=world.coordinator, case=qda.case, code=code, summary="dos", expected_version=0
        )
    assert snapshot() == before
    assert MatrixCell.objects.get(case=qda.case, code=code).summary == "uno"
