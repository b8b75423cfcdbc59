# SPDX-License-Identifier: EUPL-1.2
"""Test support: staff members who really passed a second factor.

``verified(user)`` enrols a confirmed TOTP device, checks a real code from it and logs
the device in through django-otp (``django_otp.login``), exactly as the 2FA page does;
afterwards the user object is verified for this "request" in the eyes of
``security.policy.second_factor_verified``. Nothing is patched: a user loaded again
from the database is not verified.
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory

import django_otp
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


def totp_code(device: TOTPDevice) -> str:
    """The current code of a TOTP device, as an authenticator app shows it."""
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{code:0{device.digits}d}"


def verified(user: Any) -> Any:
    """``user`` after a real TOTP verification through django-otp's login."""
    # a fresh device per call: a TOTP code is accepted once (replay protection)
    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    request = RequestFactory().get("/")
    request.session = SessionStore()
    request.user = user
    if not device.verify_token(totp_code(device)):
        raise AssertionError("a fresh TOTP device refused its own current code")
    django_otp.login(request, device)
    return request.user
