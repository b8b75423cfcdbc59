# SPDX-License-Identifier: EUPL-1.2
"""The Fiscal Data Package of one fiscal year (spec: ../shared/specs/public-finance.md
§1 and §4): ``datapackage.json`` + one CSV per direction, with the v0.3 ``model``
(measures, dimensions with parent chains) and v1.0 ``columnType`` annotations."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from balai.finance.opendata import apbd_rows

# column, type, title, v1.0 columnType
FIELDS: list[tuple[str, str, str, str]] = [
    ("fiscal_year", "integer", "Tahun anggaran", "date:fiscal-year"),
    (
        "agency_code",
        "string",
        "Kode SKPD",
        "administrative-classification:generic:level1:code",
    ),
    (
        "agency_name",
        "string",
        "Nama SKPD",
        "administrative-classification:generic:level1:label",
    ),
    (
        "urusan_code",
        "string",
        "Kode urusan",
        "functional-classification:generic:level1:code",
    ),
    (
        "bidang_code",
        "string",
        "Kode bidang urusan",
        "functional-classification:generic:level2:code",
    ),
    ("program_code", "string", "Kode program", "activity:generic:program:code"),
    ("kegiatan_code", "string", "Kode kegiatan", "activity:apbd:kegiatan:code"),
    (
        "sub_kegiatan_code",
        "string",
        "Kode sub kegiatan",
        "activity:apbd:sub-kegiatan:code",
    ),
    (
        "sub_kegiatan_name",
        "string",
        "Nama sub kegiatan",
        "activity:apbd:sub-kegiatan:label",
    ),
    (
        "account_code",
        "string",
        "Kode rekening",
        "economic-classification:generic:level6:code",
    ),
    (
        "account_name",
        "string",
        "Nama rekening",
        "economic-classification:generic:level6:label",
    ),
    ("fund_code", "string", "Sumber dana", "fund:apbd:code"),
    ("location_code", "string", "Kode lokasi", "geo:id:kemendagri:code"),
    ("location_name", "string", "Nama lokasi", "geo:id:kemendagri:label"),
    ("budget", "integer", "Anggaran (versi berlaku)", "value"),
    ("realised", "integer", "Realisasi", "value"),
]
DIRECTIONS = {"expenditure": ("belanja", "5"), "revenue": ("pendapatan", "4")}


def _schema() -> dict[str, Any]:
    return {
        "fields": [
            {"name": name, "type": kind, "title": title, "columnType": column}
            for name, kind, title, column in FIELDS
        ],
        "primaryKey": [
            "agency_code",
            "sub_kegiatan_code",
            "account_code",
            "fund_code",
            "location_code",
        ],
    }


def _dimensions(resource: str) -> dict[str, Any]:
    def attrs(
        *names: str,
        parents: dict[str, str] | None = None,
        labels: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in names:
            attr: dict[str, Any] = {"source": name, "resource": resource}
            if parents and name in parents:
                attr["parent"] = parents[name]
            if labels and name in labels:
                attr["labelfor"] = labels[name]
            out[name] = attr
        return out

    return {
        "fiscal_year": {
            "dimensionType": "datetime",
            "attributes": attrs("fiscal_year"),
            "primaryKey": ["fiscal_year"],
        },
        "skpd": {
            "dimensionType": "classification",
            "classificationType": "administrative",
            "attributes": attrs(
                "agency_code", "agency_name", labels={"agency_name": "agency_code"}
            ),
            "primaryKey": ["agency_code"],
        },
        "activity": {
            "dimensionType": "activity",
            "attributes": attrs(
                "urusan_code",
                "bidang_code",
                "program_code",
                "kegiatan_code",
                "sub_kegiatan_code",
                "sub_kegiatan_name",
                parents={
                    "bidang_code": "urusan_code",
                    "program_code": "bidang_code",
                    "kegiatan_code": "program_code",
                    "sub_kegiatan_code": "kegiatan_code",
                },
                labels={"sub_kegiatan_name": "sub_kegiatan_code"},
            ),
            "primaryKey": ["sub_kegiatan_code"],
        },
        "account": {
            "dimensionType": "classification",
            "classificationType": "economic",
            "attributes": attrs(
                "account_code", "account_name", labels={"account_name": "account_code"}
            ),
            "primaryKey": ["account_code"],
        },
        "fund": {
            "dimensionType": "entity",
            "attributes": attrs("fund_code"),
            "primaryKey": ["fund_code"],
        },
        "location": {
            "dimensionType": "location",
            "attributes": attrs(
                "location_code",
                "location_name",
                labels={"location_name": "location_code"},
            ),
            "primaryKey": ["location_code"],
        },
    }


def fdp_write(*, outdir: Path, year: int) -> Path:
    """Write the package for ``year`` into ``outdir``; returns the descriptor path."""
    data = outdir / "data"
    data.mkdir(parents=True, exist_ok=True)
    rows = apbd_rows(year=year)
    version = rows[0]["version"] if rows else ""
    resources, measures = [], {}
    dimensions: dict[str, Any] = {}
    for direction, (slug, akun) in DIRECTIONS.items():
        name = f"apbd-{year}-{slug}"
        path = f"data/{name}.csv"
        with (outdir / path).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow([f[0] for f in FIELDS])
            for row in rows:
                if str(row["account_code"]).startswith(akun):
                    writer.writerow([row[f[0]] for f in FIELDS])
        resources.append(
            {
                "name": name,
                "path": path,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": _schema(),
            }
        )
        measures[f"{slug}_anggaran"] = {
            "source": "budget",
            "resource": name,
            "currency": "IDR",
            "factor": 1,
            "direction": direction,
            "phase": "adjusted"
            if "Pergeseran" in str(version) or "Perubahan" in str(version)
            else "approved",
        }
        measures[f"{slug}_realisasi"] = {
            "source": "realised",
            "resource": name,
            "currency": "IDR",
            "factor": 1,
            "direction": direction,
            "phase": "executed",
        }
        if not dimensions:
            dimensions = _dimensions(name)
    region = getattr(settings, "SITE_NAME", "Balai")
    descriptor = {
        "profile": "tabular-data-package",
        "name": f"balai-apbd-{year}",
        "title": f"APBD {year} — {region}",
        "version": timezone.now().strftime("%Y%m%d%H%M"),
        "countryCode": "ID",
        "granularity": "aggregated",
        "fiscalPeriod": {"start": f"{year}-01-01", "end": f"{year}-12-31"},
        "license": {
            "name": "CC-BY-4.0",
            "path": "https://creativecommons.org/licenses/by/4.0/",
        },
        "sources": [{"title": f"Balai, budget version in force: {version}"}],
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "resources": resources,
        "model": {"measures": measures, "dimensions": dimensions},
    }
    target = outdir / "datapackage.json"
    target.write_text(
        json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return target
