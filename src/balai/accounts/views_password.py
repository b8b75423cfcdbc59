# SPDX-License-Identifier: EUPL-1.2
"""Pages of the password reset: ask for a code, then set a new password with the
code (SMS or e-mail) or the e-mail's link. The answers never tell whether an
account exists."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from balai.accounts import password_reset
from balai.accounts.forms import (
    PasswordResetCodeForm,
    PasswordResetRequestForm,
    SetPasswordForm,
)
from balai.core import ratelimit
from balai.core.errors import BalaiError
from balai.core.forms import errors_to_form

PENDING_RESET = "accounts.pending_reset"


@never_cache
@require_http_methods(["GET", "POST"])
@ratelimit.limit("password_reset")
def reset_request(request: HttpRequest) -> HttpResponse:
    """Ask for a reset code by e-mail address or mobile number."""
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        answer = password_reset.password_reset_request(
            identifier=form.cleaned_data["identifier"],
            link_base=request.build_absolute_uri(reverse("accounts:password-reset"))
            + "tautan/",
            language=getattr(request, "LANGUAGE_CODE", "id"),
        )
        request.session[PENDING_RESET] = {
            "id": str(answer.reset_id),
            "destination": answer.destination,
        }
        return redirect("accounts:password-reset-code")
    return render(request, "accounts/password_reset_request.html", {"form": form})


def _done(request: HttpRequest) -> HttpResponse:
    request.session.pop(PENDING_RESET, None)
    messages.success(
        request,
        _("Your password was changed. Log in with the new password."),
    )
    return redirect("accounts:login")


@never_cache
@require_http_methods(["GET", "POST"])
@ratelimit.limit("password_reset_confirm")
def reset_code(request: HttpRequest) -> HttpResponse:
    """Enter the code and a new password."""
    pending = request.session.get(PENDING_RESET)
    if not pending:
        return redirect("accounts:password-reset")
    form = PasswordResetCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            password_reset.password_reset_confirm(
                reset_id=pending["id"],
                code=form.cleaned_data["code"],
                password=form.cleaned_data["password"],
            )
        except BalaiError as exc:
            errors_to_form(form, exc)
        else:
            return _done(request)
    return render(
        request,
        "accounts/password_reset_confirm.html",
        {"form": form, "destination": pending["destination"], "with_code": True},
    )


@never_cache
@require_http_methods(["GET", "POST"])
@ratelimit.limit("password_reset_confirm", methods=("GET", "POST"))
def reset_link(request: HttpRequest, secret: str) -> HttpResponse:
    """The e-mail's link: a new password, no code. Opening it changes nothing (mail
    scanners open links); only the form's POST does."""
    form = SetPasswordForm(request.POST or None)
    if password_reset.password_reset_find(link=secret) is None:
        return render(request, "accounts/password_reset_invalid.html", status=404)
    if request.method == "POST" and form.is_valid():
        try:
            password_reset.password_reset_confirm(
                link=secret, password=form.cleaned_data["password"]
            )
        except BalaiError as exc:
            errors_to_form(form, exc)
        else:
            return _done(request)
    return render(
        request,
        "accounts/password_reset_confirm.html",
        {"form": form, "with_code": False},
    )
