# SPDX-License-Identifier: EUPL-1.2
"""What Balai offers citizens, as shown on the home page.

Each offering names the app that serves it and a URL of that app. An offering whose
app is not installed (yet) is shown without a link, as "coming soon"; an offering
whose app *is* installed must resolve, so a renamed or mistyped URL fails loudly
(``NoReverseMatch`` on the home page and in its tests) instead of hiding a working
service behind "coming soon".
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Offering:
    key: str
    title: str | Promise
    summary: str | Promise
    url_name: str
    app: str  # the dotted name of the app that serves it, e.g. "balai.reports"


@dataclass(frozen=True)
class ResolvedOffering:
    key: str
    title: str | Promise
    summary: str | Promise
    url: str | None


OFFERINGS: tuple[Offering, ...] = (
    Offering(
        key="services",
        title=_("Online services"),
        summary=_(
            "Apply for permits, certificates and other documents online, pay fees and "
            "follow your application step by step."
        ),
        url_name="catalog:service-list",
        app="balai.catalog",
    ),
    Offering(
        key="taxes",
        title=_("My taxes"),
        summary=_(
            "See your land and building tax (PBB-P2) bills and how they were "
            "computed, pay them online and download the receipt."
        ),
        url_name="tax:my-taxes",
        app="balai.tax",
    ),
    Offering(
        key="reports",
        title=_("Report a problem"),
        summary=_(
            "Tell us about broken roads, street lights, rubbish or flooding, and "
            "follow how it is handled."
        ),
        url_name="reports:pwa-report",
        app="balai.reports",
    ),
    Offering(
        key="population-data",
        title=_("Your population data"),
        summary=_(
            "See what the population register holds about you and your family, who has "
            "used it and why, and ask for corrections."
        ),
        url_name="portal:my-data",
        app="balai.portal",
    ),
    Offering(
        key="transparency",
        title=_("Transparency"),
        summary=_(
            "See how the local budget is planned and spent, open to everyone and "
            "downloadable as open data."
        ),
        url_name="finance:transparency",
        app="balai.finance",
    ),
    Offering(
        key="participation",
        title=_("Participation"),
        summary=_(
            "Take part in polls and public consultations and propose projects for "
            "participatory budgeting."
        ),
        url_name="participation:home",
        app="balai.participation",
    ),
)


def offering_list() -> list[ResolvedOffering]:
    """The offerings, linked when their app is installed (a bad URL name raises)."""
    return [
        ResolvedOffering(
            key=offering.key,
            title=offering.title,
            summary=offering.summary,
            url=reverse(offering.url_name) if apps.is_installed(offering.app) else None,
        )
        for offering in OFFERINGS
    ]
