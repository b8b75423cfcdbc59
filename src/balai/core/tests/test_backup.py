# SPDX-License-Identifier: EUPL-1.2
"""``balai backup`` / ``balai restore``: a seeded system round-trips (issue #20).

Runs on the suite's database, SQLite or PostgreSQL (``make test-pg``): residents and a
family from the register, reports with encrypted photos, staff and citizens, and the
audit entries all of that wrote. After the backup the system is wiped (``flush``,
MEDIA_ROOT removed), restored, and every table's row count, every file's bytes and
the audit chain are checked.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from django.conf import settings
from django.core.management import CommandError, call_command

import pytest

from balai.accounts.tests.factories import UserFactory
from balai.core.backup import MANIFEST, table_counts
from balai.core.storage import private_storage
from balai.security.audit import seal_pending
from balai.security.audit.verify import verify_chain

pytestmark = pytest.mark.django_db(transaction=True)


def _seed() -> None:
    from balai.registry.tests.factories import couple, register_officer, registered
    from balai.reports.tests.factories import submitted, upload

    officer = register_officer()
    _husband, _wife, family = couple(officer)
    registered(officer, family=family, full_name="Putri Pratama")
    for _ in range(3):
        UserFactory()
    submitted(photos=[upload()])
    submitted(photos=[upload(), upload()], description="Lampu jalan mati")
    seal_pending()


def _files(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _wipe() -> None:
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


def test_a_seeded_system_round_trips(sample_regions, tmp_path, capsys):
    _seed()
    media = Path(settings.MEDIA_ROOT)
    counts = table_counts()
    files = _files(media)
    assert counts["registry_resident"] == 3
    assert len([name for name in files if name.startswith("private/")]) >= 3
    entries = counts["security_auditentry"]
    assert entries > 5

    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    manifest = json.loads((backup / MANIFEST).read_text())
    assert manifest["tables"] == counts  # the dump's snapshot, counted in it
    assert manifest["database"]["vendor"] in ("sqlite", "postgresql")
    assert not any("keyring" in entry["path"] for entry in manifest["files"])
    listed = {entry["path"] for entry in manifest["files"]}
    assert {f"media/{name}" for name in files} <= listed

    _wipe()
    assert table_counts()["registry_resident"] == 0
    call_command("restore", str(backup))
    out = capsys.readouterr().out
    assert "Audit chain verified" in out

    restored = table_counts()
    # the restore's own audit entry is the one row more
    assert restored.pop("security_auditentry") == entries + 1
    assert restored == {k: v for k, v in counts.items() if k != "security_auditentry"}
    assert _files(media) == files
    some_photo = next(name for name in files if name.startswith("private/"))
    with private_storage().open(some_photo[len("private/") :]) as handle:
        assert handle.read(3) == b"\xff\xd8\xff"  # decrypts to a JPEG again
    result = verify_chain()
    assert result.ok, result.reason
    assert result.checked == entries + 1


def test_restore_refuses_a_system_with_data(sample_regions, tmp_path):
    _seed()
    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(backup))


def test_restore_checks_every_checksum_before_touching_anything(tmp_path):
    UserFactory()
    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    manifest = json.loads((backup / MANIFEST).read_text())
    dump = backup / manifest["database"]["file"]
    damaged = bytearray(dump.read_bytes())
    damaged[len(damaged) // 2] ^= 0xFF  # one flipped byte
    dump.write_bytes(bytes(damaged))
    _wipe()
    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", str(backup))
    assert table_counts().get("accounts_user", 0) == 0


def test_backup_wants_a_new_directory_and_restore_a_backup(tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", str(tmp_path / "full"))
    with pytest.raises(CommandError, match="not a Balai backup"):
        call_command("restore", str(tmp_path / "nothing"))
