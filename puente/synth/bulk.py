"""Fast inserts for the largest tables (contacts, questionnaires, codings).

``bulk_create`` prepares every value through the field machinery, which is too slow for a million
rows. Here each column's adapter is looked up once and rows go in with ``executemany``; the database's
own constraints (NOT NULL, foreign keys, unique, checks) still apply to every row.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from django.conf import settings
from django.db import connection, models

CHUNK = 5_000


def _adapter(field: models.Field) -> Callable[[Any], Any] | None:
    ops = connection.ops
    if isinstance(field, models.JSONField):
        if connection.vendor == "postgresql":
            from psycopg.types.json import Jsonb

            return Jsonb
        return lambda value: json.dumps(value, ensure_ascii=False)
    if isinstance(field, models.DateTimeField):
        return lambda value: ops.adapt_datetimefield_value(value) if value is not None else None
    if isinstance(field, models.DateField):
        return lambda value: ops.adapt_datefield_value(value) if value is not None else None
    return None


def insert_rows(model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert ``rows`` (tuples in the order of ``columns``, field names or ``*_id`` attnames)."""
    meta = model._meta
    fields = [
        meta.get_field(name.removesuffix("_id")) if name.endswith("_id") else meta.get_field(name)
        for name in columns
    ]
    adapters = [_adapter(field) for field in fields]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(meta.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    written, chunk = 0, []
    with connection.cursor() as cursor:
        for row in rows:
            chunk.append(
                tuple(
                    value if adapt is None else adapt(value)
                    for value, adapt in zip(row, adapters, strict=True)
                )
            )
            if len(chunk) >= CHUNK:
                cursor.executemany(sql, chunk)
                written += len(chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)
            written += len(chunk)
    return written


@contextlib.contextmanager
def quiet_queries() -> Iterator[None]:
    """Do not keep every SQL statement in memory while generating (DEBUG does, for the toolbar)."""
    saved = settings.DEBUG
    settings.DEBUG = False
    try:
        yield
    finally:
        settings.DEBUG = saved
