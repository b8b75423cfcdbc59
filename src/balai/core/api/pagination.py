# SPDX-License-Identifier: EUPL-1.2
"""Limit/offset pagination with a hard ceiling on page size."""

from rest_framework import pagination


class LimitOffsetPagination(pagination.LimitOffsetPagination):
    default_limit = 50
    max_limit = 500
