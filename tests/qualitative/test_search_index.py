"""The SQLite FTS5 index: one row per object, keyed by a rowid derived from it, replaced in place."""

from __future__ import annotations

import importlib

import pytest
from django.db import connection

from puente.qualitative import search_index
from puente.qualitative.selectors.search import search
from puente.qualitative.services import documents, memos

pytestmark = pytest.mark.sqlite_only  # the FTS5 table exists on SQLite only

REKEY = importlib.import_module("puente.qualitative.migrations.0003_search_rowid_keys")


class _Editor:
    """What the migration uses of a schema editor (Django's refuses to open inside a test transaction)."""

    connection = connection

    def execute(self, sql: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql)


def _rows(kind: str, object_id: int) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid, title, body FROM qualitative_search WHERE kind = %s AND object_id = %s",
            [kind, object_id],
        )
        return cursor.fetchall()


def test_rowids_differ_between_a_document_and_a_memo_with_the_same_id():
    assert search_index.rowid_for("document", 7) != search_index.rowid_for("memo", 7)
    assert search_index.rowid_for("document", 8) != search_index.rowid_for("memo", 7)


def test_an_imported_document_has_exactly_one_row_at_its_own_rowid(world, qda):
    rows = _rows("document", qda.document.pk)
    assert len(rows) == 1
    assert rows[0][0] == search_index.rowid_for("document", qda.document.pk)


def test_deidentification_replaces_the_indexed_text_so_the_name_is_no_longer_found(world, qda):
    document = documents.do_import_document(
        actor=world.researcher,
        project=qda.project,
        title="Entrevista P9",
        text="P9: Rosa me llamó ayer.",
        language="es",
    )
    assert [h.object_id for h in search(qda.project, "Rosa")] == [document.pk]
    start = document.text.index("Rosa")
    documents.do_apply_deidentification(
        actor=world.researcher,
        document=document,
        expected_version=document.version,
        replacements=[(start, start + 4, "[NAME]")],
    )
    assert search(qda.project, "Rosa") == []
    rows = _rows("document", document.pk)
    assert len(rows) == 1 and "[NAME]" in rows[0][2]


def test_an_edited_memo_keeps_one_row_and_a_retired_one_leaves_the_index(world, qda):
    memo = memos.do_create_memo(
        actor=world.researcher, project=qda.project, title="Ideas", text="primera versión"
    )
    memo = memos.do_update_memo(
        actor=world.researcher,
        memo=memo,
        expected_version=memo.version,
        title="Ideas",
        text="segunda versión",
    )
    rows = _rows("memo", memo.pk)
    assert len(rows) == 1 and rows[0][2] == "segunda versión"
    assert search(qda.project, "primera") == []
    memos.do_retire_memo(actor=world.researcher, memo=memo)
    assert _rows("memo", memo.pk) == []
    assert _rows("document", qda.document.pk), "retiring a memo must not touch a document's row"


def test_the_migration_rekeys_old_rows_and_keeps_the_latest_of_duplicates(world, qda):
    memo = memos.do_create_memo(actor=world.researcher, project=qda.project, title="Nota", text="texto nuevo")
    with connection.cursor() as cursor:
        # Rows as the older code left them: arbitrary rowids, and one object indexed twice.
        cursor.execute("DELETE FROM qualitative_search")
        cursor.executemany(
            "INSERT INTO qualitative_search (rowid, kind, object_id, project_id, title, body) "
            "VALUES (%s, %s, %s, %s, %s, %s)",
            [
                (901, "memo", memo.pk, qda.project.pk, "Nota", "texto viejo"),
                (902, "document", qda.document.pk, qda.project.pk, qda.document.title, qda.document.text),
                (903, "memo", memo.pk, qda.project.pk, "Nota", "texto nuevo"),
            ],
        )
    REKEY._rekey(None, _Editor())
    assert _rows("memo", memo.pk) == [(search_index.rowid_for("memo", memo.pk), "Nota", "texto nuevo")]
    assert [r[0] for r in _rows("document", qda.document.pk)] == [
        search_index.rowid_for("document", qda.document.pk)
    ]
    assert search(qda.project, "viejo") == []


def test_rows_the_synthetic_generator_writes_are_replaced_in_place_by_later_edits(world, qda):
    from puente.synth.qualitative import _index

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM qualitative_search")
    _index([qda.document])
    assert [r[0] for r in _rows("document", qda.document.pk)] == [
        search_index.rowid_for("document", qda.document.pk)
    ]
    qda.document.title = "Entrevista P7 (revisada)"
    search_index.index_document(qda.document)
    assert [r[1] for r in _rows("document", qda.document.pk)] == ["Entrevista P7 (revisada)"]
