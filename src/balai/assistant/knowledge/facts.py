# SPDX-License-Identifier: EUPL-1.2
"""What the catalog says about a service, section by section, in one language.

Every sentence here is either a fixed phrase (translated) or a field of the service
definition: the assistant never states a fact the catalog does not hold.
Sections: ``requirements`` (conditions and documents), ``fee``, ``duration``,
``how_to_apply`` (channels, steps, where), ``legal`` (legal basis), ``overview``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from balai.catalog.definitions import ServiceDefinition, Text
from balai.catalog.selectors import agency_display_names

SECTIONS = ("overview", "requirements", "fee", "duration", "how_to_apply", "legal")
CHANNEL_NAMES = {
    "online": Text("daring lewat portal ini", "online on this portal"),
    "counter": Text("di loket kantor", "at the office counter"),
    "oss": Text("lewat OSS (oss.go.id)", "through OSS (oss.go.id)"),
    "simbg": Text("lewat SIMBG (simbg.pu.go.id)", "through SIMBG (simbg.pu.go.id)"),
    "lapor": Text("lewat SP4N-LAPOR!", "through SP4N-LAPOR!"),
}


@dataclass(frozen=True)
class Section:
    slug: str
    section: str
    title: str
    text: str
    url: str


def pick(text: Text, lang: str) -> str:
    return text.en if lang == "en" else text.id


def rupiah(amount: Decimal, lang: str) -> str:
    whole = f"{int(amount):,}"
    return "Rp" + (whole if lang == "en" else whole.replace(",", "."))


def service_url(service: ServiceDefinition) -> str:
    return reverse("catalog:service-detail", kwargs={"slug": service.slug})


def _agency(service: ServiceDefinition, lang: str) -> str:
    name = agency_display_names([service.agency]).get(service.agency, service.agency)
    return pick(name, lang) if isinstance(name, Text) else str(name)


def _bullets(lines: list[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)


def _requirements(service: ServiceDefinition, lang: str) -> str:
    parts = []
    documents = [pick(d.name, lang) for d in service.requirements if d.required]
    optional = [pick(d.name, lang) for d in service.requirements if not d.required]
    conditions = [pick(c.text, lang) for c in service.conditions]
    if documents:
        parts.append(_("Documents needed:") + "\n" + _bullets(documents))
    if optional:
        parts.append(_("Only in some cases:") + "\n" + _bullets(optional))
    if conditions:
        parts.append(_("Conditions:") + "\n" + _bullets(conditions))
    if not parts:
        parts.append(_("The catalog lists no documents for this service."))
    return "\n\n".join(parts)


def _fee(service: ServiceDefinition, lang: str) -> str:
    fee = service.fee
    if fee.is_free:
        text = _("This service is free of charge.")
    elif fee.formula:
        text = _("The fee depends on your case and is calculated when you apply.")
    else:
        text = _("The fee is %(amount)s.") % {"amount": rupiah(fee.amount, lang)}
    if fee.basis:
        text += " " + pick(fee.basis, lang)
    return text


def _duration(service: ServiceDefinition, lang: str) -> str:
    if service.sla_working_days:
        text = _(
            "The service standard is %(days)s working days after your complete "
            "application is received."
        ) % {"days": service.sla_working_days}
    else:
        text = _("The catalog sets no service time for this service.")
    response = service.extra.get("response_days")
    if isinstance(response, dict) and response.get("first_response"):
        text += " " + _(
            "A first response comes within %(first)s working days; simple matters "
            "are settled within %(simple)s."
        ) % {
            "first": response.get("first_response"),
            "simple": response.get("simple", "?"),
        }
    return text


def _how_to_apply(service: ServiceDefinition, lang: str) -> str:
    channels = [
        pick(CHANNEL_NAMES[c], lang) for c in service.channels if c in CHANNEL_NAMES
    ]
    lines = []
    if channels:
        lines.append(
            _("You can apply %(channels)s.") % {"channels": ", ".join(channels)}
        )
    if service.extra.get("in_person"):
        lines.append(_("Part of the service must be done in person at the office."))
    lines.append(
        _("Responsible office: %(agency)s.") % {"agency": _agency(service, lang)}
    )
    if service.steps:
        steps = [pick(step.name, lang) for step in service.steps]
        lines.append(
            _("After you apply:")
            + "\n"
            + "\n".join(f"{n}. {s}" for n, s in enumerate(steps, 1))
        )
    if service.external_url:
        lines.append(_("Go to %(url)s.") % {"url": service.external_url})
    hours = getattr(settings, "HELP_CONTACT_HOURS", "")
    if hours:
        lines.append(_("Office hours: %(hours)s.") % {"hours": hours})
    return "\n".join(lines)


def _legal(service: ServiceDefinition, lang: str) -> str:
    if not service.legal_basis:
        return _("The catalog cites no legal basis for this service.")
    return _("Legal basis:") + "\n" + _bullets(list(service.legal_basis))


def _overview(service: ServiceDefinition, lang: str) -> str:
    return pick(service.summary, lang)


_WRITERS = {
    "overview": _overview,
    "requirements": _requirements,
    "fee": _fee,
    "duration": _duration,
    "how_to_apply": _how_to_apply,
    "legal": _legal,
}


def section(service: ServiceDefinition, name: str, lang: str) -> Section:
    """One section of what the catalog says about ``service``, in ``lang``."""
    with override(lang):
        return Section(
            slug=service.slug,
            section=name,
            title=pick(service.name, lang),
            text=_WRITERS[name](service, lang),
            url=service_url(service),
        )
