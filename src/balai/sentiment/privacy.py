# SPDX-License-Identifier: EUPL-1.2
"""Authors are never stored: only a keyed hash of the platform and handle.

HMAC-SHA256 with the keyring's index key (the same secret that makes the register's
blind indexes), so the hash cannot be reversed by hashing guessed handles without the
key, yet one author's posts still group together for de-duplication. Balai keeps no
profile of an author: no view lists posts by author, and the hash is never shown.
"""

from __future__ import annotations

from balai.security.crypto.blind import blind_index
from balai.sentiment.constants import AUTHOR_CONTEXT


def _handle(value: str) -> str:
    return value.strip().lstrip("@").lower()


def pseudonymise(handle: str | None, *, platform: str = "") -> str:
    """64 hex digits for a handle on a platform; "" for no handle."""
    handle = _handle(handle or "")
    if not handle:
        return ""
    digest = blind_index(
        f"{platform.strip().lower()}:{handle}",
        context=AUTHOR_CONTEXT,
        normaliser=lambda value: value,
    )
    return digest or ""
