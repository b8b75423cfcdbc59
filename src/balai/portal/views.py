# SPDX-License-Identifier: EUPL-1.2
"""Public pages of the portal shell and the error pages."""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.functional import SimpleLazyObject
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_safe

from balai.core import pagecache, resilience
from balai.portal.offerings import offering_list

logger = logging.getLogger(__name__)

# Shown when even the standalone 500 template cannot be rendered; both languages, since
# the active one may be the thing that broke.
MINIMAL_500_HTML = """<!DOCTYPE html>
<html lang="id">
<head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Terjadi kesalahan / Something went wrong</title></head>
<body>
<main>
<h1>Terjadi kesalahan pada server</h1>
<p>Maaf, halaman ini tidak dapat ditampilkan. Silakan coba lagi beberapa saat lagi.</p>
<p><a href="/">Kembali ke beranda</a></p>
<div lang="en">
<h2>Server error</h2>
<p>Sorry, this page cannot be shown. Please try again in a few moments.</p>
<p><a href="/">Back to the home page</a></p>
</div>
</main>
</body>
</html>
"""


@require_safe
@pagecache.public_page()
def home(request: HttpRequest) -> HttpResponse:
    # Lazy: the offerings fragment is cached per language, so the list (a reverse()
    # per offering) is built only when the fragment is rendered anew.
    offerings = SimpleLazyObject(offering_list)
    return render(request, "portal/home.html", {"offerings": offerings})


@require_safe
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/about.html")


@requires_csrf_token
def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


@requires_csrf_token
def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


@requires_csrf_token
def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    """Render the standalone 500 page without context processors or the database.

    The page is rendered without the request, so no context processor (user, session,
    database) runs; if even that fails, a fixed bilingual page is returned, because an
    error handler that raises leaves the visitor with nothing. A database connection
    lost outside a view (a middleware's query) answers 503 instead
    (``balai.core.resilience``).
    """
    lost = resilience.database_error_response(request)
    if lost is not None:
        return lost
    try:
        body = loader.get_template("500.html").render({"SITE_NAME": settings.SITE_NAME})
    # A boundary like a task's: nothing may escape the last-resort handler.
    except Exception:
        logger.exception("error_page_render_failed")
        body = MINIMAL_500_HTML
    return HttpResponseServerError(body)


@requires_csrf_token
def rate_limited(
    request: HttpRequest, exception: Exception | None = None
) -> HttpResponse:
    """Too many requests from one address to a public write endpoint (HTTP 429)."""
    return render(request, "429.html", status=429)
