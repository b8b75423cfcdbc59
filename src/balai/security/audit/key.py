# SPDX-License-Identifier: EUPL-1.2
"""The audit chain's HMAC key, taken from the keyring (never from the database)."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

MIN_KEY_BYTES = 32


def audit_key() -> bytes:
    """The keyring's audit key; a missing keyring or key is a configuration error.

    Imported lazily so that the audit code loads even where the keyring is not set up,
    and fails with a clear message only when an entry is written or verified.
    """
    try:
        from balai.security.crypto.keyring import keyring
    except ImportError as exc:
        raise ImproperlyConfigured(
            "The audit log needs the keyring (balai.security.crypto.keyring), "
            "which could not be imported."
        ) from exc
    key = getattr(keyring(), "audit_key", None)
    if not isinstance(key, bytes | bytearray) or len(key) < MIN_KEY_BYTES:
        raise ImproperlyConfigured(
            "The keyring holds no usable audit key (at least "
            f"{MIN_KEY_BYTES} random bytes); see docs/security.md."
        )
    return bytes(key)
