"""A database-level guard: rows of the access log can't be updated, whoever connects.

Deleting stays possible at database level (test databases are emptied between tests); the
application refuses it in `AccessLog`'s queryset and model.
"""

from django.db import migrations

SQL = {
    "postgresql": (
        [
            "CREATE OR REPLACE FUNCTION core_accesslog_append_only() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION 'core_accesslog is append-only'; END; $$ LANGUAGE plpgsql",
            "CREATE TRIGGER core_accesslog_no_update BEFORE UPDATE ON core_accesslog "
            "FOR EACH ROW EXECUTE FUNCTION core_accesslog_append_only()",
        ],
        [
            "DROP TRIGGER IF EXISTS core_accesslog_no_update ON core_accesslog",
            "DROP FUNCTION IF EXISTS core_accesslog_append_only()",
        ],
    ),
    "sqlite": (
        [
            "CREATE TRIGGER core_accesslog_no_update BEFORE UPDATE ON core_accesslog "
            "BEGIN SELECT RAISE(ABORT, 'core_accesslog is append-only'); END",
        ],
        ["DROP TRIGGER IF EXISTS core_accesslog_no_update"],
    ),
}


def _run(schema_editor, index: int) -> None:
    statements = SQL.get(schema_editor.connection.vendor)
    if statements is None:  # another database: the application-level guard still holds
        return
    for statement in statements[index]:
        schema_editor.execute(statement)


def forwards(apps, schema_editor):
    _run(schema_editor, 0)


def backwards(apps, schema_editor):
    _run(schema_editor, 1)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_access_log")]

    operations = [migrations.RunPython(forwards, backwards)]
