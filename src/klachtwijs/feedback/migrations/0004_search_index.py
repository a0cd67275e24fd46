"""A GIN index for the overview's full-text search, on PostgreSQL only.

The index expression must be exactly the one `feedback.selectors._search` filters on
(`search_vector()`), or PostgreSQL will not use it: tests/feedback/test_search_index.py checks
with EXPLAIN that it does. SQLite has no full-text index of this kind and searches with LIKE.
The fields are written out here, not imported, so this migration never changes afterwards.
"""

from django.db import migrations

NAME = "feedback_search_dutch"
FIELDS = ("description", "desired_outcome", "reference", "report_summary")


def _index():
    from django.contrib.postgres.indexes import GinIndex
    from django.contrib.postgres.search import SearchVector

    return GinIndex(SearchVector(*FIELDS, config="dutch"), name=NAME)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("feedback", "Feedback"), _index())


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("feedback", "Feedback"), _index())


class Migration(migrations.Migration):
    dependencies = [("feedback", "0003_meldcode_steps")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
