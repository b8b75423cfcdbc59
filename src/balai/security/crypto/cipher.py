# SPDX-License-Identifier: EUPL-1.2
"""AES-256-GCM tokens with the key id inside: ``v1:<kid>:<urlsafe-b64(nonce|ct|tag)>``.

The associated data is a context string (``"accounts.User.nik"``): a token copied into
another column does not decrypt there. Each encryption draws a fresh 12-byte nonce.
"""

from __future__ import annotations

import base64
import binascii
import os
from collections.abc import Callable

from cryptography.exceptions import InvalidTag

from balai.security.crypto.keyring import Keyring, keyring

VERSION = "v1"
NONCE_BYTES = 12
TAG_BYTES = 16


class DecryptionError(ValueError):
    """A token is malformed, from an unknown key, tampered with or from elsewhere."""


def _ring(ring: Keyring | None) -> Keyring:
    return ring if ring is not None else keyring()


def _unb64(text: str) -> bytes:
    return base64.b64decode(
        text + "=" * (-len(text) % 4), altchars=b"-_", validate=True
    )


def _split(token: str) -> tuple[str, bytes]:
    if not isinstance(token, str):
        raise DecryptionError("An encrypted value must be a text token.")
    version, sep, rest = token.partition(":")
    kid, sep2, payload = rest.partition(":")
    if version != VERSION or not sep or not sep2 or not kid:
        raise DecryptionError("This is not a Balai encryption token (v1:<kid>:...).")
    try:
        blob = _unb64(payload)
    except (binascii.Error, ValueError):
        raise DecryptionError("The token's payload is not valid base64.") from None
    if len(blob) < NONCE_BYTES + TAG_BYTES:
        raise DecryptionError("The token is too short to be AES-GCM ciphertext.")
    return kid, blob


def is_token(value: object) -> bool:
    """Does ``value`` look like a token (cheap check, no decryption)?"""
    return isinstance(value, str) and value.startswith(VERSION + ":")


def key_id_of(token: str) -> str:
    """The id of the key that encrypted ``token``."""
    kid, _blob = _split(token)
    return kid


def encrypt(plaintext: str, context: str, *, ring: Keyring | None = None) -> str:
    """Encrypt ``plaintext`` under the active key, bound to ``context``."""
    ring = _ring(ring)
    nonce = os.urandom(NONCE_BYTES)
    sealed = ring.aead(ring.active).encrypt(
        nonce, plaintext.encode("utf-8"), context.encode("utf-8")
    )
    payload = base64.urlsafe_b64encode(nonce + sealed).rstrip(b"=").decode("ascii")
    return f"{VERSION}:{ring.active}:{payload}"


def encrypt_many(
    plaintexts: list[str], context: str, *, ring: Keyring | None = None
) -> list[str]:
    """``encrypt`` for a column of values: one key lookup, one draw of nonces.

    Each value still gets its own fresh 12-byte nonce (cut from one ``os.urandom``
    read), its own AEAD call and its own base64 text; an empty text gives "" as the
    encrypted fields store it. What ``encrypt`` then does to each text (the URL-safe
    alphabet, no padding, ASCII to ``str``) is done to a group of them at once:
    joined by newlines (never in base64), translated with the padding deleted in
    one ``bytes.translate``, decoded and split — the same tokens. Groups of about
    ``_GROUP_BYTES`` stay in the CPU's cache (a whole column of long texts did not).
    """
    ring = _ring(ring)
    aead = ring.aead(ring.active).encrypt
    prefix = f"{VERSION}:{ring.active}:"
    aad = context.encode("utf-8")
    nonces = os.urandom(NONCE_BYTES * len(plaintexts))
    b64 = binascii.b2a_base64
    longest = max(map(len, plaintexts[:16]), default=0)
    group = max(16, _GROUP_BYTES // (longest + NONCE_BYTES + TAG_BYTES))
    out: list[str] = []
    start = 0
    for first in range(0, len(plaintexts), group):
        encoded: list[bytes] = []
        append = encoded.append
        for text in plaintexts[first : first + group]:
            if text:
                nonce = nonces[start : start + NONCE_BYTES]
                sealed = nonce + aead(nonce, text.encode("utf-8"), aad)
                append(b64(sealed, newline=False))
            else:
                append(b"")
            start += NONCE_BYTES
        texts = b"\n".join(encoded).translate(_URLSAFE, b"=").decode("ascii")
        out += [prefix + text if text else "" for text in texts.split("\n")]
    return out


_GROUP_BYTES = 8192  # plaintext bytes of a group of ``encrypt_many``'s texts
_URLSAFE = bytes.maketrans(b"+/", b"-_")


def decrypt(token: str, context: str, *, ring: Keyring | None = None) -> str:
    """The plaintext of ``token`` (any key of the ring); DecryptionError otherwise."""
    ring = _ring(ring)
    kid, blob = _split(token)
    if kid not in ring.keys:
        raise DecryptionError(
            f"The keyring has no key {kid!r} (needed for {context}): restore the "
            "keyring that holds it."
        )
    try:
        plain = ring.aead(kid).decrypt(
            blob[:NONCE_BYTES], blob[NONCE_BYTES:], context.encode("utf-8")
        )
    except InvalidTag:
        raise DecryptionError(
            f"A value of {context} failed authentication: it was altered, or it "
            "belongs to another column."
        ) from None
    return plain.decode("utf-8")


def decrypt_many(
    tokens: list[str | None], context: str, *, ring: Keyring | None = None
) -> list[str | None]:
    """``decrypt`` for a column of values: each key's cipher looked up once, the
    payloads decoded with ``binascii`` directly; None stays None and "" stays "" (as
    the encrypted fields store an empty text). Any token the fast path cannot open
    goes through ``decrypt``, so a bad token raises the same ``DecryptionError``."""
    ring = _ring(ring)
    ciphers: dict[str, Callable[[bytes, bytes, bytes | None], bytes]] = {}
    aad = context.encode("utf-8")
    a2b = binascii.a2b_base64
    standard = bytes.maketrans(b"-_", b"+/")  # bytes.translate: a table, no dict
    out: list[str | None] = []
    append = out.append
    for token in tokens:
        if not token:
            append(token)
            continue
        try:
            version, kid, payload = token.split(":")
            opener = ciphers.get(kid)
            if opener is None:
                opener = ciphers[kid] = ring.aead(kid).decrypt
            if version != VERSION:
                raise ValueError(version)
            blob = a2b(
                payload.encode("ascii").translate(standard)
                + b"=" * (-len(payload) % 4),
                strict_mode=True,
            )
            if len(blob) < NONCE_BYTES + TAG_BYTES:
                raise ValueError("short")
            plain = opener(blob[:NONCE_BYTES], blob[NONCE_BYTES:], aad)
        except (ValueError, KeyError, TypeError, AttributeError, InvalidTag):
            # (UnicodeEncodeError is a ValueError)
            append(decrypt(token, context, ring=ring))  # raises the precise error
            continue
        append(plain.decode("utf-8"))
    return out


def reencrypt(token: str, context: str, *, ring: Keyring | None = None) -> str:
    """``token`` under the active key (unchanged when it already is)."""
    ring = _ring(ring)
    if key_id_of(token) == ring.active:
        return token
    return encrypt(decrypt(token, context, ring=ring), context, ring=ring)
