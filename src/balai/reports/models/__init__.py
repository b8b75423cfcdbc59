# SPDX-License-Identifier: EUPL-1.2
"""Models of the reports app, one concern per module."""

from balai.reports.models.areas import Area, FieldTeam, RoutingRule
from balai.reports.models.categories import Category
from balai.reports.models.open311 import Open311Client, RequestToken
from balai.reports.models.reports import Photo, Report, ReportUpdate

__all__ = [
    "Area",
    "Category",
    "FieldTeam",
    "Open311Client",
    "Photo",
    "Report",
    "ReportUpdate",
    "RequestToken",
    "RoutingRule",
]
