# SPDX-License-Identifier: EUPL-1.2
"""Pages for signing up, logging in, two-factor authentication and one's account."""

from __future__ import annotations

import base64

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

import segno
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_ratelimit.decorators import ratelimit

from balai.accounts import policies, selectors, services
from balai.accounts.forms import (
    ApiTokenForm,
    LoginForm,
    SignupForm,
    TokenForm,
    VerifyForm,
)
from balai.core import navigation
from balai.core.errors import BalaiError
from balai.core.forms import errors_to_form
from balai.security.monitoring.signals import two_factor_failed

PENDING_SIGNUP = "accounts.pending_signup"


@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate="20/h", method="POST", block=True)
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:account")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.citizen_signup(
                nik=data["nik"],
                full_name=data["full_name"],
                birth_date=data["birth_date"],
                email=data.get("email") or None,
                phone=data.get("phone") or None,
                password=data["password"],
                language=getattr(request, "LANGUAGE_CODE", "id"),
            )
        except BalaiError as exc:
            errors_to_form(form, exc)
        else:
            request.session[PENDING_SIGNUP] = str(result.user.pk)
            return redirect("accounts:signup-verify")
    return render(request, "accounts/signup.html", {"form": form})


@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate="30/h", method="POST", block=True)
def signup_verify(request: HttpRequest) -> HttpResponse:
    user_id = request.session.get(PENDING_SIGNUP)
    if not user_id:
        return redirect("accounts:signup")
    pending = selectors.pending_signup_get(user_id=user_id)
    if pending is None:
        request.session.pop(PENDING_SIGNUP, None)
        return redirect("accounts:signup")
    form = VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.citizen_verify(
                user_id=user_id, code=form.cleaned_data["code"]
            )
        except BalaiError as exc:
            errors_to_form(form, exc)
        else:
            request.session.pop(PENDING_SIGNUP, None)
            auth_login(request, user, backend="balai.accounts.backends.LoginBackend")
            messages.success(request, _("Your account is active. Welcome to Balai!"))
            return redirect("accounts:account")
    return render(
        request,
        "accounts/signup_verify.html",
        {"form": form, "destination": selectors.masked_destination(pending)},
    )


@require_POST
@ratelimit(key="ip", rate="5/h", method="POST", block=True)
def signup_resend(request: HttpRequest) -> HttpResponse:
    user_id = request.session.get(PENDING_SIGNUP)
    if not user_id:
        return redirect("accounts:signup")
    try:
        services.citizen_resend_code(user_id=user_id)
    except BalaiError as exc:
        messages.error(request, exc.message)
        return redirect("accounts:signup")
    messages.info(request, _("We sent a new code. The previous code no longer works."))
    return redirect("accounts:signup-verify")


@method_decorator(
    # Credential stuffing across many usernames from one address; axes handles one
    # username. Generous, because an office behind one NAT address shares it.
    ratelimit(key="ip", rate="300/h", method="POST", block=True),
    name="dispatch",
)
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    next_page = reverse_lazy("portal:home")


@login_required
@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    """Verify a second factor, or enrol TOTP first when the user has none."""
    user = request.user
    if user.is_verified():  # type: ignore[union-attr]
        return redirect(request.GET.get("next") or "accounts:account")
    confirmed = list(devices_for_user(user, confirmed=True))
    form = TokenForm(request.POST or None)
    if confirmed:
        if request.method == "POST" and form.is_valid():
            token = form.cleaned_data["token"].replace(" ", "")
            for device in confirmed:
                if device.verify_token(token):
                    otp_login(request, device)
                    return redirect("accounts:account")
            two_factor_failed.send(sender=two_factor, user=user, request=request)
            form.add_error("token", _("That code is not right. Try the newest code."))
        return render(request, "accounts/two_factor_verify.html", {"form": form})
    device = services.totp_device_for(user)  # type: ignore[arg-type]
    if request.method == "POST" and form.is_valid():
        try:
            backup_codes = services.totp_confirm(
                user=user,  # type: ignore[arg-type]
                token=form.cleaned_data["token"],
            )
        except BalaiError as exc:
            errors_to_form(form, exc)
        else:
            otp_login(request, TOTPDevice.objects.get(pk=device.pk))
            return render(
                request, "accounts/two_factor_done.html", {"backup_codes": backup_codes}
            )
    qr_svg = segno.make(device.config_url, error="m").svg_inline(
        scale=4, dark="#0b3d4f"
    )
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/two_factor_setup.html",
        {"form": form, "qr_svg": qr_svg, "secret": secret},
    )


@login_required
@require_http_methods(["GET", "POST"])
def account(request: HttpRequest) -> HttpResponse:
    """The logged-in person's own account: profile, 2FA status and API tokens."""
    form = ApiTokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        policies.ensure(request.user, "accounts.manage_api_tokens")
        new_token = services.api_token_create(
            user=request.user,  # type: ignore[arg-type]
            name=form.cleaned_data["name"],
        )
        form = ApiTokenForm()
    context = selectors.account_overview(user=request.user)  # type: ignore[arg-type]
    context.update({"token_form": form, "new_token": new_token})
    return render(request, "accounts/account.html", context)


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, token_id: str) -> HttpResponse:
    services.api_token_revoke(user=request.user, token_id=token_id)  # type: ignore[arg-type]
    messages.info(request, _("The token was revoked."))
    return redirect("accounts:account")


@login_required
def staff_home(request: HttpRequest) -> HttpResponse:
    """The staff area's entry page; citizens and unverified staff are refused."""
    policies.ensure_can_view_staff_area(request.user)
    context = selectors.staff_overview(user=request.user)  # type: ignore[arg-type]
    context["links"] = navigation.links_for("staff", request.user)
    return render(request, "accounts/staff_home.html", context)
