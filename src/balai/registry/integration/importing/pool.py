# SPDX-License-Identifier: EUPL-1.2
"""Preparing chunks (normalising, sealing, column values) beside the importer.

The importer reads block after block and writes each chunk in one transaction, in
order, from its own process (the one writer). Everything between — the column-wise
rules, encryption and blind indexes, each column's database value (``chunks.
ChunkMaker``) — is plain CPU work on one block, so it runs in worker processes
meanwhile: ``ChunkPool.submit`` hands a block (and its villages, answered by the
importer: the workers have no database) to the pool and returns a future; the
importer writes chunk *k* once its future is done, while the workers prepare
*k + 1* … and it reads the next block.

Workers are started with ``spawn`` (no copy of the importer's database connections
or threads) and set Django up without opening a connection; they receive the
keyring in their initialiser, through the pipe to their parent, never on a command
line or on disk. With ``workers=0`` everything is prepared inline (tests, small
files, one CPU).
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor

from django.conf import settings

from balai.registry.integration.importing.chunks import ChunkMaker, Prepared
from balai.registry.integration.importing.columnar import Block
from balai.registry.integration.importing.worker import (
    WorkerSetup,
    prepare_in_worker,
    start_worker,
)
from balai.security.crypto.keyring import keyring

POOL_FROM_BYTES = 16 << 20  # files from ~100,000 rows are prepared in a pool
MAX_WORKERS = 4
AHEAD_PER_WORKER = 2  # blocks in flight per worker before the oldest is written


def auto_workers(file_bytes: int) -> int:
    """Workers for a file: none below ``POOL_FROM_BYTES`` or on one CPU, else as many
    as the CPUs this process may use, at most 4. The importer mostly waits for them
    (it reads and writes, ≈ 35–40 µs of CPU a row against the workers' ≈ 90 in all),
    so it needs no CPU of its own: on 2 CPUs two workers staged the bench file's
    200,000 rows faster than one (docs/import.md, "Throughput")."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    if cpus < 2 or file_bytes < POOL_FROM_BYTES:
        return 0
    return min(cpus, MAX_WORKERS)


def _settings_module() -> str:
    """The settings module a worker sets Django up with (under overridden settings,
    as in tests, ``settings.SETTINGS_MODULE`` is None: the environment's then)."""
    return (
        getattr(settings, "SETTINGS_MODULE", None)
        or os.environ.get("DJANGO_SETTINGS_MODULE")
        or "balai.settings"
    )


class ChunkPool:
    """``maker`` for blocks, inline (``workers=0``) or in a pool of processes
    (each with a maker of ``setup``'s import)."""

    def __init__(
        self, workers: int, maker: ChunkMaker, setup: WorkerSetup | None
    ) -> None:
        self.workers = workers if setup is not None else 0
        self.maker = maker
        self.pool: ProcessPoolExecutor | None = None
        if self.workers > 0 and setup is not None:
            self.pool = ProcessPoolExecutor(
                max_workers=workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=start_worker,
                initargs=(os.getpid(), keyring().to_json(), _settings_module(), setup),
            )

    @property
    def ahead(self) -> int:
        """Chunks that may be in flight before the oldest must be written."""
        return self.workers * AHEAD_PER_WORKER

    def submit(self, block: Block) -> Future[Prepared]:
        if self.pool is not None:
            places = self.maker.normalise.places_known(block)
            return self.pool.submit(prepare_in_worker, block, places)
        done: Future[Prepared] = Future()
        done.set_result(self.maker(block))
        return done

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
