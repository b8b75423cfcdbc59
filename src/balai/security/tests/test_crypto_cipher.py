# SPDX-License-Identifier: EUPL-1.2
"""AES-256-GCM tokens and keyed blind indexes."""

from __future__ import annotations

import base64

import pytest

from balai.security.crypto.blind import blind_index, resolve_normaliser
from balai.security.crypto.cipher import (
    DecryptionError,
    decrypt,
    encrypt,
    encrypt_many,
    is_token,
    key_id_of,
    reencrypt,
)
from balai.security.crypto.keyring import Keyring, generate, keyring

CONTEXT = "accounts.User.nik"
URLSAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def test_roundtrip_keeps_unicode_and_empty_text():
    for text in ["3273011205900001", "Siti Rahmawati-Ñuñez 李", "", "a" * 5000]:
        assert decrypt(encrypt(text, CONTEXT), CONTEXT) == text


def test_token_names_its_key_and_hides_the_plaintext():
    token = encrypt("3273011205900001", CONTEXT)
    version, kid, payload = token.split(":")
    assert (version, kid) == ("v1", keyring().active)
    assert key_id_of(token) == keyring().active
    assert is_token(token)
    assert "3273011205900001" not in token
    blob = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    assert len(blob) == 12 + len("3273011205900001") + 16  # nonce | ct | tag


def test_each_encryption_draws_a_fresh_nonce():
    assert encrypt("same", CONTEXT) != encrypt("same", CONTEXT)


def test_encrypt_many_is_encrypt_for_each_value_with_its_own_nonce():
    texts = ["3273011205900001", "", "Siti Rahmawati-Ñuñez 李", "same", "same"]
    tokens = encrypt_many(texts, CONTEXT)
    assert tokens[1] == ""  # empty stays empty, as the encrypted fields store it
    assert [decrypt(t, CONTEXT) for t in tokens if t] == [t for t in texts if t]
    assert all(key_id_of(t) == keyring().active for t in tokens if t)
    assert tokens[3] != tokens[4]
    nonces = {
        base64.urlsafe_b64decode(t.split(":")[2] + "==")[:12] for t in tokens if t
    }
    assert len(nonces) == 4
    # the same token form as ``encrypt``: URL-safe base64 without padding
    for text, token in zip(texts, tokens, strict=True):
        if text:
            assert len(token) == len(encrypt(text, CONTEXT))
            assert set(token.split(":")[2]) <= set(URLSAFE)
    with pytest.raises(DecryptionError):
        decrypt(tokens[0], "accounts.User.kk_number")
    assert encrypt_many([], CONTEXT) == []


def test_wrong_context_fails():
    token = encrypt("3273011205900001", CONTEXT)
    with pytest.raises(DecryptionError, match="another column"):
        decrypt(token, "accounts.User.phone")


@pytest.mark.parametrize("position", [0, 5, 20, -1])
def test_tampered_token_fails(position):
    token = encrypt("3273011205900001", CONTEXT)
    head, payload = token.rsplit(":", 1)
    blob = bytearray(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    blob[position] ^= 0x01
    forged = f"{head}:{base64.urlsafe_b64encode(bytes(blob)).decode().rstrip('=')}"
    with pytest.raises(DecryptionError, match="altered"):
        decrypt(forged, CONTEXT)


@pytest.mark.parametrize(
    "token", ["", "plain text", "v2:k1:abcd", "v1::abcd", "v1:k1:!!!", "v1:k1:YWJj"]
)
def test_malformed_tokens_fail_clearly(token):
    with pytest.raises(DecryptionError):
        decrypt(token, CONTEXT)


def test_token_of_an_unknown_key_names_the_key_only():
    spare = generate()
    other = Keyring(
        active="kother",
        keys={"kother": spare.keys[spare.active]},
        index_key=spare.index_key,
        audit_key=spare.audit_key,
    )
    token = encrypt("3273011205900001", CONTEXT, ring=other)
    with pytest.raises(DecryptionError, match="kother") as excinfo:
        decrypt(token, CONTEXT)
    assert "3273011205900001" not in str(excinfo.value)


def test_any_key_of_the_ring_decrypts_and_reencrypt_moves_to_the_active_key():
    ring = keyring()
    old = encrypt("Siti", CONTEXT, ring=ring)
    rotated = ring.with_new_active_key()
    assert decrypt(old, CONTEXT, ring=rotated) == "Siti"
    moved = reencrypt(old, CONTEXT, ring=rotated)
    assert key_id_of(moved) == rotated.active != ring.active
    assert decrypt(moved, CONTEXT, ring=rotated) == "Siti"
    assert reencrypt(moved, CONTEXT, ring=rotated) == moved  # never twice


def test_blind_index_is_keyed_deterministic_and_bound_to_its_context():
    first = blind_index("3273011205900001", context=CONTEXT)
    assert first == blind_index("3273011205900001", context=CONTEXT)
    assert len(first) == 64 and int(first, 16) >= 0
    assert first != blind_index("3273011205900001", context="registry.Resident.nik")
    assert first != blind_index("3273011205900001", context=CONTEXT, ring=generate())


def test_blind_index_uses_the_index_key_not_an_encryption_key():
    import hashlib
    import hmac

    ring = keyring()
    message = CONTEXT.encode() + b"\x00" + b"3273011205900001"
    expected = hmac.new(ring.index_key, message, hashlib.sha256).hexdigest()
    assert blind_index("3273011205900001", context=CONTEXT) == expected
    for key in ring.keys.values():
        assert hmac.new(key, message, hashlib.sha256).hexdigest() != expected


def test_normalisers_make_spellings_meet():
    phone = "balai.accounts.identifiers.normalise_phone"
    index = blind_index("+6281234567890", context="c", normaliser=phone)
    assert blind_index("0812-3456-7890", context="c", normaliser=phone) == index
    assert blind_index("not a phone", context="c", normaliser=phone) is None
    assert blind_index(" A@B.id ", context="c", normaliser="lower") == blind_index(
        "a@b.id", context="c", normaliser="lower"
    )
    assert resolve_normaliser("digits")("32.73.01 120590 0001") == "3273011205900001"
    assert blind_index("", context="c") is None
    assert blind_index(None, context="c") is None


def _per_value_tokens(texts, context, ring, nonces):
    """The reference: each value as ``encrypt`` makes it, with the given nonces."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    aead = AESGCM(ring.keys[ring.active])
    out = []
    for index, text in enumerate(texts):
        if not text:
            out.append("")
            continue
        nonce = nonces[12 * index : 12 * index + 12]
        blob = nonce + aead.encrypt(nonce, text.encode(), context.encode())
        payload = base64.urlsafe_b64encode(blob).rstrip(b"=").decode("ascii")
        out.append(f"v1:{ring.active}:{payload}")
    return out


def test_encrypt_many_encodes_a_column_exactly_as_encrypt_encodes_each_value(
    monkeypatch,
):
    """The column's payloads are base64-encoded in one call: byte for byte the
    per-value tokens, for every length modulo 3 (each padding case), Unicode,
    empty values at any place, and columns of one value or none."""
    from balai.security.crypto import cipher

    ring = keyring()
    texts = [
        *("x" * size for size in range(0, 64)),
        "",
        "Siti Rahmawati-Ñuñez 李",
        "3273011205900001",
        "",
        "ä" * 301,
        "\U0001f600" * 7,
    ]
    for column in (texts, texts[::-1], texts[1:2], ["", ""], []):
        nonces = bytes(range(256)) * (len(column) * 12 // 256 + 1)
        monkeypatch.setattr(cipher.os, "urandom", lambda count, n=nonces: n[:count])
        tokens = encrypt_many(column, CONTEXT, ring=ring)
        assert tokens == _per_value_tokens(column, CONTEXT, ring, nonces)
    monkeypatch.undo()
    assert [
        decrypt(t, CONTEXT) if t else "" for t in encrypt_many(texts, CONTEXT)
    ] == texts
