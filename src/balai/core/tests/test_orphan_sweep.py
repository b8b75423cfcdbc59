# SPDX-License-Identifier: EUPL-1.2
"""``balai storage sweep``: files left by a process killed before its commit (#10)."""

from __future__ import annotations

import os
import time
from io import StringIO
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

import pytest

from balai.core.storage import private_storage
from balai.reports.models import Category, Photo, Report

pytestmark = pytest.mark.django_db

DAY = 24 * 3600


def _age(name: str, seconds: int) -> None:
    path = Path(private_storage().base_location) / name
    then = time.time() - seconds
    os.utime(path, (then, then))


def _exists(name: str) -> bool:
    return (Path(private_storage().base_location) / name).exists()


def _report_with_photo() -> str:
    category = Category.objects.create(code="uji", name_id="Uji")
    report = Report.objects.create(
        public_id="LPR-T0000001", category=category, description="lampu mati"
    )
    name = private_storage().save(
        f"reports/photos/{report.pk}/0.jpg", ContentFile(b"x")
    )
    Photo.objects.create(report=report, file=name, width=1, height=1, size=1)
    return name


def test_old_orphans_go_young_ones_and_referenced_files_stay():
    kept = _report_with_photo()
    # what a submission killed between writing its photo and committing leaves behind
    orphan = private_storage().save("reports/photos/dead/0.jpg", ContentFile(b"y"))
    young = private_storage().save("reports/photos/running/0.jpg", ContentFile(b"z"))
    _age(kept, 3 * DAY)
    _age(orphan, 2 * DAY)

    out = StringIO()
    call_command("storage", "sweep", "--dry-run", stdout=out)
    assert orphan in out.getvalue() and kept not in out.getvalue()
    assert "would remove 1" in out.getvalue()
    assert _exists(orphan)

    out = StringIO()
    call_command("storage", "sweep", stdout=out)
    assert "3 private files, 1 orphans, removed 1" in out.getvalue()
    assert not _exists(orphan)
    assert _exists(kept) and _exists(young)  # young: its transaction may still run

    call_command("storage", "sweep", "--older-than-hours", "0", stdout=StringIO())
    assert not _exists(young) and _exists(kept)


def test_a_negative_grace_period_is_refused():
    with pytest.raises(CommandError):
        call_command("storage", "sweep", "--older-than-hours", "-1")
