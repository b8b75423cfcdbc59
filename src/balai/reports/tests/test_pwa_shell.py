# SPDX-License-Identifier: EUPL-1.2
"""Manifest and service worker: content types, headers and what they list."""

from __future__ import annotations

import json
import re

from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from PIL import Image

from balai.reports.pwa import shell


def test_manifest_is_installable_json(client: Client) -> None:
    response = client.get(reverse("reports:pwa-manifest"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert data["lang"] == "id"
    assert data["start_url"] == data["scope"] == "/lapor/"
    assert data["display"] == "standalone"
    assert data["name"] and data["short_name"] and data["theme_color"]
    sizes = {(icon["sizes"], icon["purpose"]) for icon in data["icons"]}
    assert {("192x192", "any"), ("512x512", "any")} <= sizes
    assert {("192x192", "maskable"), ("512x512", "maskable")} <= sizes
    for icon in data["icons"]:
        path = finders.find(icon["src"].removeprefix("/static/"))
        assert path, icon["src"]
        with Image.open(path) as image:
            assert f"{image.width}x{image.height}" == icon["sizes"]


def test_service_worker_headers_and_precache(client: Client, settings) -> None:
    settings.MAP_TILE_URL = ""
    response = client.get(reverse("reports:pwa-sw"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert "no-cache" in response["Cache-Control"]
    assert response["Service-Worker-Allowed"] == "/lapor/"
    body = response.content.decode()
    precache = json.loads(re.search(r"var PRECACHE = (\[.*?\]);", body).group(1))
    assert "/static/reports/pwa/report.js" in precache
    assert "/static/reports/pwa/icons/icon-192.png" in precache
    # the map works offline: Leaflet and the areas it draws on are kept
    assert "/static/reports/vendor/leaflet/leaflet.js" in precache
    assert "/static/reports/basemap.js" in precache
    assert 'var AREAS_URL = "/laporan/wilayah.json"' in body
    assert 'importScripts("/static/reports/pwa/queue.js")' in body
    for url in precache:  # every precached file exists, or install would fail
        assert finders.find(url.removeprefix("/static/")), url


def test_service_worker_version_follows_the_shell(
    client: Client, settings, monkeypatch
) -> None:
    def version() -> str:
        body = client.get(reverse("reports:pwa-sw")).content.decode()
        return re.search(r'var VERSION = "([0-9a-f]+)"', body).group(1)

    before = version()
    assert version() == before
    monkeypatch.setattr(shell, "SHELL_ASSETS", (*shell.SHELL_ASSETS, "reports/map.js"))
    assert version() != before


def test_pages_reference_only_same_origin_assets_and_no_inline_script(
    client: Client, db
) -> None:
    for name in ("reports:pwa-report", "reports:pwa-mine"):
        html = client.get(reverse(name)).content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or 'type="application/json"' in tag, tag
        assert "style=" not in html
        assert "https://" not in re.sub(r'href="https://[^"]+"', "", html)


def test_axe_core_is_a_test_asset_the_site_never_serves(client: Client) -> None:
    from balai.core.testing import browser

    here = browser.AXE.parent
    assert (here / "axe.min.js").exists() and (here / "LICENSE").exists()
    assert finders.find("axe.min.js") is None
    assert finders.find("vendor/axe-core/axe.min.js") is None
    assert client.get("/static/vendor/axe-core/axe.min.js").status_code == 404
