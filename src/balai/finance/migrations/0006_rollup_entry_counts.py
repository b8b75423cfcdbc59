"""Each item's rollup cells count the entries with a line of the item in their month
(what a line's entries page shows as its total), filled here from the journal."""

from django.db import migrations, models
from django.db.models import Count

CHUNK = 1000  # cells per upsert statement (6 parameters each)


def fill_entry_counts(apps, schema_editor):
    """One grouped read of the lines (distinct entries per item, year and month) and
    an upsert of the counts into the item cells; a cell that does not exist yet
    (lines that cancel out) is created with amount 0."""
    JournalLine = apps.get_model("finance", "JournalLine")
    RollupCell = apps.get_model("finance", "RollupCell")
    connection = schema_editor.connection
    rows = [
        ("item", str(r["item_id"]), r["fiscal_year"], r["month"], 0, r["n"])
        for r in JournalLine.objects.filter(item__isnull=False)
        .values("item_id", "fiscal_year", "month")
        .annotate(n=Count("entry_id", distinct=True))
        .order_by()
    ]
    rows.sort()
    table = connection.ops.quote_name(RollupCell._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            values = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} "  # noqa: S608
                "(dimension, key, fiscal_year, month, amount, entries) "
                f"VALUES {values} "
                "ON CONFLICT (dimension, key, fiscal_year, month) "
                "DO UPDATE SET entries = excluded.entries",
                [v for row in chunk for v in row],
            )


class Migration(migrations.Migration):
    dependencies = [
        ("finance", "0005_dashboard_read_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="rollupcell",
            name="entries",
            field=models.PositiveIntegerField(default=0, verbose_name="entries"),
        ),
        migrations.RunPython(fill_entry_counts, migrations.RunPython.noop),
    ]
