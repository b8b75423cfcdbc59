# SPDX-License-Identifier: EUPL-1.2
"""``Resident.nik_province``: the column, then existing rows filled in batches (each
committed on its own; ``balai registry nik-provinces`` resumes an interrupted fill)."""

from django.db import migrations

import balai.registry.models.fields


def fill(apps, schema_editor):
    from balai.registry.services.nik_province import nik_provinces_fill

    nik_provinces_fill(model=apps.get_model("registry", "Resident"))


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("registry", "0004_exchange_consent"),
    ]

    operations = [
        migrations.AddField(
            model_name="resident",
            name="nik_province",
            field=balai.registry.models.fields.DerivedCharField(
                "nik",
                "balai.registry.models.resident.nik_province",
                blank=True,
                default="",
                max_length=2,
                verbose_name="province of the NIK",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
