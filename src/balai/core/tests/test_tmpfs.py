# SPDX-License-Identifier: EUPL-1.2
"""The test run's temporary folder in memory (balai.core.testing.tmpfs)."""

import os

import pytest

from balai.core.testing import tmpfs


@pytest.fixture(autouse=True)
def _any_free_space(monkeypatch):
    """The tests' own folder may have less than the 2 GB a run asks for."""
    monkeypatch.setattr(tmpfs, "MIN_FREE_BYTES", 0)


def test_a_private_folder_is_made_on_the_root(tmp_path):
    folder = tmpfs.memory_tmpdir(tmp_path)
    assert folder == tmp_path / f"balai-tests-{os.getuid()}"
    assert folder.is_dir() and (folder.stat().st_mode & 0o777) == 0o700
    assert tmpfs.memory_tmpdir(tmp_path) == folder  # the same folder next time


def test_no_folder_where_the_root_is_missing(tmp_path):
    assert tmpfs.memory_tmpdir(tmp_path / "missing") is None


def test_a_folder_others_may_enter_is_not_used(tmp_path):
    folder = tmp_path / f"balai-tests-{os.getuid()}"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    assert tmpfs.memory_tmpdir(tmp_path) is None


def test_a_link_in_place_of_the_folder_is_not_followed(tmp_path):
    target = tmp_path / "elsewhere"
    target.mkdir(mode=0o700)
    (tmp_path / f"balai-tests-{os.getuid()}").symlink_to(target)
    assert tmpfs.memory_tmpdir(tmp_path) is None


def test_a_root_short_of_space_is_not_used(tmp_path, monkeypatch):
    monkeypatch.setattr(tmpfs, "MIN_FREE_BYTES", 2**62)
    assert tmpfs.memory_tmpdir(tmp_path) is None


def test_the_callers_tmpdir_is_kept(tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    assert tmpfs.use_memory_tmpdir() is None
    assert os.environ["TMPDIR"] == str(tmp_path)


def test_var_dirs_of_gone_processes_are_removed(tmp_path):
    import subprocess
    import sys

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    stale = tmp_path / f"balai-test-var-{gone.stdout.strip()}-abc"
    (stale / "sub").mkdir(parents=True)
    (stale / "sub" / "balai.sqlite3").write_bytes(b"x")
    alive = tmp_path / f"balai-test-var-{os.getpid()}-def"
    alive.mkdir()
    unrelated = tmp_path / "balai-test-var-old-style"
    unrelated.mkdir()
    assert tmpfs.remove_stale_var_dirs(tmp_path) == [stale]
    assert not stale.exists() and alive.exists() and unrelated.exists()
