# SPDX-License-Identifier: EUPL-1.2
"""DuckDB connections for the engine: bounded threads, spill to a private temp dir.

The machine that runs linkage also serves the site, so the engine takes a fixed number
of threads (``BALAI_LINKAGE_THREADS``, default 2) and a memory limit
(``BALAI_LINKAGE_MEMORY``, e.g. "4GB"; unset: ``run_memory`` for a ``link`` run,
DuckDB's default elsewhere); beyond it DuckDB spills to a temporary directory
under the system temp dir, removed when the connection closes. Django settings
of the same names (without ``BALAI_``) win when Django is configured.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

import duckdb


def _setting(name: str, default: str | None) -> str | None:
    try:
        from django.conf import settings

        if settings.configured and hasattr(settings, name):
            value = getattr(settings, name)
            return None if value in (None, "") else str(value)
    except ImportError:  # pragma: no cover - Django is always installed here
        pass
    return os.environ.get(f"BALAI_{name}", default)


MEMORY_FLOOR_MB = 256
MEMORY_PER_RECORD_KB = 1.8


def run_memory(records: int) -> str:
    """DuckDB's memory limit for a link run on ``records`` records when none is set:
    1.8 KB a record, at least ``MEMORY_FLOOR_MB`` (352 MB at 200,000 records).

    Under DuckDB's own default (80% of RAM) a 200,000-record link held up to 550 MB
    in its buffers; within 300-450 MB it spills what it must at the same speed
    (docs/linkage.md). The independent generator's 200,000 records ran out of
    memory under 293 MB and not under 350 MB: a run that does is repeated
    without a limit (``engine.link``)."""
    return f"{max(MEMORY_FLOOR_MB, round(records * MEMORY_PER_RECORD_KB / 1024))}MB"


def out_of_memory(exc: BaseException) -> bool:
    """Whether DuckDB ran out of its memory limit anywhere in ``exc``'s chain (Splink
    wraps DuckDB's errors in its own)."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, duckdb.OutOfMemoryException):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


@contextmanager
def connection(*, memory: str | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A fresh in-memory connection, closed (and its spill files removed) afterwards.

    ``memory``: DuckDB's memory limit when ``LINKAGE_MEMORY`` is not set (None:
    DuckDB's default)."""
    spill = tempfile.mkdtemp(prefix="balai-linkage-")
    threads = int(_setting("LINKAGE_THREADS", "2") or 2)
    config = {"threads": max(1, threads), "temp_directory": spill}
    memory = _setting("LINKAGE_MEMORY", None) or memory
    if memory:
        config["memory_limit"] = memory
    con = duckdb.connect(":memory:", config=config)
    try:
        con.execute("SET enable_progress_bar = false")
        con.execute("SET preserve_insertion_order = false")
        yield con
    finally:
        con.close()
        shutil.rmtree(spill, ignore_errors=True)
