# SPDX-License-Identifier: EUPL-1.2
"""Several audit hash chains (``AUDIT_CHAINS``, docs/scaling.md): every entry names
its chain (existing entries: chain 1), positions are unique per chain, and the head
table holds one row per chain (the singleton constraint becomes ``id >= 1``). The
append-only triggers become version 3, which also keeps the chain number fixed."""

from django.db import migrations, models


def lift_triggers(apps, schema_editor):
    from balai.security.audit import triggers

    triggers.uninstall(schema_editor.connection)


def triggers_v3(apps, schema_editor):
    from balai.security.audit import triggers

    triggers.install(schema_editor.connection, version=3)


def triggers_v2(apps, schema_editor):
    from balai.security.audit import triggers

    triggers.install(schema_editor.connection, version=2)


class Migration(migrations.Migration):
    dependencies = [("security", "0004_audit_sealing")]

    operations = [
        migrations.RunPython(lift_triggers, triggers_v2),
        migrations.AddField(
            model_name="auditentry",
            name="chain",
            field=models.PositiveSmallIntegerField(
                db_default=1, default=1, editable=False, verbose_name="chain"
            ),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="chain_version",
            field=models.PositiveSmallIntegerField(
                default=3, editable=False, verbose_name="chain version"
            ),
        ),
        migrations.RemoveConstraint(
            model_name="auditentry", name="security_audit_seq_unique"
        ),
        migrations.AddConstraint(
            model_name="auditentry",
            constraint=models.UniqueConstraint(
                condition=models.Q(("seq__isnull", False)),
                fields=("chain", "seq"),
                name="security_audit_chain_seq_unique",
            ),
        ),
        migrations.RemoveConstraint(
            model_name="audithead", name="security_audithead_singleton"
        ),
        migrations.AddConstraint(
            model_name="audithead",
            constraint=models.CheckConstraint(
                condition=models.Q(("id__gte", 1)), name="security_audithead_chain"
            ),
        ),
        migrations.AlterModelOptions(
            name="audithead",
            options={
                "default_permissions": (),
                "verbose_name": "audit chain head",
                "verbose_name_plural": "audit chain heads",
            },
        ),
        migrations.RunPython(triggers_v3, lift_triggers),
    ]
