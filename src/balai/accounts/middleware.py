# SPDX-License-Identifier: EUPL-1.2
"""Staff must pass a second factor before they can use anything but the 2FA pages."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from balai.security.policy import second_factor_verified

_ALWAYS_ALLOWED = ("/static/", "/media/", "/i18n/", "/healthz", "/readyz", "/akun/2fa/")


class StaffTwoFactorMiddleware:
    """Redirect a logged-in staff member without a verified second factor to 2FA."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.is_staff
            and not second_factor_verified(user)
            and not request.path.startswith(_ALWAYS_ALLOWED)
            and request.path != reverse("accounts:logout")
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {
                        "type": "https://balai.go.id/problems/two_factor_required",
                        "code": "two_factor_required",
                        "title": "Permission denied",
                        "status": 403,
                        "detail": _("Staff must complete two-factor authentication."),
                    },
                    status=403,
                    content_type="application/problem+json",
                )
            return HttpResponseRedirect(reverse("accounts:two-factor"))
        return self.get_response(request)
