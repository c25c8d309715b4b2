"""Key each FTS5 row by a rowid derived from its object (``search_index.rowid_for``).

Rows written before this migration carry arbitrary rowids, so updates and removals could only find
them by scanning the whole index. Re-key them in place: copy out, empty, insert back with the derived
rowid (keeping the most recent row should an object have been indexed twice). PostgreSQL has no
FTS table: nothing to do there.
"""

from django.db import migrations

# Same arithmetic as puente.qualitative.search_index.rowid_for, frozen here as migrations must be.
DERIVED_ROWID = "object_id * 2 + CASE kind WHEN 'memo' THEN 1 ELSE 0 END"

SQLITE_UP = [
    "CREATE TEMP TABLE qualitative_search_rekey AS "
    f"SELECT {DERIVED_ROWID} AS new_rowid, kind, object_id, project_id, title, body "
    "FROM qualitative_search WHERE rowid IN ("
    "SELECT MAX(rowid) FROM qualitative_search GROUP BY kind, object_id)",
    "DELETE FROM qualitative_search",
    "INSERT INTO qualitative_search (rowid, kind, object_id, project_id, title, body) "
    "SELECT new_rowid, kind, object_id, project_id, title, body FROM qualitative_search_rekey",
    "DROP TABLE qualitative_search_rekey",
]


def _rekey(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for sql in SQLITE_UP:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("qualitative", "0002_full_text_search")]

    # Going back needs nothing: the older code finds rows by kind/object_id whatever their rowid.
    operations = [migrations.RunPython(_rekey, migrations.RunPython.noop)]
