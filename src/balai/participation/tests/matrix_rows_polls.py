# SPDX-License-Identifier: EUPL-1.2
"""Access-matrix rows of the poll pages and API (gathered by ``matrix_rows``).

Officers and heads of ``disdukcapil`` manage the matrix poll (their agency's); the
vote is for citizens — the matrix citizen is not in the register, so the page sends
them back to the poll with the refusal as a message (a redirect: reached); staff get
403.
"""

from __future__ import annotations

from typing import Any

from balai.security.tests.matrix_support import EVERYONE, row

MANAGERS = {"officer", "agency_head"}
# every agency's officers have a poll page (scoped to their agencies' polls)
BOARD = MANAGERS | {"officer_other_agency"}


def objects(w: dict[str, Any]) -> dict[str, Any]:
    if "polls_objects" not in w:
        from balai.accounts.models import Agency
        from balai.participation.tests.poll_factories import make_poll

        home = Agency.objects.get(code="disdukcapil")
        w["polls_objects"] = {
            "open": make_poll(agency=home, title="Matrix open"),
            "closed": make_poll(agency=home, title="Matrix closed", status="closed"),
            "draft": make_poll(agency=home, title="Matrix draft", status="draft"),
        }
    return w["polls_objects"]


def _poll(name: str) -> Any:
    return lambda w: {"poll_id": objects(w)[name].pk}


ROWS = {
    "participation:poll-list": row(EVERYONE),
    "participation:poll-receipt-check": row(EVERYONE),
    "participation:poll-detail": row(EVERYONE, kwargs=_poll("open")),
    "participation:poll-results": row(EVERYONE, kwargs=_poll("closed")),
    "participation:poll-vote": row(
        {"citizen", "other_citizen"},
        method="POST",
        kwargs=_poll("open"),
        data={"options": "none"},
    ),
    "participation:poll-manage": row(BOARD),
    "participation:poll-open": row(MANAGERS, method="POST", kwargs=_poll("draft")),
    "participation:poll-close": row(MANAGERS, method="POST", kwargs=_poll("open")),
    "participation-api:poll-list": row(EVERYONE),
    "participation-api:poll-detail": row(EVERYONE, kwargs=_poll("open")),
    "participation-api:poll-results": row(EVERYONE, kwargs=_poll("closed")),
}
