"""The table of the shared cache (settings CACHES): `createcachetable` as part of `migrate`,
so `make run`, the tests and a production upgrade need no extra command."""

from django.core.management import call_command
from django.db import migrations


def create(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_access_log_append_only")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop, elidable=False)]
