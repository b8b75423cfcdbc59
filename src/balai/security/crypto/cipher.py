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
    """``encrypt`` for a column of values: one key lookup, one draw of nonces, one
    base64 encoding.

    Each value still gets its own fresh 12-byte nonce (cut from one ``os.urandom``
    read) and its own AEAD call; an empty text gives "" as the encrypted fields store
    it. The tokens' payloads are encoded together (``_payloads``): the same text as
    ``encrypt``'s per-value ``urlsafe_b64encode`` without padding.
    """
    ring = _ring(ring)
    aead = ring.aead(ring.active).encrypt
    prefix = f"{VERSION}:{ring.active}:"
    aad = context.encode("utf-8")
    nonces = os.urandom(NONCE_BYTES * len(plaintexts))
    blobs: list[bytes] = []
    append = blobs.append
    start = 0
    for text in plaintexts:
        if text:
            nonce = nonces[start : start + NONCE_BYTES]
            append(nonce + aead(nonce, text.encode("utf-8"), aad))
        else:
            append(b"")
        start += NONCE_BYTES
    return [prefix + payload if payload else "" for payload in _payloads(blobs)]


_PAD = (b"", b"\x00\x00", b"\x00")  # by length % 3: zeros to a whole base64 group
_URLSAFE = bytes.maketrans(b"+/", b"-_")


def _payloads(blobs: list[bytes]) -> list[str]:
    """``urlsafe_b64encode(blob).rstrip(b"=")`` of each blob, as text, in one call.

    Base64 turns every 3 bytes into 4 characters on their own: a blob zero-padded to
    a multiple of 3 bytes encodes to its own text followed by the padding's, and the
    blobs so padded and joined encode to their texts joined. Each text is then cut
    out of the whole: the first ``ceil(4 * len / 3)`` characters of its groups (what
    is left once ``=`` is stripped; the zero bytes' characters are dropped)."""
    pad = _PAD
    padded = [part for blob in blobs for part in (blob, pad[len(blob) % 3])]
    text = (
        binascii.b2a_base64(b"".join(padded), newline=False)
        .translate(_URLSAFE)
        .decode("ascii")
    )
    out: list[str] = []
    append = out.append
    start = 0
    for blob in blobs:
        size = len(blob)
        append(text[start : start + (4 * size + 2) // 3])
        start += (size + 2) // 3 * 4
    return out


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
