# SPDX-License-Identifier: EUPL-1.2
"""Encrypting a chunk's values and computing its blind indexes from plain data.

``bulk.seal_jobs`` turns rows into jobs (each encrypted field's plaintexts, each
blind index's source texts); ``seal`` turns jobs into database values, with the
active keyring or the one an import worker was given (``chunks.start_worker``).
"""

from __future__ import annotations

from typing import Any

from balai.security.crypto.blind import blind_indexes
from balai.security.crypto.cipher import encrypt_many
from balai.security.crypto.keyformat import Keyring

# (attname, "cipher" or "index", context, blind index normaliser, plaintexts)
SealJob = tuple[str, str, str, str | None, list[str | None]]
Sealed = list[dict[str, list[Any]]]  # per model of a chunk: attname → values


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
        present = [text for text in texts if text is not None]
        tokens = iter(encrypt_many(present, context, ring=ring))
        out[attname] = [None if text is None else next(tokens) for text in texts]
    return out
