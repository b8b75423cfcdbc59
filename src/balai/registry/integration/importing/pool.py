# SPDX-License-Identifier: EUPL-1.2
"""Sealing chunks (encryption and blind indexes) beside the importer, in processes.

The importer reads and normalises block after block and writes each chunk in one
transaction, in order, from its own process (the one writer). Encrypting the chunk's
values and computing its blind indexes (``bulk.seal``) is plain CPU work on plain
data, so it can run in worker processes meanwhile: ``Sealer.submit`` hands a chunk
to the pool and returns a future; the importer writes chunk *k* once its future is
done, while the workers seal *k + 1* … and it normalises the next block.

Workers are started with ``spawn`` (no copy of the importer's database connections
or threads) and import only the cipher code (``sealing``, no Django models); they
receive the keyring in their initialiser, through the pipe to their parent, never on
a command line or on disk.
With ``workers=0`` everything is sealed inline (tests, small files, one CPU).
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor

from balai.registry.integration.importing.sealing import (
    Sealed,
    SealJob,
    seal,
    seal_in_worker,
    start_worker,
)
from balai.security.crypto.keyring import keyring

POOL_FROM_BYTES = 16 << 20  # files from ~100,000 rows are sealed in a pool
MAX_WORKERS = 4


def auto_workers(file_bytes: int) -> int:
    """Workers for a file: none below ``POOL_FROM_BYTES`` or on one CPU, else one
    fewer than the CPUs this process may use (the importer keeps one), at most 4."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    if cpus < 2 or file_bytes < POOL_FROM_BYTES:
        return 0
    return min(cpus - 1, MAX_WORKERS)


class Sealer:
    """``seal`` for chunks, inline (``workers=0``) or in a pool of processes."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.pool: ProcessPoolExecutor | None = None
        if workers > 0:
            self.pool = ProcessPoolExecutor(
                max_workers=workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=start_worker,
                initargs=(keyring().to_json(),),
            )

    @property
    def ahead(self) -> int:
        """Chunks that may be in flight before the oldest must be written."""
        return self.workers

    def submit(self, jobs: list[list[SealJob]]) -> Future[Sealed]:
        if self.pool is not None:
            return self.pool.submit(seal_in_worker, jobs)
        done: Future[Sealed] = Future()
        done.set_result([seal(one) for one in jobs])
        return done

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
