# SPDX-License-Identifier: EUPL-1.2
"""``balai worker`` on the database task backend, with heartbeats and dead-worker
recovery.

django-tasks-db claims a task (``SELECT … FOR UPDATE SKIP LOCKED``, status RUNNING)
exactly once; a worker killed while running it would leave it RUNNING forever. Here
every worker beats its heart (``WorkerHeartbeat``) every ``TASK_LEASE_SECONDS / 4``
from a thread of its own, and before each claim looks for RUNNING tasks whose last
worker's heart stopped more than ``TASK_LEASE_SECONDS`` ago: such a task goes back to
READY (it runs again) while it has had fewer than ``TASK_MAX_ATTEMPTS`` workers, and
is marked FAILED otherwise (a task that kills its worker must not kill them all).
Tasks must therefore be idempotent: their effect commits in one transaction, keyed so
a second run finds it done (``canary`` is the example).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from balai.core.models import TaskCanary, WorkerHeartbeat
from balai.core.tasks import task

logger = logging.getLogger("balai.worker")


def new_worker_id() -> str:
    host = socket.gethostname()[:30]
    return f"{host}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


def beat(worker_id: str, *, started_at: Any = None) -> None:
    now = timezone.now()
    updated = WorkerHeartbeat.objects.filter(worker_id=worker_id).update(beat_at=now)
    if not updated:
        WorkerHeartbeat.objects.update_or_create(
            worker_id=worker_id,
            defaults={
                "hostname": socket.gethostname()[:255],
                "pid": os.getpid(),
                "started_at": started_at or now,
                "beat_at": now,
            },
        )


def recover_orphans(*, lease_seconds: int, max_attempts: int) -> tuple[int, int]:
    """Requeue (or fail) RUNNING tasks whose worker's heart stopped; returns the
    numbers requeued and failed."""
    cutoff = timezone.now() - timedelta(seconds=lease_seconds)
    alive = set(
        WorkerHeartbeat.objects.filter(beat_at__gte=cutoff).values_list(
            "worker_id", flat=True
        )
    )
    requeued = failed = 0
    with transaction.atomic():
        running = DBTaskResult.objects.select_for_update(skip_locked=True).filter(
            status="RUNNING", started_at__lt=cutoff
        )
        for result in running:
            last = result.worker_ids[-1] if result.worker_ids else ""
            if last in alive:
                continue
            if len(result.worker_ids) < max_attempts:
                result.status = "READY"
                result.started_at = None
                result.save(update_fields=["status", "started_at"])
                requeued += 1
                logger.warning(
                    "task_requeued id=%s task=%s dead_worker=%s attempt=%d",
                    result.id,
                    result.task_path,
                    last,
                    len(result.worker_ids) + 1,
                )
            else:
                result.status = "FAILED"
                result.finished_at = timezone.now()
                result.exception_class_path = "balai.core.workers.WorkerLost"
                result.traceback = (
                    f"The worker running this task died {len(result.worker_ids)} "
                    "times; not retried again."
                )
                result.save(
                    update_fields=[
                        "status",
                        "finished_at",
                        "exception_class_path",
                        "traceback",
                    ]
                )
                failed += 1
                logger.error(
                    "task_failed_worker_lost id=%s task=%s attempts=%d",
                    result.id,
                    result.task_path,
                    len(result.worker_ids),
                )
    stale = timezone.now() - timedelta(days=1)
    WorkerHeartbeat.objects.filter(beat_at__lt=stale).delete()
    return requeued, failed


class WorkerLost(RuntimeError):
    """The worker running a task died (recorded on the failed task)."""


class _Heart(threading.Thread):
    """Beats the worker's heart and hands dead workers' tasks back, every interval."""

    def __init__(self, worker_id: str, *, lease: int, max_attempts: int) -> None:
        super().__init__(name="balai-worker-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.lease = lease
        self.max_attempts = max_attempts
        self.interval = max(1.0, lease / 4)
        self.stopped = threading.Event()
        self.started_at = timezone.now()

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                close_old_connections()
                beat(self.worker_id, started_at=self.started_at)
                recover_orphans(
                    lease_seconds=self.lease, max_attempts=self.max_attempts
                )
            except Exception:  # the database may be away for a moment
                logger.warning("worker_heartbeat_failed worker=%s", self.worker_id)
                connection.close()
            self.stopped.wait(self.interval)
        connection.close()


class BalaiWorker(Worker):
    """django-tasks-db's worker with a heart: see the module's docstring."""

    def run(self) -> None:
        heart = _Heart(
            self.worker_id,
            lease=int(settings.TASK_LEASE_SECONDS),
            max_attempts=int(settings.TASK_MAX_ATTEMPTS),
        )
        beat(self.worker_id, started_at=heart.started_at)
        recover_orphans(lease_seconds=heart.lease, max_attempts=heart.max_attempts)
        if self.batch:  # one pass over what is queued: no thread needed
            try:
                super().run()
            finally:
                WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
            return
        heart.start()
        try:
            super().run()
        finally:
            heart.stopped.set()
            heart.join(timeout=5)
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()


# --- canary ---------------------------------------------------------------------------


@task()
def canary(key: str, sleep_seconds: float = 0.0) -> int:
    """An idempotent task for operators and the production check.

    It waits ``sleep_seconds`` (a long task), then in one transaction records its run
    under ``key``. A run killed before the commit leaves nothing; the effect (the row)
    exists once whatever happens, and ``runs`` counts completed runs, so a task
    claimed twice would show ``runs == 2``."""
    if sleep_seconds:
        time.sleep(sleep_seconds)
    with transaction.atomic():
        row, _created = TaskCanary.objects.select_for_update().get_or_create(key=key)
        row.runs += 1
        row.done_at = timezone.now()
        row.worker_id = os.environ.get("BALAI_WORKER_ID", "")[:64]
        row.save()
    return row.runs
