# SPDX-License-Identifier: EUPL-1.2
"""REST API of the reports app.

Mounted under /api/v1/; each path carries its own prefix.
"""

from django.urls import URLPattern, URLResolver, path  # noqa: F401

app_name = "reports-api"
urlpatterns: list[URLPattern | URLResolver] = []
