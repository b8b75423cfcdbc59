# SPDX-License-Identifier: EUPL-1.2
"""Atomic writes of private files (mode 0600): a reader sees the old or the new file."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


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
