# SPDX-License-Identifier: EUPL-1.2
"""What the register's pages share: the stated purpose, errors onto forms."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from balai.core.errors import BalaiError
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


def errors_onto(form: forms.Form, exc: BalaiError) -> None:
    """A service's BalaiError as form errors: under the form's field when it has
    one, else as a message for the whole form."""
    find = getattr(
        form, "field_for", lambda name: name if name in form.fields else None
    )
    placed = False
    for name, messages in exc.field_errors.items():
        target = find(name)
        if target is None:
            continue
        for message in messages:
            form.add_error(target, message)
        placed = True
    if not placed:
        form.add_error(None, exc.message)
