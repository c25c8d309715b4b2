from django.urls import path

from puente.qualitative.views import (
    analysis,
    codebook,
    documents,
    memos,
    projects,
    refi,
    segments,
    workspace,
)

urlpatterns = [
    path("", projects.project_list, name="qda_project_list"),
    path("new/", projects.project_create, name="qda_project_create"),
    path("<int:pk>/", projects.project_detail, name="qda_project_detail"),
    path("<int:pk>/settings/", projects.project_settings, name="qda_project_settings"),
    path("<int:pk>/documents/new/", documents.document_add, name="qda_document_add"),
    path(
        "<int:pk>/documents/<int:doc>/deidentify/",
        documents.document_deidentify,
        name="qda_document_deidentify",
    ),
    path("<int:pk>/documents/<int:doc>/", workspace.workspace, name="qda_workspace"),
    path("<int:pk>/documents/<int:doc>/compare/", workspace.compare, name="qda_compare"),
    path(
        "<int:pk>/documents/<int:doc>/reconcile/", workspace.document_reconcile, name="qda_document_reconcile"
    ),
    path("<int:pk>/api/documents/<int:doc>/codings/", workspace.api_code_selection, name="qda_api_code"),
    path("<int:pk>/api/documents/<int:doc>/memos/", workspace.api_memo, name="qda_api_memo"),
    path("<int:pk>/api/documents/<int:doc>/suggestions/", workspace.api_suggest, name="qda_api_suggest"),
    path("<int:pk>/codings/<int:coding>/remove/", workspace.coding_remove, name="qda_coding_remove"),
    path("<int:pk>/codings/<int:coding>/change/", workspace.coding_change, name="qda_coding_change"),
    path("<int:pk>/codings/<int:coding>/agree/", workspace.coding_agree, name="qda_coding_agree"),
    path("<int:pk>/codebook/", codebook.codebook, name="qda_codebook"),
    path("<int:pk>/codebook/<int:code>/", codebook.code_edit, name="qda_code_edit"),
    path("<int:pk>/cases/", codebook.case_list, name="qda_cases"),
    path("<int:pk>/cases/<int:case>/", codebook.case_detail, name="qda_case_detail"),
    path("<int:pk>/memos/", codebook.memo_list, name="qda_memos"),
    path("<int:pk>/memos/<int:memo>/edit/", memos.memo_edit, name="qda_memo_edit"),
    path("<int:pk>/cases/<int:case>/memos/", memos.case_memos, name="qda_case_memos"),
    path("<int:pk>/codebook/<int:code>/memos/", memos.code_memos, name="qda_code_memos"),
    path("<int:pk>/search/", codebook.search_page, name="qda_search"),
    path("<int:pk>/segments/", segments.segments, name="qda_segments"),
    path("<int:pk>/matrix/", analysis.matrix, name="qda_matrix"),
    path("<int:pk>/matrix/<int:case>/<int:code>/", analysis.matrix_cell, name="qda_matrix_cell"),
    path("<int:pk>/matrix/export/<str:fmt>/", analysis.matrix_export, name="qda_matrix_export"),
    path("<int:pk>/counts/", analysis.counts, name="qda_counts"),
    path("<int:pk>/agreement/", analysis.agreement_page, name="qda_agreement"),
    path("<int:pk>/suggestions/", analysis.suggestion_page, name="qda_suggestions"),
    path("<int:pk>/refi/import/", refi.refi_import_page, name="qda_refi_import"),
    path("<int:pk>/refi/export/", refi.refi_export_page, name="qda_refi_export"),
]
