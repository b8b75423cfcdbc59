# SPDX-License-Identifier: EUPL-1.2
"""Private files: atomic writes (mode 0600), and files encrypted at rest.

``create_private_file``/``replace_private_file``: a reader sees the old or the new
file (the keyring file). ``encrypt_stream``/``decrypt_stream``: the format of files
encrypted with the keyring (``balai.core.storage.PrivateFileStorage``).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import IO, Any


def _write_temp(directory: Path, text: str) -> Path:
    """Write ``text`` to a fresh 0600 file in ``directory`` and flush it to disk."""
    directory.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=".keyring-", suffix=".tmp", dir=directory)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise
    return Path(name)


def _sync_directory(directory: Path) -> None:
    with contextlib.suppress(OSError):  # not every platform can fsync a directory
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def create_private_file(path: Path, text: str) -> bool:
    """Create ``path`` with ``text`` unless it exists; False when it already did."""
    temp = _write_temp(path.parent, text)
    try:
        os.link(temp, path)  # fails if another process created the file first
    except FileExistsError:
        return False
    except OSError:  # no hard links here: exclusive create, then rename over it
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            return False
        os.replace(temp, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)
    _sync_directory(path.parent)
    return True


def replace_private_file(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` in one step (rename over the old file)."""
    temp = _write_temp(path.parent, text)
    try:
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    _sync_directory(path.parent)


# --- files encrypted at rest ----------------------------------------------------------
#
# A private file (an uploaded document, a report photo, an issued PDF) is stored as
#   MAGIC | len(kid) | kid | 7-byte nonce prefix | chunk | chunk | ...
# each chunk AES-256-GCM over at most 64 KiB, nonce = prefix | counter (4 bytes) |
# last-chunk flag (1 byte), associated data = the header (the STREAM construction):
# chunks cannot be altered, reordered, dropped or the file truncated unnoticed.

FILE_MAGIC = b"BALAIF1\n"
FILE_CONTEXT = b"balai.private-file"
CHUNK_BYTES = 64 * 1024
_TAG = 16


class FileDecryptionError(ValueError):
    """An encrypted file is damaged, truncated, or its key is not in the keyring."""


def is_encrypted_file(head: bytes) -> bool:
    return head.startswith(FILE_MAGIC)


def file_key_id(head: bytes) -> str | None:
    """The key id in an encrypted file's first bytes; None for a plaintext file."""
    if not is_encrypted_file(head) or len(head) < len(FILE_MAGIC) + 1:
        return None
    size = head[len(FILE_MAGIC)]
    kid = head[len(FILE_MAGIC) + 1 : len(FILE_MAGIC) + 1 + size]
    return kid.decode("ascii", "replace") if len(kid) == size else None


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    return prefix + counter.to_bytes(4, "big") + (b"\x01" if last else b"\x00")


def encrypt_stream(source: IO[bytes], target: IO[bytes], *, ring: Any = None) -> None:
    """Encrypt ``source`` into ``target`` under the keyring's active key."""
    from balai.security.crypto.keyring import keyring

    ring = ring or keyring()
    kid = ring.active.encode("ascii")
    prefix = os.urandom(7)
    header = FILE_MAGIC + bytes([len(kid)]) + kid + prefix
    aead = ring.aead(ring.active)
    target.write(header)
    counter = 0
    chunk = source.read(CHUNK_BYTES)
    while True:
        following = source.read(CHUNK_BYTES) if len(chunk) == CHUNK_BYTES else b""
        last = not following
        target.write(
            aead.encrypt(_nonce(prefix, counter, last), chunk, FILE_CONTEXT + header)
        )
        if last:
            return
        counter += 1
        chunk = following


def decrypt_stream(source: IO[bytes], target: IO[bytes], *, ring: Any = None) -> None:
    """Decrypt ``source`` (written by ``encrypt_stream``) into ``target``."""
    from cryptography.exceptions import InvalidTag

    from balai.security.crypto.keyring import keyring

    ring = ring or keyring()
    magic = source.read(len(FILE_MAGIC) + 1)
    if not is_encrypted_file(magic):
        raise FileDecryptionError("Not an encrypted Balai file.")
    kid = source.read(magic[-1])
    prefix = source.read(7)
    kid_text = kid.decode("ascii", "replace")
    if kid_text not in ring.keys:
        raise FileDecryptionError(
            f"The keyring has no key {kid_text!r}: restore the keyring that holds it."
        )
    header = magic + kid + prefix
    aead = ring.aead(kid_text)
    counter = 0
    sealed = source.read(CHUNK_BYTES + _TAG)
    while True:
        following = source.read(CHUNK_BYTES + _TAG)
        last = not following
        try:
            target.write(
                aead.decrypt(
                    _nonce(prefix, counter, last), sealed, FILE_CONTEXT + header
                )
            )
        except InvalidTag:
            raise FileDecryptionError(
                "An encrypted file failed authentication: altered or truncated."
            ) from None
        if last:
            return
        counter += 1
        sealed = following
