# SPDX-License-Identifier: EUPL-1.2
"""Audit chain version 4: entries carry a keyed digest of the client's address
(``ip_digest``, covered by the hash instead of the address), so retention can blank
the address (``balai retention purge``) and the chain still verifies. Existing entries
keep their version (their address stays in their hash and is not purged; see
docs/security.md, Retention). The append-only triggers become version 4, which keeps
the digest fixed and lets through only that one purge."""

from django.db import migrations, models


def lift_triggers(apps, schema_editor):
    from balai.security.audit import triggers

    triggers.uninstall(schema_editor.connection)


def triggers_v4(apps, schema_editor):
    from balai.security.audit import triggers

    triggers.install(schema_editor.connection, version=4)


def triggers_v3(apps, schema_editor):
    from balai.security.audit import triggers

    triggers.install(schema_editor.connection, version=3)


class Migration(migrations.Migration):
    dependencies = [("security", "0005_audit_chains")]

    operations = [
        migrations.RunPython(lift_triggers, triggers_v3),
        migrations.AddField(
            model_name="auditentry",
            name="ip_digest",
            field=models.CharField(
                blank=True,
                db_default="",
                default="",
                editable=False,
                max_length=64,
                verbose_name="IP address digest",
            ),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="chain_version",
            field=models.PositiveSmallIntegerField(
                default=4, editable=False, verbose_name="chain version"
            ),
        ),
        migrations.RunPython(triggers_v4, lift_triggers),
    ]
