# SPDX-License-Identifier: EUPL-1.2
"""The participation landing page: consultations, polls and Musrenbang in one place."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "participation/home.html", {})
