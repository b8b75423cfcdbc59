# SPDX-License-Identifier: EUPL-1.2
"""Pages of the cases app (mounted at the site root; each path carries its prefix)."""

from django.urls import path  # noqa: F401

app_name = "cases"
urlpatterns: list = []
