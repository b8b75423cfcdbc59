# SPDX-License-Identifier: EUPL-1.2
"""Numbered pages of a list: one helper for every list page, one template include.

``paginate`` cuts any sliceable rows (a QuerySet, a list, a lazy sequence) into a
page, so a selector may return a page itself; ``page_of`` reads the page number from
the request and adds what ``includes/pagination.html`` needs to link to the pages
before and after while keeping the rest of the query string (the list's filters).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict

Rows = QuerySet[Any] | Sequence[Any]


def paginate(rows: Rows, *, number: str | int | None, per_page: int) -> Page[Any]:
    """Page ``number`` of ``rows``: the first for a missing or malformed number,
    the last for one past the end (never an error for what a visitor typed)."""
    return Paginator(rows, per_page).get_page(number)


def _with_page(query: QueryDict, param: str, number: int) -> QueryDict:
    changed = query.copy()
    changed[param] = str(number)
    return changed


def page_of(
    request: HttpRequest, rows: Rows, *, per_page: int, param: str = "page"
) -> Page[Any]:
    """The page of ``rows`` that ``?<param>=N`` asks for, ready for the include.

    The page gains ``previous_query`` and ``next_query``: the request's query string
    with ``param`` changed (``None`` at either end), which the include turns into
    links with Django's ``{% querystring %}`` tag. Use another ``param`` when one
    page shows several paginated lists.
    """
    page = paginate(rows, number=request.GET.get(param), per_page=per_page)
    query = request.GET
    page.previous_query = (  # type: ignore[attr-defined]
        _with_page(query, param, page.previous_page_number())
        if page.has_previous()
        else None
    )
    page.next_query = (  # type: ignore[attr-defined]
        _with_page(query, param, page.next_page_number()) if page.has_next() else None
    )
    return page
