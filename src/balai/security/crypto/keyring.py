# SPDX-License-Identifier: EUPL-1.2
"""The keyring: data keys, the blind-index key and the audit key; never in the database.

It comes from ``BALAI_KEYRING`` (a JSON string) or ``BALAI_KEYRING_FILE`` (a path;
``<VAR_DIR>/keyring.json`` by default outside production)::

    {"version": 1, "active": "k20261128a",
     "keys": {"k20261128a": "<urlsafe base64 of 32 random bytes>"},
     "index_key": "<b64 of 32 bytes>", "audit_key": "<b64 of 32 bytes>"}

Outside production a missing keyring file is generated (mode 0600) and announced; in
production it is a configuration error. Messages name the problem, never key material.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver

from balai.security.crypto.files import create_private_file, replace_private_file
from balai.security.crypto.keyformat import (
    ENV_SOURCE,
    FORMAT_VERSION,
    KEY_BYTES,
    Keyring,
    KeyringError,
    generate,
    invalid,
    new_key_id,
    parse,
)

__all__ = [
    "FORMAT_VERSION",
    "KEY_BYTES",
    "Keyring",
    "KeyringError",
    "generate",
    "keyring",
    "load",
    "new_key_id",
    "parse",
    "reset_cache",
    "save",
]

logger = logging.getLogger(__name__)


# --- loading --------------------------------------------------------------------------


def _read_file(path: Path) -> Keyring:
    origin = f"BALAI_KEYRING_FILE ({path})"
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise invalid(origin, f"it cannot be read ({exc.strerror}).") from None
    if path.stat().st_mode & 0o077:
        logger.warning(
            "security.keyring_permissions path=%s: readable by other users; "
            "run chmod 600 on it.",
            path,
        )
    return parse(raw, origin=origin, path=path)


def _generate_file(path: Path) -> Keyring:
    ring = generate(path)
    if not create_private_file(path, ring.to_json()):
        return _read_file(path)  # another process generated it first
    logger.warning(
        "Generated a development keyring at %s. Keep it: data encrypted with it "
        "cannot be read without it. Production needs BALAI_KEYRING or "
        "BALAI_KEYRING_FILE.",
        path,
    )
    return ring


def load() -> Keyring:
    """Read (or, outside production, generate) the configured keyring, uncached."""
    inline = getattr(settings, "KEYRING", "") or ""
    if inline.strip():
        return parse(inline, origin=ENV_SOURCE)
    file_setting = getattr(settings, "KEYRING_FILE", "") or ""
    production = getattr(settings, "PRODUCTION", False)
    if not file_setting:
        raise ImproperlyConfigured(
            "No keyring is configured: set BALAI_KEYRING (JSON) or "
            "BALAI_KEYRING_FILE (path); see docs/security.md."
        )
    path = Path(file_setting)
    if path.exists():
        return _read_file(path)
    if production:
        raise ImproperlyConfigured(
            f"The keyring file {path} (BALAI_KEYRING_FILE) does not exist. Production "
            "never generates keys: restore the keyring or set BALAI_KEYRING."
        )
    return _generate_file(path)


_lock = threading.Lock()
_cached: Keyring | None = None


def keyring() -> Keyring:
    """The process-wide keyring, loaded on first use."""
    global _cached
    ring = _cached
    if ring is None:
        with _lock:
            if _cached is None:
                _cached = load()
            ring = _cached
    return ring


def install(ring: Keyring) -> None:
    """Use ``ring`` as this process's keyring without loading one: for a worker
    process its parent sends the keyring to (an import worker, through its pipe),
    before Django's set-up would read or, outside production, generate one."""
    global _cached
    with _lock:
        _cached = ring


def reset_cache() -> None:
    """Forget the loaded keyring (after rotation, or when tests change settings)."""
    global _cached
    with _lock:
        _cached = None


def save(ring: Keyring) -> None:
    """Write ``ring`` to its file atomically; a ring from BALAI_KEYRING is read-only."""
    if ring.path is None:
        raise KeyringError(
            "The keyring comes from BALAI_KEYRING, which Balai cannot change: "
            "supply the new keyring yourself (add a key, make it active), restart, "
            "then run `balai keys rotate --resume`."
        )
    replace_private_file(ring.path, ring.to_json())
    reset_cache()


@receiver(setting_changed)
def _keyring_setting_changed(*, setting: str, **kwargs: Any) -> None:
    if setting in {"KEYRING", "KEYRING_FILE", "PRODUCTION"}:
        reset_cache()
