# SPDX-License-Identifier: EUPL-1.2
"""Public verification of issued documents (mounted at the site root)."""

from django.urls import path  # noqa: F401

app_name = "documents"
urlpatterns: list = []
