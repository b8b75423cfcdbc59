# SPDX-License-Identifier: EUPL-1.2
"""The audit chain's head row, and triggers refusing UPDATE/DELETE of audit entries."""

from django.db import migrations


def create_head(apps, schema_editor):
    AuditHead = apps.get_model("security", "AuditHead")
    AuditHead.objects.using(schema_editor.connection.alias).get_or_create(
        pk=1, defaults={"last_id": 0, "last_hash": "0" * 64}
    )


def install_triggers(apps, schema_editor):
    from balai.security.audit import triggers

    triggers.install(schema_editor.connection, version=1)


def uninstall_triggers(apps, schema_editor):
    from balai.security.audit import triggers

    triggers.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("security", "0001_initial")]

    operations = [
        migrations.RunPython(create_head, migrations.RunPython.noop),
        migrations.RunPython(install_triggers, uninstall_triggers),
    ]
