# SPDX-License-Identifier: EUPL-1.2
"""The shape every HTML form action shares: validate, call one service, answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from balai.core.errors import BalaiError, NotFound
from balai.core.forms import errors_to_form


def form_action(
    request: HttpRequest,
    *,
    form: forms.BaseForm | None,
    action: Callable[[dict[str, Any]], object],
    done: str,
    success_url: str,
    rerender: Callable[[forms.BaseForm], HttpResponse] | None = None,
    flash_errors: bool = False,
) -> HttpResponse:
    """Validate ``form``, call ``action`` with its cleaned data, and answer.

    - Success: ``done`` as a success message, then a redirect to ``success_url``
      (post/redirect/get).
    - A ``BalaiError`` without field errors, when there is no form or
      ``flash_errors`` is set: the message is flashed and the page reloads (a
      button with nothing typed to keep). Otherwise the error goes onto the form
      (:func:`~balai.core.forms.errors_to_form`) and ``rerender(form)`` answers 400
      with the typed values kept.
    - An invalid form: ``rerender(form)`` with 400 (``rerender`` may be left out
      only when there is no form).
    - ``NotFound`` and ``PermissionDenied`` propagate: the not-found middleware
      answers 404, Django 403.
    """
    if form is None or form.is_valid():
        try:
            action(form.cleaned_data if form is not None else {})
        except NotFound:
            raise
        except BalaiError as exc:
            if form is None or (flash_errors and not exc.field_errors):
                messages.error(request, exc.message)
                return redirect(success_url)
            errors_to_form(form, exc)
        else:
            messages.success(request, done)
            return redirect(success_url)
    if rerender is None:
        raise ValueError("form_action needs rerender for a form")
    response = rerender(form)
    response.status_code = 400
    return response
