# SPDX-License-Identifier: EUPL-1.2
"""Limits on logging in, on Balai's one rate limiter (balai.core.ratelimit).

Three limits answer three attacks:

- per account, from any address: after ``LOGIN_FREE_FAILURES`` wrong passwords each
  further attempt waits a delay that doubles per failure (``LOGIN_DELAY_SECONDS`` up to
  ``LOGIN_DELAY_MAX_SECONDS``). Guessing from many addresses gains nothing, and the
  owner is never locked out for good (a delay, not a lock; a reset clears it);
- per address across accounts: failed log-ins
  (``RATE_LIMITS["login_failures_address"]``) stop password spraying, one password
  tried on many accounts;
- per address, every attempt (``RATE_LIMITS["login"]``): floods.

The account key is a keyed hash of the normalised identifier, so neither the cache
nor the security events hold the e-mail address or number typed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest

from balai.accounts.identifiers import normalise_email, normalise_phone
from balai.core import ratelimit
from balai.security.crypto.blind import blind_index

ACCOUNT = "login_account"


@dataclass(frozen=True)
class LoginGate:
    wait: int  # seconds before the next attempt may be made (0 = now)
    reason: str  # "account", "address" or ""


def login_key(identifier: str) -> str:
    """The account's key: a keyed hash of the normalised e-mail or number."""
    identifier = str(identifier or "").strip()
    if "@" in identifier:
        identifier = normalise_email(identifier)
    else:
        identifier = normalise_phone(identifier) or identifier.lower()
    return blind_index(identifier, context="login.username") or ""


def _delay() -> ratelimit.Delay:
    return ratelimit.Delay(
        free=settings.LOGIN_FREE_FAILURES,
        base=settings.LOGIN_DELAY_SECONDS,
        maximum=settings.LOGIN_DELAY_MAX_SECONDS,
        memory=settings.LOGIN_FAILURE_MEMORY_HOURS * 3600,
    )


def login_gate(request: HttpRequest, identifier: str) -> LoginGate:
    """May this attempt be checked at all? Called before the password is looked at,
    so a refused attempt learns nothing about the password."""
    address = ratelimit.client_key(request)
    spraying = ratelimit.peek("login_failures_address", address)
    if not spraying.allowed:
        return LoginGate(spraying.retry_after, "address")
    wait = ratelimit.progressive_wait(ACCOUNT, login_key(identifier), delay=_delay())
    if wait:
        return LoginGate(wait, "account")
    return LoginGate(0, "")


def login_failed(request: HttpRequest, identifier: str) -> int:
    """Count a wrong password against the account and the address; returns the
    delay the account now has (0 while failures are free)."""
    ratelimit.hit("login_failures_address", ratelimit.client_key(request))
    return ratelimit.progressive_fail(ACCOUNT, login_key(identifier), delay=_delay())


def login_succeeded(identifier: str) -> None:
    login_delay_clear(identifier)


def login_delay_clear(identifier: str) -> None:
    """Forget the account's failures (after a log-in or a password reset)."""
    ratelimit.progressive_reset(ACCOUNT, login_key(identifier))
