"""Keep the SQLite FTS5 table in step with documents and memos (PostgreSQL indexes the rows directly).

Each object owns one FTS row whose rowid is derived from the object (see ``rowid_for``), so replacing
or removing it is a rowid lookup. FTS5 cannot use an index on ``kind``/``object_id`` (they are
UNINDEXED columns), so a delete filtered by them scans the whole table: at regional import sizes
that is thousands of full scans.
"""

from __future__ import annotations

from django.db import connection

from puente.qualitative.models import Document, Memo

# Low bit of the rowid: which table the object lives in. Keep in step with migration 0003.
KIND_BITS = {"document": 0, "memo": 1}


def rowid_for(kind: str, object_id: int) -> int:
    """The FTS rowid owned by one document or memo: stable, unique across both tables."""
    return object_id * 2 + KIND_BITS[kind]


def _enabled() -> bool:
    return connection.vendor == "sqlite"


def _put(kind: str, object_id: int, project_id: int, title: str, body: str) -> None:
    rowid = rowid_for(kind, object_id)
    with connection.cursor() as cursor:
        # A rowid delete is a point lookup; a no-op for an object indexed for the first time.
        cursor.execute("DELETE FROM qualitative_search WHERE rowid = %s", [rowid])
        cursor.execute(
            "INSERT INTO qualitative_search (rowid, kind, object_id, project_id, title, body) "
            "VALUES (%s, %s, %s, %s, %s, %s)",
            [rowid, kind, object_id, project_id, title, body],
        )


def index_document(document: Document) -> None:
    if not _enabled():
        return
    if document.retired_at is not None:
        remove("document", document.pk)
    else:
        _put("document", document.pk, document.project_id, document.title, document.text)


def index_memo(memo: Memo) -> None:
    if not _enabled():
        return
    if memo.retired_at is not None:
        remove("memo", memo.pk)
    else:
        _put("memo", memo.pk, memo.project_id, memo.title, memo.text)


def remove(kind: str, object_id: int) -> None:
    if _enabled():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM qualitative_search WHERE rowid = %s", [rowid_for(kind, object_id)])
