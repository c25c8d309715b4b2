"""Full-text search: an FTS5 table on SQLite, GIN expression indexes on PostgreSQL."""

from django.db import migrations

SQLITE_UP = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS qualitative_search USING fts5("
    "kind UNINDEXED, object_id UNINDEXED, project_id UNINDEXED, title, body, "
    "tokenize = 'unicode61 remove_diacritics 2')",
]
SQLITE_DOWN = ["DROP TABLE IF EXISTS qualitative_search"]
PG_UP = [
    "CREATE INDEX IF NOT EXISTS qualitative_document_fts ON qualitative_document "
    "USING GIN (to_tsvector('simple', title || ' ' || text))",
    "CREATE INDEX IF NOT EXISTS qualitative_memo_fts ON qualitative_memo "
    "USING GIN (to_tsvector('simple', title || ' ' || text))",
]
PG_DOWN = ["DROP INDEX IF EXISTS qualitative_document_fts", "DROP INDEX IF EXISTS qualitative_memo_fts"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("qualitative", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": PG_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": PG_DOWN}),
        )
    ]
