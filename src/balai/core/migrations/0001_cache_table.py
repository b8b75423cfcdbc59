# SPDX-License-Identifier: EUPL-1.2
"""Create the database cache table when BALAI_CACHE_URL points at db://."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):  # noqa: ANN001, ANN201
    call_command("createcachetable", database=schema_editor.connection.alias)


class Migration(migrations.Migration):
    initial = True
    dependencies: list = []
    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
