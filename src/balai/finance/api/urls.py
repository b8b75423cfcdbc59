# SPDX-License-Identifier: EUPL-1.2
"""The public finance API, under /api/v1/finance/."""

from django.urls import URLPattern, path

from balai.finance.api import views

app_name = "finance-api"

urlpatterns: list[URLPattern] = [
    path("finance/years/", views.YearListApi.as_view(), name="year-list"),
    path("finance/budget/", views.BudgetApi.as_view(), name="budget"),
    path("finance/cash-plan/", views.CashPlanApi.as_view(), name="cash-plan"),
    path("finance/codes/<str:tree>/", views.CodeListApi.as_view(), name="code-list"),
]
