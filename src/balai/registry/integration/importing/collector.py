# SPDX-License-Identifier: EUPL-1.2
"""The cyclic garbage collector during an import: collected far less often.

An import allocates tens of thousands of containers per block (each row's values,
findings and parameters, the unpickled chunks) and keeps large ones alive for the
whole import (memos of up to 200,000 values per field, the regions table). With
Python's default thresholds (a young collection every 700 allocations, older ones
every 10) the collector walks those again and again: measured on the BPJS bench
file, normalising a block cost ≈ 22 µs a row with the defaults and ≈ 12 µs with
``THRESHOLDS``, unpickling a prepared chunk ≈ 7 against ≈ 1.5 µs, making each row's
original text ≈ 7 against ≈ 2.5 µs (docs/import.md, "Throughput"). Nothing of an
import relies on when cycles are freed, and it makes few: reference counting frees
almost everything as before; the collector still runs, every ``THRESHOLDS[0]``
allocations.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

THRESHOLDS = (100_000, 50, 100)  # (young, middle, old), as ``gc.set_threshold``


@contextmanager
def fewer_collections() -> Iterator[None]:
    """``THRESHOLDS`` meanwhile (the importer's process: the caller's thresholds are
    put back after, even on an error; never lowered if the caller's are higher)."""
    before = gc.get_threshold()
    gc.set_threshold(*(max(a, b) for a, b in zip(THRESHOLDS, before, strict=True)))
    try:
        yield
    finally:
        gc.set_threshold(*before)


def for_a_worker() -> None:
    """An import worker's process, once set up: what it has built so far (Django,
    the rules' tables) moved out of the collector's sight (``gc.freeze``), and
    ``THRESHOLDS`` for the rest of its life (it does nothing else)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
