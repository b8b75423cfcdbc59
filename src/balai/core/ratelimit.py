# SPDX-License-Identifier: EUPL-1.2
"""The one rate limiter of Balai, on Django's cache (Redis in production).

Every limit has a name, and every name has its rate in ``settings.RATE_LIMITS``
(``"20/h"``, ``"5/15m"``, ``"0"`` = off), so operators tune them in one place::

    from balai.core import ratelimit

    decision = ratelimit.hit("signup", ratelimit.client_key(request))
    if not decision.allowed: ...                    # or ratelimit.check(...) raises

    @ratelimit.limit("signup", methods=("POST",))   # a view: 429 page or problem
    def signup(request): ...

    class SignupApi(APIView):
        throttle_classes = [ratelimit.NamedRateThrottle]
        rate_limit_name = "signup"                  # a DRF view: 429 problem+json

Counters are a sliding window (the current and previous fixed windows, the previous
one weighted by how much of it still overlaps): two keys per limit and client, one
atomic increment per hit. Keys are keyed hashes, so the cache holds no address or
identifier. ``progressive_*`` builds the per-account login delay on the same cache.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from rest_framework.throttling import BaseThrottle

from balai.core.errors import RateLimited
from balai.core.middleware import client_ip

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_WORDS = {"second": "s", "minute": "m", "hour": "h", "day": "d"}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([a-z]+)\s*$")


@dataclass(frozen=True)
class Rate:
    count: int
    period: int  # seconds

    def __str__(self) -> str:
        return f"{self.count}/{self.period}s"


@dataclass(frozen=True)
class Decision:
    allowed: bool
    limit: int
    count: float
    retry_after: int  # seconds until a request would be allowed again (0 if allowed)


def parse_rate(value: str | int | None, *, unit: str = "m") -> Rate | None:
    """``"20/h"``, ``"5/15m"``, ``"120/minute"`` → Rate; ``0``, ``""``, ``"off"`` →
    None (no limit). A bare number counts per ``unit``."""
    if value is None:
        return None
    text = str(value).strip().lower()
    if text in {"", "0", "off", "none"}:
        return None
    if text.isdigit():
        text = f"{text}/{unit}"
    match = _RATE.match(text)
    if match is None:
        raise ImproperlyConfigured(f"Bad rate {value!r}: write e.g. 20/h or 5/15m.")
    count, multiplier, word = match.groups()
    word = _WORDS.get(word.rstrip("s"), word) if len(word) > 1 else word
    if word not in _UNITS:
        raise ImproperlyConfigured(f"Bad rate unit in {value!r}: use s, m, h or d.")
    if int(count) == 0:
        return None
    return Rate(int(count), int(multiplier or 1) * _UNITS[word])


def rate_for(name: str) -> Rate | None:
    """The configured rate of ``name``; an unknown name is a programming error."""
    rates = settings.RATE_LIMITS
    if name not in rates:
        raise ImproperlyConfigured(
            f"No rate named {name!r} in settings.RATE_LIMITS (see docs/security.md)."
        )
    return parse_rate(rates[name])


def enabled() -> bool:
    return bool(getattr(settings, "RATELIMIT_ENABLE", True))


def _hashed(name: str, key: str) -> str:
    secret = str(settings.SECRET_KEY).encode()
    digest = hmac.new(secret, f"{name}\0{key}".encode(), hashlib.sha256)
    return f"rl:{name}:{digest.hexdigest()[:32]}"


def _estimate(base: str, rate: Rate, now: float) -> tuple[int, float, float, int]:
    window = int(now // rate.period)
    values = cache.get_many([f"{base}:{window}", f"{base}:{window - 1}"])
    current = int(values.get(f"{base}:{window}", 0))
    previous = int(values.get(f"{base}:{window - 1}", 0))
    into = (now - window * rate.period) / rate.period
    return window, current, previous * (1 - into), previous


def _retry_after(rate: Rate, now: float, current: float, previous: int) -> int:
    """Seconds until current + previous' remaining weight leaves room for one more."""
    window_end = (int(now // rate.period) + 1) * rate.period
    if current >= rate.count or previous <= 0:
        return max(1, math.ceil(window_end - now))
    # previous * (1 - f) + current + 1 <= count  →  f >= 1 - (count - current - 1)/prev
    needed = 1 - (rate.count - current - 1) / previous
    start = window_end - rate.period
    return max(1, math.ceil(start + needed * rate.period - now))


def peek(name: str, key: str, *, rate: Rate | None = None) -> Decision:
    """Would one more hit be allowed? Counts nothing."""
    rate = rate or rate_for(name)
    if rate is None or not enabled():
        return Decision(True, 0, 0, 0)
    now = time.time()
    _window, current, weighted, previous = _estimate(_hashed(name, key), rate, now)
    count = current + weighted
    if count + 1 > rate.count:
        return Decision(
            False, rate.count, count, _retry_after(rate, now, current, previous)
        )
    return Decision(True, rate.count, count, 0)


def hit(name: str, key: str, *, rate: Rate | None = None) -> Decision:
    """Count one request of ``key`` against ``name``; the decision says if it may go.

    Refused requests count too (a flood keeps itself blocked)."""
    rate = rate or rate_for(name)
    if rate is None or not enabled():
        return Decision(True, 0, 0, 0)
    now = time.time()
    base = _hashed(name, key)
    window = int(now // rate.period)
    slot = f"{base}:{window}"
    if cache.add(slot, 1, timeout=rate.period * 2 + 1):
        current = 1
    else:
        try:
            current = cache.incr(slot)
        except ValueError:  # expired between add and incr
            cache.add(slot, 1, timeout=rate.period * 2 + 1)
            current = 1
    previous = int(cache.get(f"{base}:{window - 1}", 0))
    into = (now - window * rate.period) / rate.period
    count = current + previous * (1 - into)
    if count > rate.count:
        return Decision(
            False, rate.count, count, _retry_after(rate, now, current - 1, previous)
        )
    return Decision(True, rate.count, count, 0)


def reset(name: str, key: str) -> None:
    """Forget ``key``'s counts under ``name`` (e.g. after a successful log-in)."""
    rate = rate_for(name)
    if rate is None:
        return
    base = _hashed(name, key)
    window = int(time.time() // rate.period)
    cache.delete_many([f"{base}:{window}", f"{base}:{window - 1}"])


def check(name: str, key: str) -> None:
    """``hit`` for services: raise RateLimited (429) when the limit is reached."""
    decision = hit(name, key)
    if not decision.allowed:
        raise RateLimited(
            _("Too many requests. Try again in %(seconds)s seconds.")
            % {"seconds": decision.retry_after},
            retry_after=decision.retry_after,
        )


# --- progressive delay ----------------------------------------------------------------


@dataclass(frozen=True)
class Delay:
    free: int  # failures allowed without delay
    base: int  # seconds of the first delay, doubled per further failure
    maximum: int  # the delay never grows beyond this
    memory: int  # failures are forgotten this long after the last one

    def after(self, failures: int) -> int:
        if failures < self.free:
            return 0
        return int(min(self.maximum, self.base * 2 ** min(failures - self.free, 30)))


def progressive_wait(name: str, key: str, *, delay: Delay) -> int:
    """Seconds ``key`` must still wait before its next attempt; 0 = may try now.

    Past the free failures, one attempt per delay period is let through; it is
    claimed atomically, so parallel requests cannot all slip into the same slot."""
    if not enabled():
        return 0
    base = _hashed(name, key)
    failures = int(cache.get(f"{base}:failures", 0))
    if failures < delay.free:
        return 0
    now = time.time()
    wait = delay.after(failures)
    if cache.add(f"{base}:gate", now + wait, timeout=wait):
        return 0
    until = cache.get(f"{base}:gate")
    if until is None:  # expired in between: try once more to claim it
        return 0 if cache.add(f"{base}:gate", now + wait, timeout=wait) else 1
    return max(1, math.ceil(float(until) - now))


def progressive_fail(name: str, key: str, *, delay: Delay) -> int:
    """Record a failure; returns the wait it imposes (0 while failures are free)."""
    if not enabled():
        return 0
    base = _hashed(name, key)
    if cache.add(f"{base}:failures", 1, timeout=delay.memory):
        failures = 1
    else:
        try:
            failures = cache.incr(f"{base}:failures")
        except ValueError:
            cache.add(f"{base}:failures", 1, timeout=delay.memory)
            failures = 1
        cache.touch(f"{base}:failures", delay.memory)
    wait = delay.after(failures)
    if wait:
        cache.set(f"{base}:gate", time.time() + wait, timeout=wait)
    return wait


def progressive_reset(name: str, key: str) -> None:
    base = _hashed(name, key)
    cache.delete_many([f"{base}:failures", f"{base}:gate"])


# --- keys -----------------------------------------------------------------------------


def client_key(request: HttpRequest) -> str:
    """The client address (REMOTE_ADDR, or X-Forwarded-For from trusted proxies)."""
    return f"ip:{client_ip(request) or 'unknown'}"


def user_or_client_key(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return client_key(request)


# --- views ----------------------------------------------------------------------------


def too_many_requests(request: HttpRequest, retry_after: int) -> HttpResponse:
    """The 429 answer: problem+json under /api/, else the 429 page."""
    message = _("Too many requests. Try again in %(seconds)s seconds.") % {
        "seconds": retry_after
    }
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {
                "type": "https://balai.go.id/problems/rate_limited",
                "code": "rate_limited",
                "title": "Too many requests",
                "status": 429,
                "detail": message,
            },
            status=429,
            content_type="application/problem+json",
        )
    else:
        view = import_string(settings.RATE_LIMIT_VIEW)
        response = view(request, RateLimited(message, retry_after=retry_after))
        response.status_code = 429
    response["Retry-After"] = str(retry_after)
    return response


KeyFunc = Callable[[HttpRequest], str]


def limit(
    name: str,
    *,
    key: KeyFunc = client_key,
    methods: tuple[str, ...] = ("POST",),
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Decorate a view: requests with one of ``methods`` count against ``name``."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method in methods:
                decision = hit(name, key(request))
                if not decision.allowed:
                    return too_many_requests(request, decision.retry_after)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


# --- DRF ------------------------------------------------------------------------------


class NamedRateThrottle(BaseThrottle):
    """A DRF throttle on this limiter: the view's ``rate_limit_name`` (or the class's
    ``rate_name``), per account when signed in, else per client address."""

    rate_name = ""

    def __init__(self) -> None:
        self._wait = 0

    def name_for(self, view: Any) -> str:
        return getattr(view, "rate_limit_name", "") or self.rate_name

    def applies(self, request: Any) -> bool:
        return True

    def key_for(self, request: Any, view: Any) -> str:
        return user_or_client_key(request)

    def rate(self, request: Any, view: Any) -> Rate | None:
        return rate_for(self.name_for(view))

    def allow_request(self, request: Any, view: Any) -> bool:
        name = self.name_for(view)
        if not name or not self.applies(request):
            return True
        decision = hit(name, self.key_for(request, view), rate=self.rate(request, view))
        self._wait = decision.retry_after
        return decision.allowed

    def wait(self) -> float | None:
        return self._wait or None


class AnonRateThrottle(NamedRateThrottle):
    """Anonymous API clients, per address (``RATE_LIMITS["api_anon"]``)."""

    rate_name = "api_anon"

    def name_for(self, view: Any) -> str:
        return self.rate_name

    def applies(self, request: Any) -> bool:
        return not request.user.is_authenticated


class UserRateThrottle(NamedRateThrottle):
    """Signed-in API clients, per account (``RATE_LIMITS["api_user"]``)."""

    rate_name = "api_user"

    def name_for(self, view: Any) -> str:
        return self.rate_name

    def applies(self, request: Any) -> bool:
        return bool(request.user.is_authenticated)
