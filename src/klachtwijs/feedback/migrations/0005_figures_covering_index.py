"""A covering index for the annual report's figures, on PostgreSQL only.

`reports.figures` reads a year of dossiers grouped by kind, category, location and service; with
these columns in the index PostgreSQL answers that pass from the index alone (an index-only scan
once the table is vacuumed): 0.38 -> 0.34 s for the figures of a year at 100,000 dossiers
(docs/benchmarks.md). SQLite has no covering indexes; its plain `received_at` index stays.
"""

from django.db import migrations

NAME = "feedback_received_covering"
INCLUDE = (
    "is_restricted",
    "kind",
    "framework",
    "location_id",
    "service_id",
    "category_id",
    "answered_at",
    "answer_due",
    "extended_until",
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX {NAME} ON feedback_feedback (received_at) INCLUDE ({', '.join(INCLUDE)})"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("feedback", "0004_search_index")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
