# SPDX-License-Identifier: EUPL-1.2
"""Whole public pages kept per process for visitors who bring nothing of their own.

The home page, the catalogue and each service page are the same for every visitor
without a session: only the path, the language, the host and the catalogue decide
them. Rendering their shared layout was most of their cost, so a page view wrapped in
``public_page`` renders such a visitor's page once and serves the stored bytes to the
next ones, per process (like ``core.urlcache``), for ``PAGE_CACHE_SECONDS``.

A page is served from (and kept in) the store only when all of this holds:

* GET or HEAD without a query string and not an htmx request;
* no session cookie, no messages cookie and no ``Authorization`` header, and the user
  is anonymous: a signed-in visitor (a session) is never given a stored page and their
  page is never stored;
* the answer is a plain 200 that sets no cookie and wrote no session, and the view did
  not ask for the visitor's CSRF token itself (``get_token``).

No token is ever stored. While a page is rendered for the store its ``csrf_token``
is a per-process placeholder (``csrf_placeholder``, a context processor); every
answer, the first included, gets the visitor's own masked token in its place, so the
CSRF cookie is set exactly as when the page is rendered for them.

The key holds the view, the path, the active language, the scheme, the host, the
script prefix, the URLconf and what the view names (the catalogue's fingerprint);
the store empties on any settings change (tests), when the navigation changes, and
``clear()`` empties it (the test fixtures do, beside the cache).
"""

from __future__ import annotations

import functools
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.urls import get_script_prefix, get_urlconf
from django.utils.translation import get_language

# What ``{{ csrf_token }}`` renders while a page is rendered for the store: random per
# process, so no page content can contain it by chance; only [0-9a-z] (no escaping).
PLACEHOLDER = "balaicsrf" + secrets.token_hex(24)
_PLACEHOLDER_BYTES = PLACEHOLDER.encode("ascii")
_ATTRIBUTE = "_balai_page_cache_render"
MAX_PAGES = 512
# headers a stored answer must not repeat (set anew per answer)
_NOT_KEPT = frozenset({"content-length", "set-cookie"})

View = Callable[..., HttpResponse]


class _Page:
    __slots__ = ("body", "expires", "has_token", "headers")

    def __init__(
        self, body: bytes, headers: list[tuple[str, str]], expires: float
    ) -> None:
        self.body = body
        self.headers = headers
        self.expires = expires
        self.has_token = _PLACEHOLDER_BYTES in body


_lock = threading.Lock()
_pages: OrderedDict[tuple[Any, ...], _Page] = OrderedDict()


def clear() -> None:
    """Forget every stored page (navigation changes, settings changes, tests)."""
    with _lock:
        _pages.clear()


def stored() -> int:
    """How many pages this process keeps (tests, diagnostics)."""
    return len(_pages)


@receiver(setting_changed)
def _settings_changed(**kwargs: Any) -> None:
    clear()


def csrf_placeholder(request: HttpRequest) -> dict[str, Any]:
    """Context processor: the placeholder as ``csrf_token`` while a page is rendered
    for the store (it runs after Django's built-in ``csrf`` and replaces it)."""
    if getattr(request, _ATTRIBUTE, False):
        return {"csrf_token": PLACEHOLDER}
    return {}


def _seconds() -> int:
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 0) or 0)


def _anonymous_visitor(request: HttpRequest) -> bool:
    """Whether this request's page depends on nothing but the key (see above)."""
    if request.method not in ("GET", "HEAD"):
        return False
    meta = request.META
    if meta.get("QUERY_STRING") or "HTTP_HX_REQUEST" in meta:
        return False
    if "HTTP_AUTHORIZATION" in meta:
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies:
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def _key(
    view: View, request: HttpRequest, extra: Callable[[], Any] | None
) -> tuple[Any, ...]:
    return (
        view,
        request.path,
        get_language(),
        request.scheme,
        request.get_host(),
        get_script_prefix(),
        get_urlconf(),
        extra() if extra is not None else None,
    )


def _answer(page: _Page, request: HttpRequest) -> HttpResponse:
    body = page.body
    if page.has_token:
        body = body.replace(_PLACEHOLDER_BYTES, get_token(request).encode("ascii"))
    response = HttpResponse(body)
    for name, value in page.headers:
        response[name] = value
    return response


def _storable(request: HttpRequest, response: HttpResponse, asked: bool) -> bool:
    session = getattr(request, "session", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not asked
        and not (session is not None and session.modified)
        and "private" not in response.get("Cache-Control", "")
    )


def public_page(extra: Callable[[], Any] | None = None) -> Callable[[View], View]:
    """Serve the decorated page view from the per-process store when it may be.

    ``extra``: a callable whose value joins the key (e.g. the catalogue's
    fingerprint, so an edited catalogue is never served from an older page).
    """

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            seconds = _seconds()
            if seconds <= 0 or not _anonymous_visitor(request):
                return view(request, *args, **kwargs)
            key = _key(view, request, extra)
            page = _pages.get(key)
            now = time.monotonic()
            if page is not None and page.expires > now:
                return _answer(page, request)
            return _render(view, request, args, kwargs, key, now + seconds)

        return wrapper

    return decorate


def _render(
    view: View,
    request: HttpRequest,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    key: tuple[Any, ...],
    expires: float,
) -> HttpResponse:
    """Render the page with the placeholder, keep it if it may be, answer it."""
    meta = request.META
    # a view (or a tag) that calls get_token() itself marks the cookie for update:
    # its page holds a real token and is not kept
    needed = meta.pop("CSRF_COOKIE_NEEDS_UPDATE", None)
    setattr(request, _ATTRIBUTE, True)
    try:
        response = view(request, *args, **kwargs)
    finally:
        delattr(request, _ATTRIBUTE)
        asked = bool(meta.get("CSRF_COOKIE_NEEDS_UPDATE"))
        if needed is not None and not asked:
            meta["CSRF_COOKIE_NEEDS_UPDATE"] = needed
    if not _storable(request, response, asked):
        if _PLACEHOLDER_BYTES in getattr(response, "content", b""):
            response.content = response.content.replace(
                _PLACEHOLDER_BYTES, get_token(request).encode("ascii")
            )
        return response
    headers = [
        (name, value)
        for name, value in response.items()
        if name.lower() not in _NOT_KEPT
    ]
    page = _Page(response.content, headers, expires)
    with _lock:
        _pages[key] = page
        _pages.move_to_end(key)
        while len(_pages) > MAX_PAGES:
            _pages.popitem(last=False)
    if page.has_token:
        response.content = page.body.replace(
            _PLACEHOLDER_BYTES, get_token(request).encode("ascii")
        )
    return response
