"""Full-text search across a project's documents and memos, with hits in context.

SQLite: an FTS5 table kept by the services (accent-insensitive). PostgreSQL: GIN indexes over
to_tsvector('simple', ...) and ts_headline for the context. Both return the same Hit shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import connection

from puente.qualitative.models import Project

from .consent import withheld_document_ids, withheld_memos

START, STOP = "\u27e6", "\u27e7"  # marks around a hit in the context; split out before rendering
LIMIT = 50
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass
class Hit:
    kind: str  # "document" or "memo"
    object_id: int
    title: str
    context: list[tuple[str, bool]]  # (text, is_hit) pieces, to render safely


def _pieces(snippet: str) -> list[tuple[str, bool]]:
    pieces, rest = [], snippet
    while START in rest:
        before, _s, after = rest.partition(START)
        hit, _e, rest = after.partition(STOP)
        if before:
            pieces.append((before, False))
        pieces.append((hit, True))
    if rest:
        pieces.append((rest, False))
    return pieces


def _left_out(project: Project) -> tuple[str, list, str, list]:
    """SQL subqueries (with their parameters) for the document and memo ids left out for consent."""
    documents_sql, documents_params = withheld_document_ids().order_by().query.sql_with_params()
    memos_sql, memos_params = withheld_memos(project).values("pk").order_by().query.sql_with_params()
    return documents_sql, list(documents_params), memos_sql, list(memos_params)


def _sqlite(project: Project, words: list[str]) -> list[tuple]:
    query = " ".join('"' + w.replace('"', "") + '"' for w in words)
    documents_sql, documents_params, memos_sql, memos_params = _left_out(project)
    sql = (
        "SELECT kind, object_id, title, snippet(qualitative_search, 4, %s, %s, '…', 16) "
        "FROM qualitative_search WHERE qualitative_search MATCH %s AND project_id = %s"
        f" AND NOT (kind = 'document' AND object_id IN ({documents_sql}))"
        f" AND NOT (kind = 'memo' AND object_id IN ({memos_sql}))"
        " ORDER BY rank LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [START, STOP, query, project.pk, *documents_params, *memos_params, LIMIT])
        return cursor.fetchall()


def _postgres(project: Project, words: list[str]) -> list[tuple]:
    options = f"StartSel={START}, StopSel={STOP}, MaxFragments=2, MaxWords=24, MinWords=8"
    documents_sql, documents_params, memos_sql, memos_params = _left_out(project)
    sql = (
        "SELECT kind, id, title, ctx FROM ("
        " SELECT 'document' AS kind, id, title, ts_headline('simple', text, q, %s) AS ctx,"
        " ts_rank(to_tsvector('simple', title || ' ' || text), q) AS r"
        " FROM qualitative_document, plainto_tsquery('simple', %s) q"
        " WHERE project_id = %s AND retired_at IS NULL AND to_tsvector('simple', title || ' ' || text) @@ q"
        f" AND id NOT IN ({documents_sql})"
        " UNION ALL"
        " SELECT 'memo', id, title, ts_headline('simple', text, q, %s),"
        " ts_rank(to_tsvector('simple', title || ' ' || text), q)"
        " FROM qualitative_memo, plainto_tsquery('simple', %s) q"
        " WHERE project_id = %s AND retired_at IS NULL AND to_tsvector('simple', title || ' ' || text) @@ q"
        f" AND id NOT IN ({memos_sql})"
        ") hits ORDER BY r DESC LIMIT %s"
    )
    query = " ".join(words)
    with connection.cursor() as cursor:
        params = [options, query, project.pk, *documents_params, options, query, project.pk, *memos_params]
        cursor.execute(sql, [*params, LIMIT])
        return cursor.fetchall()


def search(project: Project, text: str) -> list[Hit]:
    words = _WORD.findall(text)[:12]
    if not words:
        return []
    rows = _postgres(project, words) if connection.vendor == "postgresql" else _sqlite(project, words)
    return [Hit(kind, int(object_id), title, _pieces(ctx or "")) for kind, object_id, title, ctx in rows]
