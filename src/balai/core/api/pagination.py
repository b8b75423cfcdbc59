# SPDX-License-Identifier: EUPL-1.2
"""Limit/offset pagination with a hard ceiling on page size.

``limit`` and ``offset`` are strict: a value that is not a whole number in range is
a 400 problem (DRF would silently fall back to the default), and the schema says
so (``minimum``), so clients and schema-based tests know the rules.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from rest_framework import pagination
from rest_framework.exceptions import ValidationError


def _whole(raw: str, name: str, minimum: int) -> int:
    text = raw.strip()
    if not (text.isascii() and text.isdigit()) or int(text) < minimum:
        raise ValidationError(
            {name: [_("Must be a whole number of at least %(n)d.") % {"n": minimum}]}
        )
    return int(text)


class LimitOffsetPagination(pagination.LimitOffsetPagination):
    default_limit = 50
    max_limit = 500

    def get_limit(self, request: Any) -> int | None:
        raw = request.query_params.get(self.limit_query_param)
        if raw is None:
            return self.default_limit
        return min(_whole(raw, self.limit_query_param, 1), self.max_limit)

    def get_offset(self, request: Any) -> int:
        raw = request.query_params.get(self.offset_query_param)
        if raw is None:
            return 0
        return _whole(raw, self.offset_query_param, 0)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.limit_query_param:
                parameter["schema"]["minimum"] = 1
            elif parameter["name"] == self.offset_query_param:
                parameter["schema"]["minimum"] = 0
        return parameters
