# SPDX-License-Identifier: EUPL-1.2
"""Appends from many threads at once keep one valid, gap-free chain (PostgreSQL)."""

from __future__ import annotations

import threading

from django.db import connection, connections

import pytest

from balai.security.audit.verify import verify_chain
from balai.security.models import AuditEntry, AuditHead
from balai.security.tests.audit_support import officer, record_many

THREADS = 8
PER_THREAD = 25


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_keep_a_valid_chain():
    if connection.vendor != "postgresql":
        pytest.skip("row locks across connections are a PostgreSQL matter")
    barrier = threading.Barrier(THREADS)
    failures: list[BaseException] = []

    def append() -> None:
        try:
            barrier.wait(timeout=30)
            record_many(PER_THREAD, actor=officer(), seal=False)
        except BaseException as exc:  # reported to the main thread below
            failures.append(exc)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=append) for _ in range(THREADS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)

    assert not failures, failures
    total = THREADS * PER_THREAD
    # each writer's commit sealed what was pending (or left it to the one sealing)
    assert list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True)) == (
        list(range(1, total + 1))
    )
    assert AuditHead.objects.get().last_seq == total
    result = verify_chain()
    assert result.ok, result.reason
    assert (result.checked, result.unsealed) == (total, 0)
