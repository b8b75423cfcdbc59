# SPDX-License-Identifier: EUPL-1.2
"""Forms of the sentiment pages: filters, upload, correction (shape checks only)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from balai.catalog import selectors as catalog
from balai.sentiment import attribution
from balai.sentiment.constants import Label

PERIODS = [(7, _("7 days")), (30, _("30 days")), (90, _("90 days")), (365, _("1 year"))]


def _agency_choices() -> list[tuple[str, Any]]:
    names = attribution.agency_names()
    return [("", _("All agencies"))] + [
        (code, str(name))
        for code, name in sorted(names.items(), key=lambda i: str(i[1]))
    ]


def _service_choices() -> list[tuple[str, Any]]:
    return [("", _("All services"))] + [
        (service.slug, str(service.name)) for service in catalog.service_list()
    ]


class FilterForm(forms.Form):
    agency = forms.ChoiceField(label=_("Agency"), required=False)
    service = forms.ChoiceField(label=_("Service"), required=False)
    days = forms.TypedChoiceField(
        label=_("Period"),
        choices=PERIODS,
        coerce=int,
        required=False,
        empty_value=90,  # type: ignore[arg-type]  # an int default, coerced like the rest
    )
    label = forms.ChoiceField(
        label=_("Sentiment"),
        required=False,
        choices=[("", _("All")), *list(Label.choices)],
    )
    topic = forms.UUIDField(required=False, widget=forms.HiddenInput)
    region = forms.CharField(required=False, max_length=13, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency, service = self.fields["agency"], self.fields["service"]
        assert isinstance(agency, forms.ChoiceField)
        assert isinstance(service, forms.ChoiceField)
        agency.choices = _agency_choices()
        service.choices = _service_choices()


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File of posts"),
        help_text=_(
            "CSV with a header row (text, and optionally id, author, time, url, "
            "engagement, platform) or JSON Lines with the same keys; at most 1,000 "
            "posts and 20 MB."
        ),
    )
    platform = forms.CharField(
        label=_("Platform"),
        required=False,
        max_length=40,
        help_text=_("Used for rows that do not name their platform."),
    )


class CorrectionForm(forms.Form):
    label = forms.ChoiceField(label=_("Sentiment"), choices=Label.choices)
