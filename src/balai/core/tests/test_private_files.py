# SPDX-License-Identifier: EUPL-1.2
"""Private files are encrypted at rest with the keyring, rotation included (#10)."""

from __future__ import annotations

import io
from io import StringIO
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.management import call_command

import pytest

from balai.core.storage import (
    PLAINTEXT,
    private_file_keys,
    private_storage,
)
from balai.security.crypto import files
from balai.security.crypto.keyformat import Keyring
from balai.security.crypto.keyring import keyring

SECRET = b"NIK 3273015208900007, Nur Aini, lahir 1990-08-12\n" * 3000  # > 64 KiB


def _raw(name: str) -> bytes:
    return (Path(private_storage().base_location) / name).read_bytes()


def test_files_are_encrypted_on_disk_and_read_back_whole(settings):
    name = private_storage().save("cases/x/dokumen.pdf", ContentFile(SECRET))
    raw = _raw(name)
    assert raw.startswith(files.FILE_MAGIC)
    assert b"3273015208900007" not in raw and b"Nur Aini" not in raw
    with private_storage().open(name) as handle:
        assert handle.read() == SECRET
    assert private_storage().size(name) == len(SECRET)


@pytest.mark.parametrize("damage", ["flip", "truncate", "drop_chunk"])
def test_altered_or_truncated_files_fail_to_decrypt(damage):
    name = private_storage().save("x/y.bin", ContentFile(SECRET))
    path = Path(private_storage().base_location) / name
    raw = bytearray(path.read_bytes())
    if damage == "flip":
        raw[200] ^= 1
    elif damage == "truncate":
        raw = raw[: len(raw) - 10]
    else:  # cut off the whole last chunk: the new last one is not marked last
        header = len(files.FILE_MAGIC) + 1 + raw[len(files.FILE_MAGIC)] + 7
        chunk = files.CHUNK_BYTES + 16
        raw = raw[: header + chunk * ((len(raw) - header) // chunk)]
    path.write_bytes(bytes(raw))
    with pytest.raises(files.FileDecryptionError):
        private_storage().open(name)


def test_empty_and_chunk_sized_files_round_trip():
    for content in (b"", b"a" * files.CHUNK_BYTES, b"b" * (files.CHUNK_BYTES * 2 + 1)):
        name = private_storage().save("x/z.bin", ContentFile(content))
        with private_storage().open(name) as handle:
            assert handle.read() == content


@pytest.mark.django_db
def test_keys_rotate_re_encrypts_files_and_retire_keeps_their_key():
    first = private_storage().save("r/a.bin", ContentFile(SECRET))
    legacy = Path(private_storage().base_location) / "r" / "legacy.pdf"
    legacy.write_bytes(b"%PDF-1.4 written before encryption")  # read as is
    with private_storage().open("r/legacy.pdf") as handle:
        assert handle.read().startswith(b"%PDF-1.4")
    old_key = keyring().active
    assert private_file_keys() == {old_key: 1, PLAINTEXT: 1}

    out = StringIO()
    call_command("keys", "rotate", "--no-progress", stdout=out, stderr=StringIO())
    new_key = keyring().active
    assert new_key != old_key
    assert "private files" in out.getvalue()
    assert private_file_keys() == {new_key: 2}
    assert files.file_key_id(_raw(first)) == new_key
    with private_storage().open(first) as handle:
        assert handle.read() == SECRET
    assert not _raw("r/legacy.pdf").startswith(b"%PDF")
    call_command("keys", "retire", stdout=StringIO())
    assert set(keyring().keys) == {new_key}


@pytest.mark.django_db
def test_retire_keeps_a_key_that_only_files_still_use():
    private_storage().save("k/a.bin", ContentFile(b"data"))
    old_key = keyring().active
    call_command(
        "keys", "rotate", "--no-progress", stdout=StringIO(), stderr=StringIO()
    )
    # a file written meanwhile by a process that still had the old keyring
    Path(private_storage().base_location, "k", "old.bin").write_bytes(
        _encrypted_with(old_key, b"old")
    )
    call_command("keys", "retire", stdout=StringIO())
    assert old_key in keyring().keys
    status = StringIO()
    call_command("keys", "status", stdout=status, stderr=StringIO())
    assert f"private files: {old_key}=1" in status.getvalue()


def _encrypted_with(kid: str, data: bytes) -> bytes:
    current = keyring()
    ring = Keyring(
        active=kid,
        keys=current.keys,
        index_key=current.index_key,
        audit_key=current.audit_key,
    )
    out = io.BytesIO()
    files.encrypt_stream(io.BytesIO(data), out, ring=ring)
    return out.getvalue()
