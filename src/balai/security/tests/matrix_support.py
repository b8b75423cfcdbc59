# SPDX-License-Identifier: EUPL-1.2
"""Shared pieces of the access matrix (see ``test_policy_matrix``).

Apps keep their own rows in ``balai/<app>/tests/matrix_rows.py`` as a ``ROWS`` dict
built with :func:`row`; the matrix test gathers them, so every app owns the access
rules of its URLs. ``world`` (the fixture the row callables receive) holds the people
by role name, all signed in at agency ``disdukcapil`` unless the role says otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

CITIZENS = {"citizen"}
STAFF = {
    "officer",
    "officer_other_agency",
    "agency_head",
    "finance_officer",
    "auditor",
    "security_officer",
    "system_admin",
}
SIGNED_IN = CITIZENS | {"other_citizen"} | STAFF
EVERYONE = SIGNED_IN | {"anonymous"}
ROLES = sorted(EVERYONE)


@dataclass(frozen=True)
class Row:
    allowed: frozenset[str]
    method: str = "GET"
    kwargs: Callable[[dict[str, Any]], dict[str, Any]] = field(default=lambda w: {})
    data: dict[str, Any] = field(default_factory=dict)
    # set for JSON-only endpoints: the data goes as a JSON body
    json: bool = False
    # roles for which the endpoint answers "nothing to do here" (a redirect) instead of
    # a refusal, e.g. sign-up pages for someone already signed in
    bounced: frozenset[str] = frozenset()


def row(allowed: set[str], **kwargs: Any) -> Row:
    return Row(allowed=frozenset(allowed), **kwargs)
