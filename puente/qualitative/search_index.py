"""Keep the SQLite FTS5 table in step with documents and memos (PostgreSQL indexes the rows directly)."""

from __future__ import annotations

from django.db import connection

from puente.qualitative.models import Document, Memo


def _enabled() -> bool:
    return connection.vendor == "sqlite"


def _put(kind: str, object_id: int, project_id: int, title: str, body: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM qualitative_search WHERE kind = %s AND object_id = %s", [kind, object_id])
        cursor.execute(
            "INSERT INTO qualitative_search (kind, object_id, project_id, title, body) "
            "VALUES (%s, %s, %s, %s, %s)",
            [kind, object_id, project_id, title, body],
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
            cursor.execute(
                "DELETE FROM qualitative_search WHERE kind = %s AND object_id = %s", [kind, object_id]
            )
