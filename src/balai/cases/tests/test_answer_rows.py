# SPDX-License-Identifier: EUPL-1.2
"""Answers are shown as the citizen entered them, dates in the pages' one format."""

from __future__ import annotations

from django.utils import translation

from balai.cases import catalog_access
from balai.cases.views.common import answer_rows


def test_numbers_as_entered_and_dates_readable():
    service = catalog_access.service_get("izin-reklame")
    answers = {
        "width_m": 4.0,
        "height_m": 2.5,
        "sides": 2,
        "start_date": "2026-03-07",
    }
    with translation.override("id"):
        rows = dict(answer_rows(service, answers))
    assert rows["Lebar (meter)"] == "4"
    assert rows["Tinggi (meter)"] == "2,5"
    assert rows["Jumlah sisi"] == "2"
    assert "7 Maret 2026" in rows.values()
    with translation.override("en"):
        rows = dict(answer_rows(service, answers))
    assert rows["Width (metres)"] == "4"
    assert rows["Height (metres)"] == "2.5"
