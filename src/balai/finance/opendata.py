# SPDX-License-Identifier: EUPL-1.2
"""Budget lines as open data: one row per line of the version in force, with every
code and name and the realisation to date. No personal data: lines are budget
classifications, never payees."""

from __future__ import annotations

import csv
import io

from balai.finance.selectors import items_of

COLUMNS = [
    "fiscal_year",
    "version",
    "agency_code",
    "agency_name",
    "urusan_code",
    "bidang_code",
    "program_code",
    "kegiatan_code",
    "sub_kegiatan_code",
    "sub_kegiatan_name",
    "account_code",
    "account_name",
    "fund_code",
    "location_code",
    "location_name",
    "budget",
    "realised",
]


def apbd_rows(*, year: int) -> list[dict[str, object]]:
    from balai.finance.services.budget import version_in_force

    version = version_in_force(fiscal_year=year)
    rows = []
    for row in items_of(year=year):
        item = row.item
        parts = item.sub_activity.code.split(".")
        rows.append(
            {
                "fiscal_year": year,
                "version": version.title if version else "",
                "agency_code": item.agency.code,
                "agency_name": item.agency.name,
                "urusan_code": parts[0],
                "bidang_code": ".".join(parts[:2]),
                "program_code": ".".join(parts[:3]),
                "kegiatan_code": ".".join(parts[:5]),
                "sub_kegiatan_code": item.sub_activity.code,
                "sub_kegiatan_name": item.sub_activity.name,
                "account_code": item.account.code,
                "account_name": item.account.name,
                "fund_code": item.fund.code,
                "location_code": item.location.code,
                "location_name": item.location.name,
                "budget": int(row.budget),
                "realised": int(row.realised),
            }
        )
    return rows


def apbd_csv(*, year: int) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(apbd_rows(year=year))
    return out.getvalue()
