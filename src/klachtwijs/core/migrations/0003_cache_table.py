"""The table of the shared cache (settings CACHES): `createcachetable` as part of `migrate`,
so `make run`, the tests and a production upgrade need no extra command."""

from django.core.management import call_command
from django.db import migrations


TABLE = "klachtwijs_cache"  # settings/base.py CACHES


def create(apps, schema_editor):
    database = schema_editor.connection.alias
    # By name, so the table exists even where settings use another cache (the tests' memory
    # cache); then whatever database caches the settings name.
    call_command("createcachetable", TABLE, database=database, verbosity=0)
    call_command("createcachetable", database=database, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_access_log_append_only")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop, elidable=False)]
