# SPDX-License-Identifier: EUPL-1.2
"""REST API of the cases app.

Mounted under /api/v1/; each path carries its own prefix.
"""

from django.urls import path  # noqa: F401

app_name = "cases-api"
urlpatterns: list = []
