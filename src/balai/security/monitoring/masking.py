# SPDX-License-Identifier: EUPL-1.2
"""Keyed digests of what someone typed as a username, for grouping security events.

The masked hint of a username is ``balai.security.masking.mask_identifier`` (the
project's one mask). ``username_digest`` is a keyed HMAC of the normalised value:
equal for the same account however it was written (phone numbers through
``balai.core.phones``), useless without the keyring's index key.
"""

from __future__ import annotations

from balai.core.phones import normalise_phone
from balai.security.crypto.blind import blind_index

_DIGEST_CONTEXT = "security.monitoring.username"


def _normalise(value: str) -> str:
    text = value.strip().lower()
    if "@" in text:
        return text
    # One account, however its number is written: 0812…, 62812…, +62812….
    return normalise_phone(text) or text


def username_digest(value: str | None) -> str:
    """Keyed digest of the normalised username ("" for none), for grouping."""
    text = (value or "").strip()
    if not text or "***" in text:
        return ""
    return blind_index(text, context=_DIGEST_CONTEXT, normaliser=_normalise) or ""
