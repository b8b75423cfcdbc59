# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.core.management import call_command

import pytest

from balai.finance.services.journal import revenue_post, spending_post
from balai.finance.tests.helpers import PBB, ROAD, approved_budget, item

pytestmark = pytest.mark.usefixtures("codes")


@pytest.fixture
def package(tmp_path: Path, keeper: Any, agency: Any, bapenda: Any) -> Path:
    road, pbb = item(agency, ROAD), item(bapenda, PBB)
    approved_budget(keeper, 2026, {road: 1_000, pbb: 5_000})
    spending_post(
        actor=keeper,
        item=road,
        amount=250,
        date=dt.date(2026, 2, 2),
        document_number="A",
        description="x",
    )
    revenue_post(
        actor=keeper,
        item=pbb,
        amount=900,
        date=dt.date(2026, 2, 2),
        document_number="B",
        description="x",
    )
    call_command("finance", "export-fdp", str(tmp_path), "--year", "2026")
    return tmp_path / "datapackage.json"


def test_the_package_describes_its_files_and_the_fiscal_model(package: Path) -> None:
    descriptor = json.loads(package.read_text())
    assert descriptor["countryCode"] == "ID"
    assert descriptor["fiscalPeriod"] == {"start": "2026-01-01", "end": "2026-12-31"}
    names = {r["name"]: r for r in descriptor["resources"]}
    assert set(names) == {"apbd-2026-belanja", "apbd-2026-pendapatan"}
    for resource in names.values():
        with (package.parent / resource["path"]).open() as handle:
            rows = list(csv.DictReader(handle))
        fields = [f["name"] for f in resource["schema"]["fields"]]
        assert list(rows[0]) == fields
    spending = list(
        csv.DictReader((package.parent / "data/apbd-2026-belanja.csv").open())
    )
    assert [(r["sub_kegiatan_code"], r["budget"], r["realised"]) for r in spending] == [
        (ROAD[0], "1000", "250")
    ]
    measures = descriptor["model"]["measures"]
    assert measures["belanja_realisasi"] == {
        "source": "realised",
        "resource": "apbd-2026-belanja",
        "currency": "IDR",
        "factor": 1,
        "direction": "expenditure",
        "phase": "executed",
    }
    assert measures["pendapatan_anggaran"]["direction"] == "revenue"
    activity = descriptor["model"]["dimensions"]["activity"]["attributes"]
    assert activity["sub_kegiatan_code"]["parent"] == "kegiatan_code"
    # every attribute and measure points at a real column
    columns = {f["name"] for f in names["apbd-2026-belanja"]["schema"]["fields"]}
    sources = {m["source"] for m in measures.values()} | {
        a["source"]
        for d in descriptor["model"]["dimensions"].values()
        for a in d["attributes"].values()
    }
    assert sources <= columns


def test_frictionless_validates_the_package(package: Path) -> None:
    # a test dependency (requirements-dev.lock): never skipped
    import frictionless

    report = frictionless.validate(str(package))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert len(report.tasks) == 2  # spending and revenue tables
    assert all(task.stats["rows"] > 0 for task in report.tasks)
