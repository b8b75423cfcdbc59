# SPDX-License-Identifier: EUPL-1.2
"""First-load transfer of the reporting PWA's page /lapor/ against its 200 KB budget.

Counts what a phone downloads on its first visit: the HTML, every same-origin asset
the page references (stylesheets, scripts, icons, the manifest and the icons it
lists) and the service worker script. Static files are collected with the production
storage (hashed names, .gz beside each file) into a temporary STATIC_ROOT and served
by WhiteNoise to a client that sends ``Accept-Encoding: gzip``, as in production. The
HTML is counted as Django sends it (uncompressed: no GZip middleware); a second row
shows it gzipped, as a compressing proxy would send it. Response headers are not
counted. Two variants: without a tile server (the default: no Leaflet) and with one
(Leaflet's script, stylesheet and marker images on top).
"""

from __future__ import annotations

import gzip
import json
import os
import re
import tempfile
from html.parser import HTMLParser
from typing import Any

import serving

BUDGET_BYTES = 200 * 1024
TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
# Leaflet fetches its marker images from script (not named in the HTML); a phone
# with a high-density screen takes the 2x icon.
LEAFLET_RUNTIME = (
    "reports/vendor/leaflet/images/marker-icon-2x.png",
    "reports/vendor/leaflet/images/marker-shadow.png",
)


class References(HTMLParser):
    """Same-origin URLs a browser fetches while loading the page."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        url = None
        if tag == "link" and values.get("rel") in {
            "stylesheet",
            "manifest",
            "icon",
            "apple-touch-icon",
        }:
            url = values.get("href")
        elif tag in {"script", "img"}:
            url = values.get("src")
        if url and url.startswith("/") and not url.startswith("//"):
            self.urls.append(url)
        if tag == "form" and values.get("data-sw-url"):
            self.urls.append(values["data-sw-url"] or "")


def _setup_django(var_dir: str) -> None:
    os.environ["BALAI_VAR_DIR"] = var_dir
    os.environ.pop("BALAI_DATABASE_URL", None)
    os.environ.setdefault("BALAI_ENV", "test")
    os.environ["DJANGO_SETTINGS_MODULE"] = "balai.settings"
    import django

    django.setup()
    serving.migrate()


def _seed_categories() -> None:
    """A realistic picker: a dozen categories in four groups."""
    from balai.reports.models import Category

    groups = {
        "Jalan dan trotoar": ["Jalan berlubang", "Trotoar rusak", "Rambu hilang"],
        "Penerangan": ["Lampu jalan mati", "Lampu taman mati"],
        "Kebersihan": ["Sampah menumpuk", "TPS penuh", "Pembuangan liar"],
        "Air dan drainase": [
            "Banjir",
            "Saluran tersumbat",
            "Pipa PDAM bocor",
            "Genangan",
        ],
    }
    for group, names in groups.items():
        for name in names:
            code = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
            Category.objects.get_or_create(
                code=code,
                defaults={
                    "name_id": name,
                    "group": group,
                    "description_id": f"Laporkan {name.lower()} di sekitar Anda.",
                },
            )


def _body(response: Any) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def _fetch(client: Any, url: str) -> int:
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")
    return len(_body(response))


def _first_load(client: Any, static_url: str, leaflet: bool) -> tuple[int, int, int]:
    """(bytes as served, bytes with the HTML gzipped, number of responses)."""
    page = client.get("/lapor/", HTTP_ACCEPT_ENCODING="gzip")
    if page.status_code != 200:
        raise RuntimeError(f"GET /lapor/ answered {page.status_code}")
    html = _body(page)
    parser = References()
    parser.feed(html.decode())
    urls = list(dict.fromkeys(parser.urls))
    manifest_url = next(url for url in urls if url.endswith(".webmanifest"))
    manifest = json.loads(_body(client.get(manifest_url)))
    urls += [icon["src"] for icon in manifest["icons"]]
    if leaflet:
        from django.templatetags.static import static

        urls += [static(path) for path in LEAFLET_RUNTIME]
    assets = sum(_fetch(client, url) for url in dict.fromkeys(urls))
    return len(html) + assets, len(gzip.compress(html)) + assets, len(urls) + 1


def run() -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="balai-bench-") as var_dir:
        _setup_django(var_dir)
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connections
        from django.test import Client
        from django.test.utils import override_settings

        _seed_categories()
        production_static = {
            "STORAGES": {
                **settings.STORAGES,
                "staticfiles": {
                    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
                },
            },
            "STATIC_ROOT": os.path.join(var_dir, "static-collected"),
            "WHITENOISE_USE_FINDERS": False,
            "DEBUG": False,
        }
        rows: list[dict] = []
        with override_settings(**production_static):
            call_command("collectstatic", interactive=False, verbosity=0)
            for leaflet in (False, True):
                with override_settings(MAP_TILE_URL=TILE_URL if leaflet else ""):
                    client = Client(HTTP_HOST="localhost")  # fresh middleware
                    served, all_gzip, count = _first_load(
                        client, settings.STATIC_URL, leaflet
                    )
                label = "with map (Leaflet)" if leaflet else "no tiles (default)"
                rows.append(
                    {
                        "name": f"first load /lapor/ ({count} files), {label}",
                        "value": round(served / 1024, 1),
                        "unit": "KB",
                        "ratio": served / BUDGET_BYTES,
                    }
                )
                rows.append(
                    {
                        "name": f"  same, HTML gzipped by a proxy, {label}",
                        "value": round(all_gzip / 1024, 1),
                        "unit": "KB",
                        "ratio": all_gzip / BUDGET_BYTES,
                    }
                )
        connections.close_all()
    return rows


if __name__ == "__main__":
    for row in run():
        print(row)
