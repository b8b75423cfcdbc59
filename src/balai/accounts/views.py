# SPDX-License-Identifier: EUPL-1.2
"""Pages for signing up, logging in, two-factor authentication and one's account."""

from __future__ import annotations

import base64

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

import segno
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from balai.accounts import logins, policies, selectors, services
from balai.accounts.forms import (
    ApiTokenForm,
    LoginForm,
    SignupForm,
    TokenForm,
    VerifyForm,
)
from balai.core import navigation, ratelimit
from balai.core.errors import BalaiError
from balai.core.forms import errors_to_form
from balai.core.middleware import client_ip
from balai.security.monitoring.signals import login_locked_out, two_factor_failed

PENDING_SIGNUP = "accounts.pending_signup"


def wait_text(seconds: int) -> str:
    """ "3 minutes" / "45 seconds", in the active language."""
    if seconds >= 60:
        minutes = -(-seconds // 60)
        return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
    return ngettext("%(n)d second", "%(n)d seconds", seconds) % {"n": seconds}


def safe_next(request: HttpRequest, default: str) -> str:
    """``?next=`` (or a posted ``next``) when it stays on this site, else ``default``
    (a URL name): never a redirect to another host or scheme."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target,
        allowed_hosts={request.get_host()},
        require_https=request.is_secure(),
    ):
        return target
    return resolve_url(default)


def help_contact() -> dict[str, str]:
    """Where people get help (settings HELP_CONTACT_*), for the lock-out page."""
    return {
        "name": settings.HELP_CONTACT_NAME,
        "email": settings.HELP_CONTACT_EMAIL,
        "phone": settings.HELP_CONTACT_PHONE,
        "hours": settings.HELP_CONTACT_HOURS,
    }


@require_http_methods(["GET", "POST"])
@ratelimit.limit("signup")
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
            # the same for new and known details: an id and the masked destination
            request.session[PENDING_SIGNUP] = {
                "id": str(result.signup_id),
                "destination": result.destination,
            }
            return redirect("accounts:signup-verify")
    return render(request, "accounts/signup.html", {"form": form})


@require_http_methods(["GET", "POST"])
@ratelimit.limit("signup_verify")
def signup_verify(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(PENDING_SIGNUP)
    if not isinstance(pending, dict):
        return redirect("accounts:signup")
    user_id = pending["id"]
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
        {"form": form, "destination": pending["destination"]},
    )


@require_POST
@ratelimit.limit("signup_resend")
def signup_resend(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(PENDING_SIGNUP)
    if not isinstance(pending, dict):
        return redirect("accounts:signup")
    services.citizen_resend_code(user_id=pending["id"])
    messages.info(request, _("We sent a new code. The previous code no longer works."))
    return redirect("accounts:signup-verify")


def locked_out(request: HttpRequest, wait: int) -> HttpResponse:
    """The 429 page of a refused log-in: how long to wait, the reset link, help."""
    response = render(
        request,
        "accounts/locked_out.html",
        {"wait": wait_text(wait), "help": help_contact()},
        status=429,
    )
    response["Retry-After"] = str(wait)
    return response


@method_decorator(ratelimit.limit("login"), name="dispatch")  # type: ignore[arg-type]
class LoginView(auth_views.LoginView):
    """Log-in, behind the per-account delay and the per-address limits
    (``balai.accounts.logins``); both are checked before the password is."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(
        self, request: HttpRequest, *args: object, **kwargs: object
    ) -> HttpResponse:
        typed = str(request.POST.get("username", ""))[:254]
        gate = logins.login_gate(request, typed)
        if gate.wait:
            login_locked_out.send(
                sender=LoginView,
                request=request,
                username=typed,
                ip_address=client_ip(request),
            )
            return locked_out(request, gate.wait)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]
        logins.login_succeeded(form.cleaned_data.get("username", ""))
        return super().form_valid(form)

    def form_invalid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]
        typed = str(self.request.POST.get("username", ""))[:254]
        if typed and self.request.POST.get("password"):
            wait = logins.login_failed(self.request, typed)
            if wait:
                return locked_out(self.request, wait)
        return super().form_invalid(form)


class LogoutView(auth_views.LogoutView):
    next_page = reverse_lazy("portal:home")


@login_required
@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    """Verify a second factor, or enrol TOTP first when the user has none."""
    user = request.user
    if policies.is_verified(user):
        return redirect(safe_next(request, "accounts:account"))
    confirmed = list(devices_for_user(user, confirmed=True))
    form = TokenForm(request.POST or None)
    if confirmed:
        if request.method == "POST" and form.is_valid():
            token = form.cleaned_data["token"].replace(" ", "")
            for device in confirmed:
                if device.verify_token(token):
                    otp_login(request, device)
                    return redirect(safe_next(request, "accounts:account"))
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
        new_token = services.api_token_create(
            actor=request.user,  # type: ignore[arg-type]
            name=form.cleaned_data["name"],
        )
        form = ApiTokenForm()
    context = selectors.account_overview(user=request.user)  # type: ignore[arg-type]
    context.update({"token_form": form, "new_token": new_token})
    return render(request, "accounts/account.html", context)


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, token_id: str) -> HttpResponse:
    services.api_token_revoke(actor=request.user, token_id=token_id)  # type: ignore[arg-type]
    messages.info(request, _("The token was revoked."))
    return redirect("accounts:account")


@login_required
def staff_home(request: HttpRequest) -> HttpResponse:
    """The staff area's entry page; citizens and unverified staff are refused."""
    policies.ensure_can_view_staff_area(request.user)
    context = selectors.staff_overview(user=request.user)  # type: ignore[arg-type]
    context["links"] = navigation.links_for("staff", request.user)
    return render(request, "accounts/staff_home.html", context)
