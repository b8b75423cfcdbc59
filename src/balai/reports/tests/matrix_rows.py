# SPDX-License-Identifier: EUPL-1.2
"""Access-matrix rows of the reports app (the PWA's rows are merged from
``matrix_rows_pwa.py``). The report the rows use is routed to ``disdukcapil``, the
agency of the matrix's officer and agency head; the triage queue belongs to the
system admin."""

from __future__ import annotations

from typing import Any

from balai.security.tests.matrix_support import EVERYONE, SIGNED_IN, row

BOARD = {"officer", "officer_other_agency", "agency_head", "system_admin"}
HANDLERS = {"officer", "agency_head"}
_REROUTE: dict[str, Any] = {"note": "salah dinas"}
_MERGE: dict[str, Any] = {}


def objects(w: dict[str, Any]) -> dict[str, Any]:
    """A category, a report with a photo routed to disdukcapil, a batch token."""
    if "reports_objects" not in w:
        from balai.accounts.models import Agency
        from balai.reports.constants import ServiceType
        from balai.reports.models import RequestToken
        from balai.reports.tests.factories import category, rule, submitted, upload

        home = Agency.objects.get(code="disdukcapil")
        roads = category("matrix-jalan")
        rule(agency=home, category=roads)
        report = submitted(service_code="matrix-jalan", photos=[upload()])
        other = submitted(service_code="matrix-jalan")
        category("matrix-batch", service_type=ServiceType.BATCH)
        batch = submitted(service_code="matrix-batch")
        w["reports_objects"] = {
            "report": report,
            "other": other,
            "photo": report.photos.get(),
            "token": RequestToken.objects.get(report=batch).token,
            "other_agency": Agency.objects.get(code="dinas-lain"),
        }
    return w["reports_objects"]


def _report(w: dict[str, Any]) -> dict[str, Any]:
    return {"public_id": objects(w)["report"].public_id}


def _photo(w: dict[str, Any]) -> dict[str, Any]:
    found = objects(w)
    return {"public_id": found["report"].public_id, "photo_id": found["photo"].pk}


def _reroute(w: dict[str, Any]) -> dict[str, Any]:
    _REROUTE["agency"] = str(objects(w)["other_agency"].pk)
    return _report(w)


def _merge(w: dict[str, Any]) -> dict[str, Any]:
    _MERGE["survivor"] = objects(w)["other"].public_id
    return _report(w)


def _fmt(**extra: Any) -> Any:
    def kwargs(w: dict[str, Any]) -> dict[str, Any]:
        found = objects(w)
        values = {"fmt": "json"}
        for key, source in extra.items():
            values[key] = source(found)
        return values

    return kwargs


ROWS = {
    "reports:public-list": row(EVERYONE),
    "reports:public-map": row(EVERYONE),
    "reports:public-areas": row(EVERYONE),
    "reports:public-detail": row(EVERYONE, kwargs=_report),
    "reports:public-photo": row(EVERYONE, kwargs=_photo),
    "reports:public-follow": row(SIGNED_IN, method="POST", kwargs=_report),
    "reports:board-list": row(BOARD),
    "reports:board-map": row(BOARD),
    "reports:board-stats": row(BOARD),
    "reports:board-bulk": row(BOARD, method="POST", data={"status": "acknowledged"}),
    "reports:board-detail": row(HANDLERS, kwargs=_report),
    "reports:board-photo": row(HANDLERS, kwargs=_photo),
    "reports:board-status": row(
        HANDLERS, method="POST", kwargs=_report, data={"status": "acknowledged"}
    ),
    "reports:board-comment": row(
        HANDLERS, method="POST", kwargs=_report, data={"text": "Sudah dicek"}
    ),
    "reports:board-assign": row(
        HANDLERS, method="POST", kwargs=_report, data={"priority": "high"}
    ),
    "reports:board-reroute": row(
        HANDLERS, method="POST", kwargs=_reroute, data=_REROUTE
    ),
    "reports:board-merge": row(HANDLERS, method="POST", kwargs=_merge, data=_MERGE),
    # Open311: public reads; POST needs an API key, which no person's session is
    "reports:open311-discovery": row(EVERYONE, kwargs=_fmt()),
    "reports:open311-services": row(EVERYONE, kwargs=_fmt()),
    "reports:open311-service-definition": row(
        EVERYONE, kwargs=_fmt(code=lambda f: "matrix-jalan")
    ),
    "reports:open311-requests": row(EVERYONE, kwargs=_fmt()),
    "reports:open311-request-detail": row(
        EVERYONE, kwargs=_fmt(request_id=lambda f: f["report"].public_id)
    ),
    "reports:open311-token": row(EVERYONE, kwargs=_fmt(token=lambda f: f["token"])),
    "reports:open311-not-found": row(set(), kwargs=lambda w: {"rest": "tidak-ada"}),
}

try:  # the reporting PWA's rows, kept beside its own tests
    from balai.reports.tests.matrix_rows_pwa import ROWS as PWA_ROWS
except ImportError:  # pragma: no cover - the PWA package is optional here
    PWA_ROWS = {}
ROWS.update(PWA_ROWS)
