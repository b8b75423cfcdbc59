# SPDX-License-Identifier: EUPL-1.2
"""The installable shell: web app manifest and service worker, served from /lapor/.

Both are rendered by views so they name static files by the URLs the server really
uses (hashed by ManifestStaticFilesStorage in production). The service worker's
version is a digest of those files' contents and of its own template, so any change
of the shell makes browsers install the new worker and drop the old cache.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import get_template, render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

SHELL_ASSETS = (
    "portal/balai.css",
    "portal/balai.js",
    "portal/favicon.svg",
    "vendor/htmx/htmx.min.js",
    "reports/pwa/pwa.css",
    "reports/basemap.js",
    "reports/pwa/queue.js",
    "reports/pwa/report.js",
    "reports/pwa/mine.js",
    "reports/pwa/icons/icon-192.png",
    "reports/pwa/icons/icon-512.png",
    "reports/pwa/icons/maskable-192.png",
    "reports/pwa/icons/maskable-512.png",
    "reports/pwa/icons/apple-touch-icon-180.png",
)
LEAFLET_ASSETS = (
    "reports/vendor/leaflet/leaflet.css",
    "reports/vendor/leaflet/leaflet.js",
    "reports/vendor/leaflet/images/marker-icon.png",
    "reports/vendor/leaflet/images/marker-icon-2x.png",
    "reports/vendor/leaflet/images/marker-shadow.png",
)
ICONS = (
    ("reports/pwa/icons/icon-192.png", "192x192", "any"),
    ("reports/pwa/icons/icon-512.png", "512x512", "any"),
    ("reports/pwa/icons/maskable-192.png", "192x192", "maskable"),
    ("reports/pwa/icons/maskable-512.png", "512x512", "maskable"),
)


def shell_assets() -> tuple[str, ...]:
    """Static paths the service worker precaches (Leaflet too: the map works offline,
    drawn over the areas when there are no tiles)."""
    return SHELL_ASSETS + LEAFLET_ASSETS


def _read(path: str) -> bytes:
    """A static file's bytes, from the collected files or else from the finders."""
    if staticfiles_storage.exists(path):
        with staticfiles_storage.open(path) as handle:
            return handle.read()
    found = finders.find(path)
    if not found:
        raise FileNotFoundError(path)
    with open(found, "rb") as handle:
        return handle.read()


@lru_cache(maxsize=4)
def _digest(paths: tuple[str, ...], template_source: bytes) -> str:
    digest = hashlib.sha256(template_source)
    for path in paths:
        digest.update(path.encode())
        digest.update(_read(path))
    return digest.hexdigest()[:16]


def shell_version() -> str:
    """Changes whenever a precached file or the worker's own template changes."""
    template = get_template("reports/pwa/sw.js")
    origin = getattr(getattr(template, "template", template), "origin", None)
    source = Path(origin.name).read_bytes() if origin and origin.name else b""
    # development serves unhashed static names: recompute so edits reach the phone
    compute = _digest.__wrapped__ if settings.DEBUG else _digest
    return compute(shell_assets(), source)


def _js(value: object) -> str:
    return mark_safe(json.dumps(value))  # noqa: S308 -- JSON of our own URLs


@never_cache
@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The worker script; never cached by HTTP, so updates reach phones at once."""
    scope = reverse("reports:pwa-report")
    context = {
        "scope": scope,
        "areas_url_json": _js(reverse("reports:public-areas")),
        "version_json": _js(shell_version()),
        "shell_url_json": _js(scope),
        "static_prefix_json": _js(settings.STATIC_URL),
        "precache_json": _js([static(path) for path in shell_assets()]),
        "token_url_json": _js(reverse("reports:pwa-token")),
        "queue_js_json": _js(static("reports/pwa/queue.js")),
    }
    body = render_to_string("reports/pwa/sw.js", context)
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = scope
    return response


@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest (Indonesian names, standalone, maskable icons)."""
    start = reverse("reports:pwa-report")
    data = {
        "name": "Lapor Balai — Laporan Warga",
        "short_name": "Lapor",
        "description": "Laporkan masalah di sekitar Anda: jalan rusak, lampu jalan "
        "mati, sampah, banjir. Bisa dipakai tanpa sinyal.",
        "lang": "id",
        "dir": "ltr",
        "start_url": start,
        "scope": start,
        "id": start,
        "display": "standalone",
        "orientation": "portrait",
        "theme_color": "#04434d",
        "background_color": "#ffffff",
        "categories": ["government", "utilities"],
        "icons": [
            {
                "src": static(path),
                "sizes": sizes,
                "type": "image/png",
                "purpose": purpose,
            }
            for path, sizes, purpose in ICONS
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    response["Cache-Control"] = "public, max-age=3600"
    return response
