# SPDX-License-Identifier: EUPL-1.2
"""Application submit throughput: through the service layer and through HTTP.

A fresh SQLite database in a temporary BALAI_VAR_DIR; one citizen applies again and
again for a document-less, free service of Disdukcapil (so the figure is the
workflow's own cost: answers validated and encrypted, a number allocated, the
timeline, audit entries and the receipt notification queued after commit). The
HTTP path posts the form page and the review page (two requests per application,
CSRF off as in Django's test client). The HTTP figure is given in requests per
second as a ratio to ``GET /api/v1/ping/`` in-process in the same run (the rule for
every HTTP figure); the service-layer figure stands on its own.
"""

from __future__ import annotations

import os
import tempfile
import time
import uuid

import serving

WINDOW_SECONDS = 3.0
TIMEOUT_SECONDS = 180


def _setup_django(var_dir: str) -> None:
    os.environ["BALAI_VAR_DIR"] = var_dir
    os.environ.pop("BALAI_DATABASE_URL", None)
    os.environ.setdefault("BALAI_ENV", "test")
    os.environ.setdefault("BALAI_TASKS_BACKEND", "immediate")
    os.environ["DJANGO_SETTINGS_MODULE"] = "balai.settings"
    from balai.cases.tests.catalog import catalog_dir_for_tests

    os.environ["BALAI_CATALOG_DIR"] = str(catalog_dir_for_tests())
    import django

    django.setup()
    serving.migrate()


def _service():
    """A document-less, free Disdukcapil service from the test catalog (the folder
    BALAI_CATALOG_DIR points at, see _setup_django)."""
    from balai.cases import catalog_access
    from balai.cases.tests.catalog import SIMPLE

    return catalog_access.service_get(SIMPLE)


def _people():
    from balai.accounts.models import Agency, GovernmentUnit, User

    unit = GovernmentUnit.objects.create(name="Pemerintah Kota Uji", level="city")
    Agency.objects.create(
        unit=unit, code="disdukcapil", name="Disdukcapil Uji", short_name="Dukcapil"
    )
    citizen = User(
        email="warga.bench@balai.test", nik="3273015708900003", full_name="Warga Uji"
    )
    citizen.set_unusable_password()
    citizen.save()
    return citizen


def _per_second(step) -> float:
    for _ in range(5):
        step()
    count, started = 0, time.perf_counter()
    while time.perf_counter() - started < WINDOW_SECONDS:
        step()
        count += 1
    return count / (time.perf_counter() - started)


def run() -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="balai-bench-") as var_dir:
        _setup_django(var_dir)
        from django.db import connections
        from django.test import Client

        from balai.cases import services
        from balai.cases.models import Application

        service = _service()
        citizen = _people()

        def through_services() -> None:
            application = services.application_start(
                actor=citizen, service=service, answers={"purpose": "Melamar kerja"}
            )
            services.application_submit(actor=citizen, application=application)

        client = Client(HTTP_HOST="localhost")
        client.force_login(citizen, backend="balai.accounts.backends.LoginBackend")
        start = f"/permohonan/baru/{service.slug}/"

        def through_http() -> None:
            response = client.post(
                start, {"purpose": "Melamar kerja", "token": uuid.uuid4().hex}
            )
            if response.status_code != 302:
                raise RuntimeError(f"POST {start} answered {response.status_code}")
            review = response["Location"].replace("/dokumen/", "/tinjau/")
            done = client.post(review, {"token": uuid.uuid4().hex, "confirm": "on"})
            if done.status_code != 302 or "tanda-terima" not in done["Location"]:
                raise RuntimeError(f"POST {review} answered {done.status_code}")

        def ping() -> None:
            if client.get("/api/v1/ping/").status_code != 200:
                raise RuntimeError("GET /api/v1/ping/ failed")

        layer = _per_second(through_services)
        http = _per_second(through_http)
        baseline = _per_second(ping)
        submitted = Application.objects.exclude(number=None).count()
        connections.close_all()
    return [
        {
            "name": "in-process GET /api/v1/ping/ (baseline, signed in)",
            "value": baseline,
            "unit": "req/s",
            "ratio": 1.0,
        },
        {"name": "submit via services", "value": layer, "unit": "applications/s"},
        {
            "name": "submit via HTTP (2 POSTs each)",
            "value": 2 * http,
            "unit": "req/s",
            "ratio": 2 * http / baseline,
        },
        {"name": "applications submitted", "value": submitted, "unit": "rows"},
    ]
