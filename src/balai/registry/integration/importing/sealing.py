# SPDX-License-Identifier: EUPL-1.2
"""Encrypting a chunk's values and computing its blind indexes from plain data, and
decrypting columns of staged records for linkage.

``bulk.seal_jobs`` turns rows into jobs (each encrypted field's plaintexts, each
blind index's source texts); ``seal`` turns jobs into database values, with the
active keyring or the one an import worker was given (``importing.worker``).
``unseal`` turns one column's tokens back into plaintexts (``services/decrypting``);
its pool's workers do not set Django up: this module imports only the cipher code,
and ``start_worker`` gives a decrypting worker the parent's keyring.
"""

from __future__ import annotations

import os
import threading
import time
from typing import Any

from balai.security.crypto.blind import blind_indexes
from balai.security.crypto.cipher import decrypt_many, encrypt_many
from balai.security.crypto.keyformat import Keyring, parse

# (attname, "cipher" or "index", context, blind index normaliser, plaintexts)
SealJob = tuple[str, str, str, str | None, list[str | None]]
Sealed = list[dict[str, list[Any]]]  # per model of a chunk: attname → values
# (context, tokens) of one encrypted column of a chunk of rows
UnsealJob = tuple[str, list[str | None]]

_RING: Keyring | None = None
PARENT_POLL_SECONDS = 0.5


def seal(jobs: list[SealJob], ring: Keyring | None = None) -> dict[str, list[Any]]:
    """The database values of ``seal_jobs``' columns: each encrypted column in one
    ``encrypt_many`` call, each blind index column by ``blind_indexes`` (the active
    keyring, or ``ring`` in an import worker)."""
    out: dict[str, list[Any]] = {}
    for attname, kind, context, normaliser, texts in jobs:
        if kind == "index":
            out[attname] = blind_indexes(
                texts, context=context, normaliser=normaliser, ring=ring
            )
            continue
        if None not in texts:  # (the usual column: every row has a text)
            out[attname] = encrypt_many(texts, context, ring=ring)  # type: ignore[arg-type]
            continue
        present = [text for text in texts if text is not None]
        tokens = iter(encrypt_many(present, context, ring=ring))
        out[attname] = [None if text is None else next(tokens) for text in texts]
    return out


def start_worker(ring_json: str) -> None:
    """A decrypting worker's initialiser: the parent's keyring (by pipe), and a
    watch that ends the worker when the parent is gone (killed with SIGKILL, it
    cannot shut its pool down; the worker would wait forever)."""
    global _RING
    _RING = parse(ring_json, origin="decrypting worker")
    parent = os.getppid()
    threading.Thread(target=_watch, args=(parent,), daemon=True).start()


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_POLL_SECONDS)
    os._exit(1)  # the parent is gone: nothing will collect this worker's results


def unseal(job: UnsealJob, ring: Keyring | None = None) -> list[str | None]:
    """One column's plaintexts as the linkage frames hold them: stripped, a blank or
    missing value None (the active keyring, or ``ring`` in a worker)."""
    context, tokens = job
    return [
        (text.strip() or None) if text else None
        for text in decrypt_many(tokens, context, ring=ring)
    ]


def unseal_in_worker(job: UnsealJob) -> list[str | None]:
    """``unseal`` with the worker's keyring (a worker started by ``start_worker``)."""
    if _RING is None:
        raise RuntimeError("unseal_in_worker runs only in a started worker")
    return unseal(job, _RING)
