"""A database-level guard: a timeline row can't be rewritten, whoever connects (STYLE.md §14).

Two changes stay possible, both required by law or by Django itself: anonymisation replaces a
row's text by the fixed marker (LEGAL.md P2, `services.feedback_anonymise`), and deleting a
user sets `actor` to NULL (`on_delete=SET_NULL`). Any other UPDATE fails. Deleting stays possible
at database level (test databases are emptied between tests, and a dossier is never deleted by
the application).
"""

from django.db import migrations

# Kept here as written: a migration must not change when the service's constant does.
MARKER = "[verwijderd: persoonsgegevens]"
FIXED = ["id", "feedback_id", "at", "kind", "from_status", "to_status", "visible_to_parent",
         "contact_channel", "contact_on"]  # fmt: skip

PG_CHANGED = " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in FIXED)
SQLITE_CHANGED = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in FIXED)

SQL = {
    "postgresql": (
        [
            "CREATE OR REPLACE FUNCTION feedback_event_append_only() RETURNS trigger AS $$ "
            f"BEGIN IF {PG_CHANGED} "
            f"OR (NEW.text IS DISTINCT FROM OLD.text AND NEW.text <> '{MARKER}') "
            "OR (NEW.actor_id IS DISTINCT FROM OLD.actor_id AND NEW.actor_id IS NOT NULL) "
            "THEN RAISE EXCEPTION 'feedback_event is append-only'; END IF; RETURN NEW; END; "
            "$$ LANGUAGE plpgsql",
            "CREATE TRIGGER feedback_event_no_update BEFORE UPDATE ON feedback_event "
            "FOR EACH ROW EXECUTE FUNCTION feedback_event_append_only()",
        ],
        [
            "DROP TRIGGER IF EXISTS feedback_event_no_update ON feedback_event",
            "DROP FUNCTION IF EXISTS feedback_event_append_only()",
        ],
    ),
    "sqlite": (
        [
            "CREATE TRIGGER feedback_event_no_update BEFORE UPDATE ON feedback_event "
            f"WHEN {SQLITE_CHANGED} "
            f"OR (NEW.text IS NOT OLD.text AND NEW.text <> '{MARKER}') "
            "OR (NEW.actor_id IS NOT OLD.actor_id AND NEW.actor_id IS NOT NULL) "
            "BEGIN SELECT RAISE(ABORT, 'feedback_event is append-only'); END",
        ],
        ["DROP TRIGGER IF EXISTS feedback_event_no_update"],
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
    dependencies = [("feedback", "0006_moments")]

    operations = [migrations.RunPython(forwards, backwards)]
