# SPDX-License-Identifier: EUPL-1.2
"""What Balai offers citizens, as shown on the home page.

Each offering names the URL of the app that serves it; until that app is installed the
name does not resolve and the home page shows the offering without a link.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Offering:
    key: str
    title: str | Promise
    summary: str | Promise
    url_name: str


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
    ),
    Offering(
        key="reports",
        title=_("Report a problem"),
        summary=_(
            "Tell us about broken roads, street lights, rubbish or flooding, and "
            "follow how it is handled."
        ),
        url_name="reports:report-create",
    ),
    Offering(
        key="population-data",
        title=_("Your population data"),
        summary=_(
            "See what the population register holds about you and your family, who has "
            "used it and why, and ask for corrections."
        ),
        url_name="portal:my-data",
    ),
    Offering(
        key="transparency",
        title=_("Transparency"),
        summary=_(
            "See how the local budget is planned and spent, open to everyone and "
            "downloadable as open data."
        ),
        url_name="finance:transparency",
    ),
    Offering(
        key="participation",
        title=_("Participation"),
        summary=_(
            "Take part in polls and public consultations and propose projects for "
            "participatory budgeting."
        ),
        url_name="participation:home",
    ),
)


def offering_list() -> list[ResolvedOffering]:
    """The offerings, each with its URL if the app serving it is installed."""
    resolved = []
    for offering in OFFERINGS:
        try:
            url: str | None = reverse(offering.url_name)
        except NoReverseMatch:
            url = None
        resolved.append(
            ResolvedOffering(
                key=offering.key,
                title=offering.title,
                summary=offering.summary,
                url=url,
            )
        )
    return resolved
