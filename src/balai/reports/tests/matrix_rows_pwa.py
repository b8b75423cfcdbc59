# SPDX-License-Identifier: EUPL-1.2
"""Access-matrix rows of the reporting PWA (``reports:pwa-*``).

The matrix gathers ``tests/matrix_rows.py`` only, which belongs to the reports app:
it merges these with ``ROWS.update(PWA_ROWS)`` (or the matrix imports this module).
"""

from __future__ import annotations

import uuid
from typing import Any

from balai.security.tests.matrix_support import EVERYONE, SIGNED_IN, row


def _report(w: dict[str, Any]) -> Any:
    """One open report (made once per world) for the support row."""
    if "pwa_report" not in w:
        from balai.reports import services
        from balai.reports.models import Category

        category, _ = Category.objects.get_or_create(
            code="pwa-matrix", defaults={"name_id": "Jalan berlubang"}
        )
        w["pwa_report"] = services.report_submit(
            service_code=category.code,
            description="Lubang di jalan",
            lat=-6.9147,
            lon=107.6098,
            client_token=uuid.uuid4(),
            channel="pwa",
        )
    return w["pwa_report"]


def _submit_data() -> dict[str, Any]:
    return {
        "service_code": "pwa-matrix",
        "description": "Lampu jalan mati",
        "lat": "-6.9147",
        "lon": "107.6098",
    }


def _support_kwargs(w: dict[str, Any]) -> dict[str, Any]:
    return {"public_id": _report(w).public_id}


def _submit_kwargs(w: dict[str, Any]) -> dict[str, Any]:
    _report(w)  # the category the posted data names
    return {}


ROWS = {
    # the report page, its shell files and the public look-ups: anyone, no account
    "reports:pwa-report": row(EVERYONE),
    "reports:pwa-sw": row(EVERYONE),
    "reports:pwa-manifest": row(EVERYONE),
    "reports:pwa-token": row(EVERYONE),
    "reports:pwa-mine": row(EVERYONE),  # visitors see only this phone's reports
    "reports:pwa-status": row(EVERYONE),
    "reports:pwa-nearby": row(
        EVERYONE, data={"service_code": "pwa-matrix", "lat": "-6.9", "lon": "107.6"}
    ),
    # anonymous reports are allowed: everyone may file one
    "reports:pwa-submit": row(
        EVERYONE, method="POST", kwargs=_submit_kwargs, data=_submit_data()
    ),
    # supporting instead of re-reporting needs an account
    "reports:pwa-support": row(SIGNED_IN, method="POST", kwargs=_support_kwargs),
}
