# SPDX-License-Identifier: EUPL-1.2
"""A test run keeps its temporary files in memory where the machine offers it.

Loaded first of all (``-p balai.core.testing.tmpfs`` in ``pyproject.toml``), before
pytest-django imports the settings: when ``TMPDIR`` is not set and ``/dev/shm`` is a
writable memory file system with room to spare, the run's temporary directory becomes
``/dev/shm/balai-tests-<uid>``. Everything a test process puts in a temporary place
lands there: each worker's ``VAR_DIR`` with its SQLite test database (``settings``),
each test's media, outbox and keyring folder (the root ``conftest``), pytest's own
``tmp_path`` folders, and the files of the subprocesses the suite starts, which
inherit ``TMPDIR``.

Why: on these machines ``/tmp`` is ext4 mounted with ``discard``, where removing a
file or a folder costs a disk trim. pytest removes the folders of the run before last
but two when a run ends, in the main process after every test has finished: after a
full run (≈ 5,500 folders of one test each, plus their files) that took 5–25 s of a
developer's repeated ``make test``, and every SQLite commit of a transactional test
pays an ``fsync``, which memory does not.

A test process whose ``atexit`` handlers never ran (an xdist worker ended by its
controller, a killed run) leaves its ``VAR_DIR`` behind; in memory that would add up
run after run, so each run first removes the ``balai-test-var-<pid>-*`` folders of
processes that no longer exist (:func:`remove_stale_var_dirs`).

``TMPDIR`` set by the caller is kept as it is (``TMPDIR=/tmp make test`` runs on
disk), and so is a machine without ``/dev/shm`` or with less than 2 GB free there.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
from pathlib import Path

SHARED_MEMORY = Path("/dev/shm")  # noqa: S108 (a private 0700 folder, checked below)
MIN_FREE_BYTES = 2 * 1024**3


def memory_tmpdir(root: Path = SHARED_MEMORY) -> Path | None:
    """A private folder for this user's test runs on ``root``, or ``None`` when
    ``root`` is missing, read-only, short of space or the folder is not safely ours."""
    try:
        stats = os.statvfs(root)
    except OSError:
        return None
    if stats.f_bavail * stats.f_frsize < MIN_FREE_BYTES:
        return None
    if not os.access(root, os.W_OK | os.X_OK):
        return None
    folder = root / f"balai-tests-{os.getuid()}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        info = folder.lstat()
    except OSError:
        return None
    # /dev/shm is writable by everyone: use the folder only if it is a real folder
    # of ours that nobody else can enter
    if (
        not stat.S_ISDIR(info.st_mode)
        or info.st_uid != os.getuid()
        or stat.S_IMODE(info.st_mode) & 0o077
    ):
        return None
    return folder


VAR_DIR_NAME = re.compile(r"balai-test-var-(\d+)-")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def remove_stale_var_dirs(folder: Path) -> list[Path]:
    """Remove the test ``VAR_DIR`` folders in ``folder`` whose process is gone;
    the folders removed."""
    removed = []
    for path in folder.glob("balai-test-var-*"):
        match = VAR_DIR_NAME.match(path.name)
        if match and path.is_dir() and not _alive(int(match.group(1))):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def use_memory_tmpdir() -> Path | None:
    """Point ``TMPDIR`` (and ``tempfile``) at :func:`memory_tmpdir` unless the
    caller chose a temporary directory; the folder used, if any."""
    if os.environ.get("TMPDIR"):
        return None
    folder = memory_tmpdir()
    if folder is None:
        return None
    os.environ["TMPDIR"] = str(folder)
    tempfile.tempdir = None  # gettempdir() reads TMPDIR again
    remove_stale_var_dirs(folder)
    return folder


use_memory_tmpdir()
