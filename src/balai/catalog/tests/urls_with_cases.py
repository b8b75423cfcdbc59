# SPDX-License-Identifier: EUPL-1.2
"""The project's URLs plus a stand-in for the cases app's start page, for the tests of
the service page's "apply" button (used only when the real one is not there yet)."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from balai.urls import urlpatterns as project_urlpatterns


def application_start(request: HttpRequest, slug: str) -> HttpResponse:
    return HttpResponse(slug)


cases_patterns = (
    [path("permohonan/baru/<slug:slug>/", application_start, name="application-start")],
    "cases",
)
urlpatterns = [path("", include(cases_patterns)), *project_urlpatterns]
