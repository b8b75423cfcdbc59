# SPDX-License-Identifier: EUPL-1.2
"""Database-level guards of the journal and of approved budgets.

PostgreSQL: a deferred constraint trigger checks debit = credit (and at least two
lines) per entry at commit; journal entries and lines refuse UPDATE and DELETE.
SQLite: journal rows refuse UPDATE (DELETE stays possible so test databases can be
flushed; the app has no delete path), the balance is checked by the service.
Both: lines of an approved budget version cannot be inserted, changed or deleted.
"""

from __future__ import annotations

from django.db import migrations

PG_FORWARD = [
    """
    CREATE OR REPLACE FUNCTION finance_entry_balanced() RETURNS trigger AS $$
    DECLARE
        entry uuid;
        d numeric;
        c numeric;
        n integer;
    BEGIN
        IF TG_TABLE_NAME = 'finance_journalentry' THEN
            entry := NEW.id;
        ELSE
            entry := NEW.entry_id;
        END IF;
        SELECT coalesce(sum(debit), 0), coalesce(sum(credit), 0), count(*)
          INTO d, c, n FROM finance_journalline WHERE entry_id = entry;
        IF n < 2 OR d <> c THEN
            RAISE EXCEPTION 'journal entry % is unbalanced: % lines, debit %, credit %',
                entry, n, d, c USING ERRCODE = '23514';
        END IF;
        RETURN NULL;
    END $$ LANGUAGE plpgsql;
    """,
    """
    CREATE CONSTRAINT TRIGGER finance_journalline_balanced
        AFTER INSERT ON finance_journalline DEFERRABLE INITIALLY DEFERRED
        FOR EACH ROW EXECUTE FUNCTION finance_entry_balanced();
    """,
    """
    CREATE CONSTRAINT TRIGGER finance_journalentry_balanced
        AFTER INSERT ON finance_journalentry DEFERRABLE INITIALLY DEFERRED
        FOR EACH ROW EXECUTE FUNCTION finance_entry_balanced();
    """,
    """
    CREATE OR REPLACE FUNCTION finance_journal_immutable() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'the journal is append-only: reverse an entry instead'
            USING ERRCODE = '23514';
    END $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER finance_journalline_immutable BEFORE UPDATE OR DELETE
        ON finance_journalline FOR EACH ROW
        EXECUTE FUNCTION finance_journal_immutable();
    """,
    """
    CREATE TRIGGER finance_journalentry_immutable BEFORE UPDATE OR DELETE
        ON finance_journalentry FOR EACH ROW
        EXECUTE FUNCTION finance_journal_immutable();
    """,
    """
    CREATE OR REPLACE FUNCTION finance_budgetline_frozen() RETURNS trigger AS $$
    DECLARE
        version uuid;
    BEGIN
        IF TG_OP = 'DELETE' THEN
            version := OLD.version_id;
        ELSE
            version := NEW.version_id;
        END IF;
        IF EXISTS (SELECT 1 FROM finance_budgetversion
                   WHERE id = version AND status = 'approved')
           OR (TG_OP = 'UPDATE' AND EXISTS (
                   SELECT 1 FROM finance_budgetversion
                   WHERE id = OLD.version_id AND status = 'approved')) THEN
            RAISE EXCEPTION 'an approved budget version is immutable'
                USING ERRCODE = '23514';
        END IF;
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER finance_budgetline_frozen BEFORE INSERT OR UPDATE OR DELETE
        ON finance_budgetline FOR EACH ROW
        EXECUTE FUNCTION finance_budgetline_frozen();
    """,
]
PG_BACKWARD = [
    "DROP TRIGGER IF EXISTS finance_budgetline_frozen ON finance_budgetline;",
    "DROP FUNCTION IF EXISTS finance_budgetline_frozen();",
    "DROP TRIGGER IF EXISTS finance_journalentry_immutable ON finance_journalentry;",
    "DROP TRIGGER IF EXISTS finance_journalline_immutable ON finance_journalline;",
    "DROP FUNCTION IF EXISTS finance_journal_immutable();",
    "DROP TRIGGER IF EXISTS finance_journalentry_balanced ON finance_journalentry;",
    "DROP TRIGGER IF EXISTS finance_journalline_balanced ON finance_journalline;",
    "DROP FUNCTION IF EXISTS finance_entry_balanced();",
]
_APPROVED = (
    "(SELECT status FROM finance_budgetversion WHERE id = {row}.version_id)"
    " = 'approved'"
)
SQLITE_FORWARD = [
    """
    CREATE TRIGGER finance_journalline_immutable BEFORE UPDATE ON finance_journalline
    BEGIN SELECT RAISE(ABORT, 'the journal is append-only: reverse an entry instead');
    END;
    """,
    """
    CREATE TRIGGER finance_journalentry_immutable BEFORE UPDATE ON finance_journalentry
    BEGIN SELECT RAISE(ABORT, 'the journal is append-only: reverse an entry instead');
    END;
    """,
    f"""
    CREATE TRIGGER finance_budgetline_frozen_insert BEFORE INSERT ON finance_budgetline
    WHEN {_APPROVED.format(row="NEW")}
    BEGIN SELECT RAISE(ABORT, 'an approved budget version is immutable'); END;
    """,
    f"""
    CREATE TRIGGER finance_budgetline_frozen_update BEFORE UPDATE ON finance_budgetline
    WHEN {_APPROVED.format(row="OLD")} OR {_APPROVED.format(row="NEW")}
    BEGIN SELECT RAISE(ABORT, 'an approved budget version is immutable'); END;
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS finance_budgetline_frozen_update;",
    "DROP TRIGGER IF EXISTS finance_budgetline_frozen_insert;",
    "DROP TRIGGER IF EXISTS finance_journalentry_immutable;",
    "DROP TRIGGER IF EXISTS finance_journalline_immutable;",
]


def _run(statements: dict[str, list[str]]):  # noqa: ANN202
    def run(apps, schema_editor) -> None:  # noqa: ANN001
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("finance", "0001_initial_budget_and_journal")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        )
    ]
