# SPDX-License-Identifier: EUPL-1.2
"""DuckDB connections for the engine: bounded threads, spill to a private temp dir.

The machine that runs linkage also serves the site, so the engine takes a fixed number
of threads (``BALAI_LINKAGE_THREADS``, default 2) and may be given a memory limit
(``BALAI_LINKAGE_MEMORY``, e.g. "4GB"); beyond it DuckDB spills to a temporary
directory under the system temp dir, removed when the connection closes. Django settings
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


@contextmanager
def connection() -> Iterator[duckdb.DuckDBPyConnection]:
    """A fresh in-memory connection, closed (and its spill files removed) afterwards."""
    spill = tempfile.mkdtemp(prefix="balai-linkage-")
    threads = int(_setting("LINKAGE_THREADS", "2") or 2)
    config = {"threads": max(1, threads), "temp_directory": spill}
    memory = _setting("LINKAGE_MEMORY", None)
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
