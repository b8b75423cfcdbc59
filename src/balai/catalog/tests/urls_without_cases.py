# SPDX-License-Identifier: EUPL-1.2
"""The project's URLs without the cases app, as before it provides its start page."""

from django.urls import URLResolver

from balai.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    pattern
    for pattern in project_urlpatterns
    if not (isinstance(pattern, URLResolver) and pattern.namespace == "cases")
]
