# SPDX-License-Identifier: EUPL-1.2
"""Decrypting a batch's staged records for linkage in bulk: per column, per chunk.

``staged_frame`` reads the ciphertext of a chunk of rows (``CHUNK`` rows) and hands
each encrypted column of it to ``Decryptor.submit``, which decrypts it inline
(``decrypt_many``: one key lookup per column, no model field per value) or, for a
batch of at least ``POOL_FROM_RECORDS`` records, in a pool of processes sized to the
CPUs, while the parent reads the next chunk. At most ``ahead`` chunks are in flight,
so the ciphertext held at once stays a few chunks whatever the batch's size.

The workers run ``importing.sealing``'s ``unseal_in_worker`` (started with
``spawn``, no Django, no database connection): they receive the parent's keyring —
the one ``keyring()`` loaded from the settings — in their initialiser, through the
pool's pipe, never on a command line or on disk, and end when the parent is gone.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor

from balai.registry.integration.importing.sealing import (
    UnsealJob,
    start_worker,
    unseal,
    unseal_in_worker,
)
from balai.security.crypto.keyring import keyring

CHUNK = 20_000  # rows per chunk read from the database and decrypted per column
# Below this many records a pool costs more (starting the workers, pickling the
# tokens and the plaintexts) than it saves on the shared 2-CPU machine: at 20,000 and
# 200,000 records it was 2.6 s and 1.6 s slower than inline (docs/linkage.md)
POOL_FROM_RECORDS = 500_000
MAX_WORKERS = 4


def auto_workers(records: int) -> int:
    """Workers for a batch: none below ``POOL_FROM_RECORDS`` or on one CPU, else one
    per CPU this process may use (the parent mostly waits for them), at most 4."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    if cpus < 2 or records < POOL_FROM_RECORDS:
        return 0
    return min(cpus, MAX_WORKERS)


class Decryptor:
    """``unseal`` for columns, inline (``workers=0``) or in a pool of processes."""

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
        """Chunks that may be in flight before the oldest is collected."""
        return self.workers + 1 if self.pool is not None else 1

    def submit(self, job: UnsealJob) -> Future[list[str | None]]:
        if self.pool is not None:
            return self.pool.submit(unseal_in_worker, job)
        done: Future[list[str | None]] = Future()
        done.set_result(unseal(job))
        return done

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def __enter__(self) -> Decryptor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
