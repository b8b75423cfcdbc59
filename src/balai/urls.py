# SPDX-License-Identifier: EUPL-1.2
"""Root URL configuration: pages, admin, API and probes."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.i18n import set_language

from csp.decorators import csp_update
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from balai.core import views as core_views
from balai.core.api.views import PingApi, api_not_found

# Agency systems' exchange calls come right after ping: under load they are the
# most frequent API requests, and no other API route starts with "registry/".
api_v1 = [
    path("ping/", PingApi.as_view(), name="api-ping"),
    path("registry/", include("balai.registry.exchange.urls")),
    path("", include("balai.regions.api.urls")),
    path("", include("balai.accounts.api.urls")),
    path("", include("balai.catalog.api.urls")),
    path("", include("balai.payments.api.urls")),
    path("", include("balai.tax.api.urls")),
    path("", include("balai.cases.api.urls")),
    path("", include("balai.reports.api.urls")),
    path("", include("balai.sentiment.api.urls")),
    path("", include("balai.assistant.api.urls")),
    path("", include("balai.participation.api.urls")),
    path("", include("balai.finance.api.urls")),
]

# The API first: its paths all start with "api/" and no page route does (the pages'
# routes all start with a fixed word, and the home page is ""), so resolving an API
# call no longer tests every page route first (24 resolver calls and 178 pattern
# tests per exchange lookup before). core/tests/test_url_order.py checks that the
# order changes the meaning of no path.
api_urlpatterns = [
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        # Swagger UI sets inline styles; scripts stay 'self' only (split view).
        csp_update({"style-src": ["'unsafe-inline'"]})(
            SpectacularSwaggerSplitView.as_view(url_name="api-schema")
        ),
        name="api-docs",
    ),
    re_path(r"^api/(?P<path>[\s\S]*)\Z", api_not_found),
]

page_urlpatterns = [
    path("", include("balai.portal.urls")),
    path("akun/", include("balai.accounts.urls")),
    path("keamanan/", include("balai.security.urls")),
    path("register/integrasi/", include("balai.registry.integration.urls")),
    path("register/", include("balai.registry.urls")),
    path("statistik/", include("balai.registry.statistics.urls")),
    path("", include("balai.catalog.urls")),
    path("", include("balai.payments.urls")),
    path("", include("balai.tax.urls")),
    path("", include("balai.cases.urls")),
    path("", include("balai.cases.documents.urls")),
    path("", include("balai.reports.urls")),
    path("", include("balai.finance.urls")),
    path("", include("balai.sentiment.urls")),
    path("", include("balai.assistant.urls")),
    path("", include("balai.participation.urls")),
    path("i18n/setlang/", set_language, name="set-language"),
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("admin/", admin.site.urls),
]

urlpatterns = [*api_urlpatterns, *page_urlpatterns]

if settings.DEBUG:
    # Development only: public media files. Private uploads (under private/) are
    # never served by URL; staff download them through audited views.
    urlpatterns.insert(
        0, re_path(r"^media/(?P<path>.*)$", core_views.public_media, name="media")
    )

handler400 = "balai.portal.views.error_400"
handler403 = "balai.portal.views.error_403"
handler404 = "balai.portal.views.error_404"
handler500 = "balai.portal.views.error_500"
