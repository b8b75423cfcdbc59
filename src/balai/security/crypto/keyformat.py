# SPDX-License-Identifier: EUPL-1.2
"""The keyring's data and JSON format: validation with messages that never show keys.

``keyring.py`` loads, caches and saves it; this module only builds and checks it.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import re
import secrets
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

FORMAT_VERSION = 1
KEY_BYTES = 32
ENV_SOURCE = "BALAI_KEYRING"
_KEY_ID = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


class KeyringError(Exception):
    """An operation on the keyring cannot be done (e.g. it is read-only)."""


class Keyring:
    """An immutable set of keys; ``repr`` shows key ids only."""

    def __init__(
        self,
        *,
        active: str,
        keys: Mapping[str, bytes],
        index_key: bytes,
        audit_key: bytes,
        path: Path | None = None,
    ) -> None:
        self.active = active
        self.keys: Mapping[str, bytes] = MappingProxyType(dict(keys))
        self.index_key = index_key
        self.audit_key = audit_key
        self.path = path  # None when the ring came from BALAI_KEYRING
        self._aeads: dict[str, AESGCM] = {}

    def __repr__(self) -> str:
        return f"<Keyring active={self.active} keys={sorted(self.keys)}>"

    @property
    def source(self) -> str:
        return str(self.path) if self.path else ENV_SOURCE

    def aead(self, key_id: str) -> AESGCM:
        """The AES-256-GCM cipher for ``key_id`` (KeyError when it is not here)."""
        cipher = self._aeads.get(key_id)
        if cipher is None:
            cipher = self._aeads[key_id] = AESGCM(self.keys[key_id])
        return cipher

    def to_json(self) -> str:
        data = {
            "version": FORMAT_VERSION,
            "active": self.active,
            "keys": {kid: _b64(key) for kid, key in self.keys.items()},
            "index_key": _b64(self.index_key),
            "audit_key": _b64(self.audit_key),
        }
        return json.dumps(data, indent=2) + "\n"

    def with_new_active_key(self) -> Keyring:
        """A copy with a fresh random key that becomes the active one."""
        kid = new_key_id(self.keys)
        keys = {**self.keys, kid: secrets.token_bytes(KEY_BYTES)}
        return self._copy(active=kid, keys=keys)

    def without(self, key_ids: set[str]) -> Keyring:
        """A copy without ``key_ids``; the active key cannot be removed."""
        if self.active in key_ids:
            raise KeyringError(f"The active key {self.active} cannot be removed.")
        keys = {kid: key for kid, key in self.keys.items() if kid not in key_ids}
        return self._copy(active=self.active, keys=keys)

    def _copy(self, *, active: str, keys: Mapping[str, bytes]) -> Keyring:
        return Keyring(
            active=active,
            keys=keys,
            index_key=self.index_key,
            audit_key=self.audit_key,
            path=self.path,
        )


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii")


def new_key_id(existing: Mapping[str, Any]) -> str:
    """``k<yyyymmdd><letter>``, the first one not in ``existing``."""
    # UTC date: this also runs without Django settings (``crypto.init``).
    stem = f"k{dt.datetime.now(dt.UTC):%Y%m%d}"
    for suffix in "abcdefghijklmnopqrstuvwxyz":
        if stem + suffix not in existing:
            return stem + suffix
    return f"{stem}{secrets.token_hex(4)}"


def generate(path: Path | None = None) -> Keyring:
    """A new random keyring with one active key (to be saved at ``path``)."""
    kid = new_key_id({})
    return Keyring(
        active=kid,
        keys={kid: secrets.token_bytes(KEY_BYTES)},
        index_key=secrets.token_bytes(KEY_BYTES),
        audit_key=secrets.token_bytes(KEY_BYTES),
        path=path,
    )


# --- parsing and validation -----------------------------------------------------------


def invalid(origin: str, problem: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(f"The keyring in {origin} is not usable: {problem}")


def _decode_key(value: object, *, name: str, origin: str) -> bytes:
    if not isinstance(value, str) or not value.strip():
        raise invalid(origin, f"{name} must be a base64 string.")
    text = value.strip()
    text += "=" * (-len(text) % 4)
    try:
        raw = base64.b64decode(text, altchars=b"-_", validate=True)
    except (binascii.Error, ValueError):
        raise invalid(origin, f"{name} is not valid urlsafe base64.") from None
    if len(raw) != KEY_BYTES:
        problem = f"{name} must decode to {KEY_BYTES} bytes, not {len(raw)}."
        raise invalid(origin, problem)
    return raw


def _key_id(kid: object, origin: str) -> str:
    if not isinstance(kid, str) or not _KEY_ID.match(kid):
        # Not echoed: a misplaced key would otherwise end up in the message.
        raise invalid(origin, "key ids must be 1-40 letters, digits, '-' or '_'.")
    return kid


def parse(raw: str, *, origin: str, path: Path | None = None) -> Keyring:
    """Validate keyring JSON; ImproperlyConfigured names the first problem."""
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise invalid(origin, f"it is not valid JSON ({exc.msg} at {where}).") from None
    if not isinstance(data, dict):
        raise invalid(origin, "it must be a JSON object.")
    if data.get("version") != FORMAT_VERSION:
        raise invalid(origin, f'"version" must be {FORMAT_VERSION}.')
    keys = data.get("keys")
    if not isinstance(keys, dict) or not keys:
        raise invalid(origin, '"keys" must be an object with at least one key.')
    decoded = {
        _key_id(kid, origin): _decode_key(value, name=f"key {kid}", origin=origin)
        for kid, value in keys.items()
    }
    active = data.get("active")
    if not isinstance(active, str) or not active:
        raise invalid(origin, '"active" must name the key id that encrypts new data.')
    if active not in decoded:
        raise invalid(
            origin,
            f'the active key id "{_key_id(active, origin)}" is not among its "keys".',
        )
    index_key = _decode_key(data.get("index_key"), name="index_key", origin=origin)
    audit_key = _decode_key(data.get("audit_key"), name="audit_key", origin=origin)
    secrets_seen = [*decoded.values(), index_key, audit_key]
    if len(set(secrets_seen)) != len(secrets_seen):
        raise invalid(origin, "every key (data, index and audit keys) must differ.")
    return Keyring(
        active=active,
        keys=decoded,
        index_key=index_key,
        audit_key=audit_key,
        path=path,
    )
