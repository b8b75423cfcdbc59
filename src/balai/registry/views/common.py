# SPDX-License-Identifier: EUPL-1.2
"""What the register's pages share: the stated purpose."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise

from balai.registry import policies
from balai.registry.forms.search import PurposeForm

PurposeView = Callable[..., HttpResponse]
StrOrPromise = str | Promise


def stated_purpose(request: HttpRequest) -> PurposeForm:
    """The purpose in the query string (bound; valid when the officer stated one)."""
    return PurposeForm(request.GET if "purpose" in request.GET else None)


def purpose_query(form: PurposeForm) -> str:
    """``purpose=…`` for links to further pages read for the same purpose."""
    return urlencode(form.as_query())


def event_purpose_query() -> str:
    return urlencode({"purpose": "event"})


def ask_purpose(request: HttpRequest, title: str) -> HttpResponse:
    """The page asking for a purpose before any personal data is shown."""
    form = stated_purpose(request)
    return render(request, "registry/purpose.html", {"form": form, "title": title})


def purpose_required(
    title: StrOrPromise,
    *,
    check: Callable[[Any], None] = policies.ensure_can_view_register,
) -> Callable[[PurposeView], Callable[..., HttpResponse]]:
    """The register's purpose gate, for every view that shows personal data.

    ``check(user)`` runs first (a refused user never sees the purpose page); then,
    unless the query string states a valid purpose, the page asks for one under
    ``title``. The view is called with the bound, valid form as ``purpose`` (its
    ``purpose_text()`` goes to the audited selector).
    """

    def decorate(view: PurposeView) -> Callable[..., HttpResponse]:
        @wraps(view)
        def gated(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            check(request.user)
            purpose = stated_purpose(request)
            if not purpose.is_valid():
                return ask_purpose(request, str(title))
            return view(request, *args, purpose=purpose, **kwargs)

        return gated

    return decorate
