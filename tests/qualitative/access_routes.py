"""Qualitative routes in the permission matrix.

Projects are research data: researchers of the project's site and the project's members (here the
researcher leads and the coordinator codes). Every other role has no qualitative pages (403).
Lead-only pages answer 403 to the coordinator, who is only a coder.
"""

from __future__ import annotations

from tests.matrix import expect

READERS = {"researcher", "coordinator"}
LEAD = {"researcher"}
POST_ONLY = 405

ROUTES: dict[str, dict[str, int]] = {
    "qda_project_list": expect(READERS),
    "qda_project_create": expect(READERS),
    "qda_project_detail": expect(READERS),
    "qda_project_settings": expect(LEAD),
    "qda_document_add": expect(LEAD),
    "qda_document_deidentify": expect(LEAD),
    "qda_workspace": expect(READERS),
    "qda_compare": expect(READERS),
    "qda_document_reconcile": expect(set(), forbidden=403)
    | {"researcher": POST_ONLY, "coordinator": POST_ONLY},
    "qda_api_code": expect(set()) | {"researcher": POST_ONLY, "coordinator": POST_ONLY},
    "qda_api_memo": expect(set()) | {"researcher": POST_ONLY, "coordinator": POST_ONLY},
    "qda_api_suggest": {**expect(set()), "researcher": 400, "coordinator": 400},
    "qda_coding_remove": expect(set()) | {"researcher": POST_ONLY, "coordinator": POST_ONLY},
    "qda_coding_change": expect(set()) | {"researcher": POST_ONLY, "coordinator": POST_ONLY},
    "qda_coding_agree": expect(set()) | {"researcher": POST_ONLY, "coordinator": POST_ONLY},
    "qda_codebook": expect(READERS),
    "qda_code_edit": expect(LEAD),
    "qda_cases": expect(READERS),
    "qda_case_detail": expect(READERS),
    "qda_memos": expect(READERS),
    "qda_memo_edit": expect({"researcher"}),
    "qda_case_memos": expect(READERS),
    "qda_code_memos": expect(READERS),
    "qda_search": expect(READERS),
    "qda_segments": expect(READERS),
    "qda_matrix": expect(READERS),
    "qda_matrix_cell": expect(READERS),
    "qda_matrix_export": expect(READERS),
    "qda_counts": expect(READERS),
    "qda_agreement": expect(READERS),
    "qda_suggestions": expect(READERS),
    "qda_refi_import": expect(LEAD),
    "qda_refi_export": expect(READERS),
}


def url_kwargs(name: str, world) -> dict | None:
    if not name.startswith("qda_") or name in ("qda_project_list", "qda_project_create"):
        return None
    from tests.qualitative.conftest import build_qda

    qda = getattr(world, "_qda", None)
    if qda is None:
        qda = world._qda = build_qda(world)
    pk = qda.project.pk
    doc = qda.document.pk
    if name in (
        "qda_workspace",
        "qda_compare",
        "qda_document_reconcile",
        "qda_document_deidentify",
        "qda_api_code",
        "qda_api_memo",
        "qda_api_suggest",
    ):
        return {"pk": pk, "doc": doc}
    if name in ("qda_coding_remove", "qda_coding_change", "qda_coding_agree"):
        return {"pk": pk, "coding": 1}
    if name == "qda_code_edit":
        return {"pk": pk, "code": next(iter(qda.codes.values())).pk}
    if name == "qda_code_memos":
        return {"pk": pk, "code": next(iter(qda.codes.values())).pk}
    if name == "qda_memo_edit":
        return {"pk": pk, "memo": qda_memo(world, qda).pk}
    if name in ("qda_case_detail", "qda_case_memos"):
        return {"pk": pk, "case": qda.case.pk}
    if name == "qda_matrix_cell":
        return {"pk": pk, "case": qda.case.pk, "code": next(iter(qda.codes.values())).pk}
    if name == "qda_matrix_export":
        return {"pk": pk, "fmt": "html"}
    return {"pk": pk}


def qda_memo(world, qda):
    """A memo on the case, written by the lead (so the coordinator, a coder, may not edit it)."""
    from puente.qualitative.services.memos import do_create_memo

    memo = getattr(world, "_qda_memo", None)
    if memo is None:
        memo = world._qda_memo = do_create_memo(
            actor=world.researcher, project=qda.project, title="Case memo", text="Notes", case=qda.case
        )
    return memo
