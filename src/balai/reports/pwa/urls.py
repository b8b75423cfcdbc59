# SPDX-License-Identifier: EUPL-1.2
"""The reporting PWA under /lapor/ (names in the ``reports`` namespace, ``pwa-*``).

Included by ``balai.reports.urls``; the service worker lives at /lapor/sw.js so that
its scope is /lapor/ without a Service-Worker-Allowed header.
"""

from django.urls import path

from balai.reports.pwa import mine, shell, views

urlpatterns = [
    path("lapor/", views.report_create, name="pwa-report"),
    path("lapor/kirim/", views.report_submit, name="pwa-submit"),
    path("lapor/token/", views.csrf_token, name="pwa-token"),
    path("lapor/sw.js", shell.service_worker, name="pwa-sw"),
    path("lapor/manifest.webmanifest", shell.manifest, name="pwa-manifest"),
    path("lapor/sekitar/", mine.nearby, name="pwa-nearby"),
    path("lapor/dukung/<str:public_id>/", mine.support, name="pwa-support"),
    path("lapor/saya/", mine.my_reports, name="pwa-mine"),
    path("lapor/status/", mine.report_statuses, name="pwa-status"),
]
