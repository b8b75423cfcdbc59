# SPDX-License-Identifier: EUPL-1.2
"""What the register's pages share: the stated purpose."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from balai.registry.forms.search import PurposeForm


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
