# SPDX-License-Identifier: EUPL-1.2
"""Audit sealing: entries get a chain position (``seq``) when sealed, after the caller's
commit. Existing entries were chained by id (chain version 1): they keep their hashes
and get ``seq = id``; the head's ``last_id`` becomes ``last_seq``. The append-only
triggers are replaced by version 2, which lets the sealer set the three seal columns
of an unsealed entry and nothing else."""

from django.db import migrations, models


def lift_triggers(apps, schema_editor):
    from balai.security.audit import triggers

    triggers.uninstall(schema_editor.connection)


def seal_existing(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "UPDATE security_auditentry SET seq = id, chain_version = 1 "
            "WHERE seq IS NULL"
        )


def triggers_v2(apps, schema_editor):
    from balai.security.audit import triggers

    triggers.install(schema_editor.connection, version=2)


def triggers_v1(apps, schema_editor):
    from balai.security.audit import triggers

    triggers.install(schema_editor.connection, version=1)


class Migration(migrations.Migration):
    dependencies = [("security", "0003_security_monitoring")]

    operations = [
        migrations.RunPython(lift_triggers, triggers_v1),
        migrations.AddField(
            model_name="auditentry",
            name="chain_version",
            field=models.PositiveSmallIntegerField(
                default=1, editable=False, verbose_name="chain version"
            ),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="chain_version",
            field=models.PositiveSmallIntegerField(
                default=2, editable=False, verbose_name="chain version"
            ),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="seq",
            field=models.BigIntegerField(
                blank=True, null=True, verbose_name="chain position"
            ),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="prev_hash",
            field=models.CharField(
                blank=True, max_length=64, verbose_name="previous hash"
            ),
        ),
        migrations.RenameField(
            model_name="audithead", old_name="last_id", new_name="last_seq"
        ),
        migrations.AlterField(
            model_name="audithead",
            name="last_seq",
            field=models.BigIntegerField(default=0, verbose_name="last chain position"),
        ),
        migrations.RunPython(seal_existing, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="auditentry",
            constraint=models.UniqueConstraint(
                condition=models.Q(("seq__isnull", False)),
                fields=("seq",),
                name="security_audit_seq_unique",
            ),
        ),
        migrations.AddIndex(
            model_name="auditentry",
            index=models.Index(
                condition=models.Q(("seq__isnull", True)),
                fields=["id"],
                name="security_audit_unsealed_idx",
            ),
        ),
        migrations.RunPython(triggers_v2, lift_triggers),
    ]
