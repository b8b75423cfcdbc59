# SPDX-License-Identifier: EUPL-1.2
"""Finance dashboard queries over many journal lines, against a naive GROUP BY.

A fresh database (SQLite in a temporary BALAI_VAR_DIR, or PostgreSQL when
``BALAI_BENCH_FINANCE_PG_URL`` names one — it is dropped and recreated) gets the
shipped code lists, 9 agencies x 8 spending lines, an approved budget and
``BALAI_BENCH_FINANCE_LINES`` journal lines (default 200,000; 1,000,000 with
``make bench-full``; the issue's figure is
5,000,000) written in bulk, with their rollup cells added through the same upsert the
posting service uses. Then, 30 times each after a warm-up:

- the dashboard's "spending by agency" (``selectors.breakdown``: budget lines of the
  version in force + rollup cells) against the naive query: SUM(debit - credit) over
  the journal lines of the year joined to their items, GROUP BY agency;
- one budget line's realisation (rollup) against SUM over its journal lines.

Rows: p95 in ms, the ratio naive/rollup (target >= 20x), and posting throughput
through ``spending_post`` (entries/s: commitment control, two lines, ~15 rollup
upserts and an audit entry per entry).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import tempfile
import time
import urllib.parse
import uuid
from decimal import Decimal

TIMEOUT_SECONDS = 1800
LINES = int(
    os.environ.get(
        "BALAI_BENCH_FINANCE_LINES",
        "1000000" if os.environ.get("BALAI_BENCH_FULL") else "200000",
    )
)
PG_URL = os.environ.get("BALAI_BENCH_FINANCE_PG_URL", "")
RUNS = 30
YEAR = 2026
BATCH = 20_000


def _setup_django(var_dir: str) -> None:
    os.environ["BALAI_VAR_DIR"] = var_dir
    if PG_URL:
        _recreate_pg()
        os.environ["BALAI_DATABASE_URL"] = PG_URL
    else:
        os.environ.pop("BALAI_DATABASE_URL", None)
    os.environ.setdefault("BALAI_ENV", "test")
    os.environ["BALAI_LOG_LEVEL"] = "WARNING"
    os.environ["DJANGO_SETTINGS_MODULE"] = "balai.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def _recreate_pg() -> None:
    import psycopg

    url = urllib.parse.urlsplit(PG_URL)
    name = url.path.lstrip("/")
    with psycopg.connect(
        host=url.hostname,
        port=url.port or 5432,
        user=url.username,
        password=url.password,
        dbname="postgres",
        autocommit=True,
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def _world() -> tuple[object, list[object]]:
    from django.contrib.auth.models import Group

    from balai.accounts.models import Agency, GovernmentUnit, User
    from balai.accounts.services import staff_acting_from_command
    from balai.finance.models import Activity
    from balai.finance.services.budget import (
        budget_line_set,
        budget_version_approve,
        budget_version_create,
        item_get_or_create,
    )
    from balai.finance.services.codes import codes_load_all

    codes_load_all()
    unit = GovernmentUnit.objects.create(name="Pemerintah Kota Uji", level="city")
    agencies = [
        Agency.objects.create(
            unit=unit, code=f"opd-{n}", name=f"OPD Uji {n}", short_name=f"OPD {n}"
        )
        for n in range(9)
    ]
    keeper = User(email="bpkad.bench@balai.test", is_staff=True, agency=agencies[0])
    keeper.set_unusable_password()
    keeper.save()
    keeper.groups.add(Group.objects.get_or_create(name="finance_officer")[0])
    keeper = staff_acting_from_command(user=keeper, purpose="bench")
    subs = list(Activity.objects.filter(level=5).values_list("code", flat=True))
    accounts = [
        "5.1.02.01.01.0024",
        "5.1.02.02.01.0026",
        "5.2.04.01.01.0012",
        "5.1.02.04.01.0001",
    ]
    locations = ["32.73", "32.73.02"]
    items = [
        item_get_or_create(
            agency=agency,
            sub_activity_code=subs[(a * 3 + k) % len(subs)],
            account_code=accounts[k % 4],
            fund_code="PAD",
            location_code=locations[k // 4],
        )
        for a, agency in enumerate(agencies)
        for k in range(8)
    ]
    version = budget_version_create(actor=keeper, fiscal_year=YEAR, kind="murni")
    for item in items:
        budget_line_set(actor=keeper, version=version, item=item, amount=10**15)
    budget_version_approve(actor=keeper, version=version)
    return keeper, items


def _bulk_lines(items: list[object]) -> None:
    """Entries of two lines each (expense debit, cash credit), written in batches
    with their rollup cells (the posting service's upsert, summed per batch)."""
    from collections import defaultdict

    from django.db import connection, transaction

    from balai.finance.constants import CASH_ACCOUNT
    from balai.finance.models import Account
    from balai.finance.services.journal import _add_to_rollups, rollup_keys

    rng = random.Random(5)
    sqlite = connection.vendor == "sqlite"

    def u(value: uuid.UUID) -> object:  # how Django stores a UUID on each database
        return value.hex if sqlite else value

    cash = Account.objects.get(code=CASH_ACCOUNT).pk
    keys = {item.pk: rollup_keys(item, item.account.code) for item in items}
    entries_sql = (
        "INSERT INTO finance_journalentry (id, created_at, updated_at, fiscal_year, "
        "date, kind, description) VALUES (%s, %s, %s, %s, %s, %s, %s)"
    )
    lines_sql = (
        "INSERT INTO finance_journalline (entry_id, account_id, item_id, fiscal_year, "
        "month, debit, credit) VALUES (%s, %s, %s, %s, %s, %s, %s)"
    )
    now = dt.datetime.now(dt.UTC)
    total = LINES // 2
    done = 0
    while done < total:
        size = min(BATCH, total - done)
        entries, lines = [], []
        deltas: dict = defaultdict(Decimal)
        for _ in range(size):
            item = items[rng.randrange(len(items))]
            month = rng.randint(1, 12)
            amount = rng.randint(1, 5_000_000)
            pk = uuid.uuid4()
            when = dt.date(YEAR, month, 15)
            stamp = now.isoformat() if sqlite else now
            day = when.isoformat() if sqlite else when
            entries.append((u(pk), stamp, stamp, YEAR, day, "spending", "bench"))
            lines.append(
                (u(pk), u(item.account_id), u(item.pk), YEAR, month, amount, 0)
            )
            lines.append((u(pk), u(cash), None, YEAR, month, 0, amount))
            for dim, key in keys[item.pk]:
                deltas[(dim, key, YEAR, month)] += amount
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(entries_sql, entries)
            cursor.executemany(lines_sql, lines)
            _add_to_rollups(deltas)
        done += size
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _p95(step) -> float:
    for _ in range(3):
        step()
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        step()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.quantiles(times, n=20)[-1]


def run() -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="balai-bench-") as var_dir:
        _setup_django(var_dir)
        from django.db import connection

        from balai.finance.constants import Dimension
        from balai.finance.selectors import breakdown, realisation_cells
        from balai.finance.services.journal import spending_post

        keeper, items = _world()
        started = time.perf_counter()
        _bulk_lines(items)
        load = time.perf_counter() - started
        vendor = connection.vendor
        through = dt.date(YEAR, 12, 31)

        def rollup_agency() -> None:
            breakdown(year=YEAR, dimension=Dimension.AGENCY, through=through)

        def naive_agency() -> None:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT i.agency_id, SUM(l.debit - l.credit) "
                    "FROM finance_journalline l "
                    "JOIN finance_budgetitem i ON i.id = l.item_id "
                    "JOIN finance_account a ON a.id = l.account_id "
                    "WHERE l.fiscal_year = %s AND a.code LIKE '5%%' "
                    "GROUP BY i.agency_id",
                    [YEAR],
                )
                cursor.fetchall()

        one = items[0]

        def rollup_line() -> None:
            realisation_cells(dimension=Dimension.ITEM, year=YEAR, keys=[str(one.pk)])

        def naive_line() -> None:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT SUM(debit - credit) FROM finance_journalline "
                    "WHERE item_id = %s AND fiscal_year = %s",
                    [one.pk.hex if vendor == "sqlite" else one.pk, YEAR],
                )
                cursor.fetchall()

        rows = []
        for label, fast, slow in (
            ("spending by agency", rollup_agency, naive_agency),
            ("one line's realisation", rollup_line, naive_line),
        ):
            naive = _p95(slow)
            rolled = _p95(fast)
            rows.append(
                {
                    "name": f"{vendor} {LINES:,} lines: {label}, naive GROUP BY p95",
                    "value": round(naive, 1),
                    "unit": "ms",
                }
            )
            rows.append(
                {
                    "name": f"{vendor} {LINES:,} lines: {label}, rollups p95",
                    "value": round(rolled, 2),
                    "unit": "ms",
                    "ratio": round(naive / rolled, 1),
                    "target": 20.0,
                }
            )
        count, started = 0, time.perf_counter()
        while time.perf_counter() - started < 5:
            spending_post(
                actor=keeper,
                item=items[count % len(items)],
                amount=1000,
                date=dt.date(YEAR, 6, 1),
                document_number=f"SP2D/B/{count}",
                description="bench",
            )
            count += 1
        rows.append(
            {
                "name": f"{vendor} posting through spending_post",
                "unit": "entries/s",
                "value": round(count / (time.perf_counter() - started), 1),
            }
        )
        rows.append(
            {
                "name": f"{vendor} bulk load of {LINES:,} lines",
                "unit": "s",
                "value": round(load, 1),
            }
        )
        return rows
