"""An index for searching statement text by substring, so `?q=` stays fast on large corpora.

SQLite: an FTS5 table with the trigram tokenizer over the statements' text, kept in step by
triggers; it answers `LIKE '%word%'` from its index. PostgreSQL: a trigram GIN index on
UPPER(text), which Django's `icontains` (UPPER(text) LIKE UPPER(...)) uses as it is; made only
where the pg_trgm extension can be created. Other databases search without an index.
"""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS factcheck_statement_text USING fts5("
    "text, content='factcheck_statement', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER IF NOT EXISTS factcheck_statement_text_insert AFTER INSERT ON factcheck_statement BEGIN "
    "INSERT INTO factcheck_statement_text(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER IF NOT EXISTS factcheck_statement_text_delete AFTER DELETE ON factcheck_statement BEGIN "
    "INSERT INTO factcheck_statement_text(factcheck_statement_text, rowid, text) VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER IF NOT EXISTS factcheck_statement_text_update AFTER UPDATE OF text ON factcheck_statement BEGIN "
    "INSERT INTO factcheck_statement_text(factcheck_statement_text, rowid, text) VALUES ('delete', old.id, old.text); "
    "INSERT INTO factcheck_statement_text(rowid, text) VALUES (new.id, new.text); END",
    "INSERT INTO factcheck_statement_text(factcheck_statement_text) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS factcheck_statement_text_insert",
    "DROP TRIGGER IF EXISTS factcheck_statement_text_delete",
    "DROP TRIGGER IF EXISTS factcheck_statement_text_update",
    "DROP TABLE IF EXISTS factcheck_statement_text",
]


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement)
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
            if cursor.fetchone() is None:
                return
        try:
            with connection.cursor() as cursor:
                cursor.execute("SAVEPOINT trgm")
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                cursor.execute("RELEASE SAVEPOINT trgm")
        except Exception:  # not allowed to create extensions: search works, only slower
            with connection.cursor() as cursor:
                cursor.execute("ROLLBACK TO SAVEPOINT trgm")
            return
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS factcheck_statement_text_trgm ON factcheck_statement "
            "USING gin (UPPER(text) gin_trgm_ops)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_BACKWARD:
            schema_editor.execute(statement)
    elif schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS factcheck_statement_text_trgm")


class Migration(migrations.Migration):
    dependencies = [("factcheck", "0007_pair_status_indexes")]

    operations = [migrations.RunPython(forwards, backwards)]
