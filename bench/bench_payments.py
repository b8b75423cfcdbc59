# SPDX-License-Identifier: EUPL-1.2
"""Payments and local taxes: the PBB-P2 assessment run and webhook settlement.

1. ``assessment_run`` over N PBB-P2 objects (``BALAI_BENCH_TAX_OBJECTS``, default
   50,000, 500,000 with ``make bench-full``; objects are bulk-inserted first, NIK
   and name encrypted as in service):
   objects per second and the process's peak memory growth during the run (the run
   walks the objects in batches, so memory must not grow with N).
2. Signed webhook settlements per second through the real endpoint in-process
   (Django test Client, SQLite): each POST settles a fresh order — signature check,
   idempotency row, row lock, order update, outbox row, audit entry, the payable's
   ``payment_settled`` delivery — as a ratio to a trivial POST on the same stack
   (the webhook of an unknown provider: 404 before any database work). Receipt
   signing is left out (a background task in service). A repeated webhook (the
   idempotent path) is measured too.
"""

from __future__ import annotations

import os
import resource
import tempfile
import time
from decimal import Decimal
from typing import Any

TIMEOUT_SECONDS = 1800
OBJECTS = int(
    os.environ.get(
        "BALAI_BENCH_TAX_OBJECTS",
        "500000" if os.environ.get("BALAI_BENCH_FULL") else "50000",
    )
)
SETTLEMENTS = int(os.environ.get("BALAI_BENCH_SETTLEMENTS", "300"))
TRIVIAL = int(os.environ.get("BALAI_BENCH_TRIVIAL", "1000"))


def _setup_django(var_dir: str) -> None:
    os.environ["BALAI_VAR_DIR"] = var_dir
    os.environ.pop("BALAI_DATABASE_URL", None)
    os.environ.pop("BALAI_KEYRING", None)
    os.environ["BALAI_KEYRING_FILE"] = os.path.join(var_dir, "keyring.json")
    os.environ.setdefault("BALAI_ENV", "test")
    os.environ["BALAI_LOG_LEVEL"] = "ERROR"
    os.environ["BALAI_RATELIMIT"] = "false"
    os.environ["DJANGO_SETTINGS_MODULE"] = "balai.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def _objects(count: int) -> None:
    from balai.tax.models import TaxObject

    batch: list[Any] = []
    for serial in range(count):
        block, number = divmod(serial, 9999)
        batch.append(
            TaxObject(
                nop=f"3273010001{block + 1:03d}{number + 1:04d}0"[:18]
                if block < 999
                else f"32730{block:05d}{number + 1:04d}0"[:18],
                address="Jl. Bench",
                land_area=100 + serial % 400,
                land_value_m2=Decimal(1_000_000 + (serial % 50) * 100_000),
                building_area=serial % 250,
                building_value_m2=Decimal(1_500_000),
                taxpayer_nik=f"3273{serial:012d}",
                taxpayer_name="Wajib Pajak Bench",
            )
        )
        if len(batch) == 5000:
            TaxObject.objects.bulk_create(batch)
            batch = []
    if batch:
        TaxObject.objects.bulk_create(batch)


def _assessment() -> list[dict]:
    from balai.tax import services

    started = time.perf_counter()
    _objects(OBJECTS)
    insert_seconds = time.perf_counter() - started
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    result = services.assessment_run(year=2026)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if result.created != OBJECTS:
        raise SystemExit(f"assessment made {result.created} bills for {OBJECTS}")
    started = time.perf_counter()
    again = services.assessment_run(year=2026)
    rerun = time.perf_counter() - started
    if again.created != OBJECTS:
        raise SystemExit("a re-run must not add bills")
    return [
        {
            "name": f"insert {OBJECTS} PBB objects (setup)",
            "value": round(OBJECTS / insert_seconds),
            "unit": "objects/s",
        },
        {
            "name": f"assessment run, {OBJECTS} objects",
            "value": round(OBJECTS / seconds),
            "unit": "objects/s",
        },
        {
            "name": "assessment run, peak memory growth",
            "value": round((after - before) / 1024, 1),
            "unit": "MiB",
        },
        {
            "name": "assessment re-run (idempotent, nothing new)",
            "value": round(OBJECTS / rerun),
            "unit": "objects/s",
        },
    ]


def _settlement() -> list[dict]:
    import json

    from django.test import Client
    from django.utils import timezone

    from balai.core.payables import payment_settled, register_payable_kind
    from balai.payments import services
    from balai.payments.backends.simulator import HEADER, sign

    payment_settled.disconnect(dispatch_uid="balai.cases.documents.receipts")
    settled: list[str] = []
    register_payable_kind("BENCH", lambda s: settled.append(s.reference))
    orders = [
        services.order_create(
            reference=f"BENCH-{n}", amount=150000, description="bench"
        )
        for n in range(SETTLEMENTS)
    ]
    header = "HTTP_" + HEADER.upper().replace("-", "_")

    def body(order: Any) -> bytes:
        return json.dumps(
            {
                "event_id": f"E-{order.pk}",
                "order_id": str(order.pk),
                "status": "settled",
                "amount": "150000",
                "transaction_id": f"T-{order.pk}",
                "occurred_at": timezone.now().isoformat(),
            }
        ).encode()

    client = Client(HTTP_HOST="localhost")
    url = "/api/v1/payments/webhooks/simulator/"
    bodies = [body(order) for order in orders]
    for _n in range(20):  # warm up: imports, URL resolver, first queries
        client.post(
            "/api/v1/payments/webhooks/nobank/",
            data=b"{}",
            content_type="application/json",
        )
    warm = services.order_create(reference="BENCH-warm", amount=150000, description="w")
    data = body(warm)
    client.post(
        url,
        data=data,
        content_type="application/json",
        **{header: sign(data, timestamp=int(time.time()))},
    )
    settled.clear()
    started = time.perf_counter()
    for data in bodies:
        stamp = int(time.time())
        response = client.post(
            url,
            data=data,
            content_type="application/json",
            **{header: sign(data, timestamp=stamp)},
        )
        if response.status_code != 200:
            raise SystemExit(f"settlement answered {response.status_code}")
    settle_rate = SETTLEMENTS / (time.perf_counter() - started)
    if len(settled) != SETTLEMENTS:
        raise SystemExit(f"{len(settled)} payables settled of {SETTLEMENTS}")
    started = time.perf_counter()
    for data in bodies:
        client.post(
            url,
            data=data,
            content_type="application/json",
            **{header: sign(data, timestamp=int(time.time()))},
        )
    duplicate_rate = SETTLEMENTS / (time.perf_counter() - started)
    if len(settled) != SETTLEMENTS:
        raise SystemExit("a duplicate webhook settled again")
    started = time.perf_counter()
    for _n in range(TRIVIAL):
        client.post(
            "/api/v1/payments/webhooks/nobank/",
            data=b"{}",
            content_type="application/json",
        )
    trivial_rate = TRIVIAL / (time.perf_counter() - started)
    return [
        {
            "name": "trivial POST (unknown provider, 404)",
            "value": round(trivial_rate, 1),
            "unit": "req/s",
            "ratio": 1.0,
        },
        {
            "name": "signed webhook, settles a fresh order",
            "value": round(settle_rate, 1),
            "unit": "settlements/s",
            "ratio": round(settle_rate / trivial_rate, 3),
        },
        {
            "name": "the same webhook again (idempotent)",
            "value": round(duplicate_rate, 1),
            "unit": "req/s",
            "ratio": round(duplicate_rate / trivial_rate, 3),
        },
    ]


def run() -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="balai-bench-payments-") as var_dir:
        _setup_django(var_dir)
        rows = _settlement()
        rows += _assessment()
        return rows


if __name__ == "__main__":
    for item in run():
        print(item)
