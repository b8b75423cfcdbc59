# SPDX-License-Identifier: EUPL-1.2
"""The built-in sections of "Data Saya": account, messages, API tokens, correction
requests and who accessed the person's data. Registered in ``PortalConfig.ready``;
each reads its app through that app's selectors.
"""

from __future__ import annotations

from typing import Any

from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balai.accounts import selectors as account_selectors
from balai.accounts.constants import (
    CorrectionDecision,
    CorrectionItem,
    CorrectionStatus,
    Role,
)
from balai.accounts.selectors_corrections import correction_request_list_for_user
from balai.notifications.constants import Channel, Status
from balai.notifications.selectors import message_list_for_user
from balai.portal.data_sections import Column, Fact, LazyRows, Row, Section, register
from balai.portal.my_data_labels import (
    action_label,
    message_label,
    purpose_label,
)
from balai.registry import selectors as registry_selectors
from balai.security.masking import mask_nik
from balai.security.models import ActorKind
from balai.security.selectors import audit_accesses_for_subject

REGISTER_FACTS = [
    ("full_name", _("Full name")),
    ("birth_place", _("Place of birth")),
    ("birth_date", _("Date of birth")),
    ("occupation", _("Occupation")),
    ("blood_type", _("Blood type")),
]
REGISTER_CODED_FACTS = [
    ("sex", _("Sex")),
    ("religion", _("Religion")),
    ("marital_status", _("Marital status")),
    ("education", _("Education")),
    ("citizenship", _("Citizenship")),
    ("status", _("Status")),
]


def _label(choices: Any) -> Any:
    names = dict(choices)
    return lambda value: names.get(value, value)


def _when(value: Any) -> str:
    """A time in the site's time zone (templates convert; Python callers must)."""
    return date_filter(timezone.localtime(value), "j M Y H:i") if value else "—"


def _verified(at: Any) -> Any:
    if at is None:
        return _("not verified")
    return _("verified on %(date)s") % {
        "date": date_filter(timezone.localtime(at), "j F Y")
    }


def _roles(value: str) -> str:
    names = dict(Role.choices)
    return ", ".join(str(names.get(role, role)) for role in value.split(",") if role)


def account_section(user: Any) -> Section:
    """The account itself: identity, contact, verification, roles, preferences."""
    roles = sorted(user.role_names)
    facts = [
        Fact("full_name", _("Full name"), user.full_name),
        Fact("nik", _("NIK"), user.nik, masked=mask_nik(user.nik)),
        Fact("birth_date", _("Date of birth"), user.birth_date),
        Fact("email", _("Email"), user.email),
        Fact(
            "email_verified_at",
            _("Email status"),
            user.email_verified_at,
            display=_verified(user.email_verified_at),
        ),
        Fact("phone", _("Mobile number"), user.phone),
        Fact(
            "phone_verified_at",
            _("Mobile number status"),
            user.phone_verified_at,
            display=_verified(user.phone_verified_at),
        ),
        Fact("roles", _("Roles"), roles, display=_roles(",".join(roles))),
        Fact("agency", _("Agency"), user.agency.name if user.agency_id else None),
        Fact("date_joined", _("Date joined"), user.date_joined),
        Fact(
            "language",
            _("Preferred language"),
            user.language,
            display=user.get_language_display(),
        ),
        Fact(
            "preferred_channel",
            _("Preferred channel"),
            user.preferred_channel,
            display=user.get_preferred_channel_display(),
        ),
    ]
    return Section(
        key="account",
        title=_("Your account"),
        facts=facts,
        links=[
            (_("Ask for a correction"), reverse("portal:my-data-correction")),
            (_("Consent to data sharing"), reverse("portal:my-data-consents")),
        ],
    )


def _message_rows(messages: list[dict[str, Any]]) -> list[Row]:
    return [
        {
            "date": message["created_at"],
            "template": message["template"],
            "channel": message["channel"],
            "status": message["status"],
        }
        for message in messages
    ]


def messages_section(user: Any) -> Section:
    """Messages Balai sent the person (kind, channel, status, date; no contents)."""
    messages = message_list_for_user(user.pk).values(
        "created_at", "template", "channel", "status"
    )
    return Section(
        key="notifications",
        title=_("Messages we sent you"),
        columns=[
            Column("date", _("Date"), _when),
            Column("template", _("Message"), message_label),
            Column("channel", _("Channel"), _label(Channel.choices)),
            Column("status", _("Status"), _label(Status.choices)),
        ],
        rows=LazyRows(messages, _message_rows),
        empty=_("We have not sent you any messages."),
    )


def tokens_section(user: Any) -> Section:
    """The person's API tokens (names and dates; the secrets are not kept)."""
    tokens = account_selectors.api_token_list(user=user).values(
        "name", "prefix", "created_at", "last_used_at", "expires_at", "revoked_at"
    )
    return Section(
        key="api_tokens",
        title=_("API tokens"),
        columns=[
            Column("name", _("Name")),
            Column("created_at", _("Created"), _when),
            Column("last_used_at", _("Last used"), _when),
            Column("revoked_at", _("Revoked"), _when),
        ],
        rows=LazyRows(tokens, lambda batch: [dict(row) for row in batch]),
        empty=_("You have no API tokens."),
    )


def _request_rows(requests: list[Any]) -> list[Row]:
    return [
        {
            "reference": request.reference,
            "submitted_at": request.created_at,
            "item": request.item,
            "requested_value": request.requested_value,
            "explanation": request.explanation,
            "status": request.status,
            "decision": request.decision or None,
            "reason": request.decision_reason or None,
            "resolved_at": request.resolved_at,
        }
        for request in requests
    ]


def corrections_section(user: Any) -> Section:
    """The correction requests the person made, with where each stands."""
    return Section(
        key="correction_requests",
        title=_("Your correction requests"),
        columns=[
            Column("reference", _("Reference")),
            Column("submitted_at", _("Submitted"), _when),
            Column("item", _("Data item"), _label(CorrectionItem.choices)),
            Column("requested_value", _("Correct value")),
            Column("status", _("Status"), _label(CorrectionStatus.choices)),
            Column("decision", _("Decision"), _label(CorrectionDecision.choices)),
            Column("reason", _("Reason")),
        ],
        rows=LazyRows(correction_request_list_for_user(user=user), _request_rows),
        empty=_("You have not asked for any corrections."),
        links=[
            (_("Ask for a correction"), reverse("portal:my-data-correction")),
            (_("Consent to data sharing"), reverse("portal:my-data-consents")),
        ],
    )


def _access_rows(entries: list[dict[str, Any]]) -> list[Row]:
    names = account_selectors.agency_names(entry["agency_id"] for entry in entries)
    return [
        {
            "time": entry["occurred_at"],
            "agency": names.get(str(entry["agency_id"])),
            "actor_kind": entry["actor_kind"],
            "role": entry["role"] or None,
            "action": entry["action"],
            "purpose": entry["purpose"],
        }
        for entry in entries
    ]


def accesses_section(user: Any) -> Section:
    """Every access to the person's data by someone else: agency, role, time, purpose
    (never the officer's name or id)."""
    return Section(
        key="accesses",
        title=_("Who accessed your data"),
        intro=_(
            "Every time an officer, an agency system or Balai itself reads or changes "
            "your data, we record which agency, in which role, when and why."
        ),
        columns=[
            Column("time", _("Time"), _when),
            Column("agency", _("Agency"), lambda value: value or "—"),
            Column("actor_kind", _("Who"), _label(ActorKind.choices)),
            Column("role", _("Role"), lambda value: _roles(value or "") or "—"),
            Column("action", _("What"), action_label),
            Column("purpose", _("Purpose"), purpose_label),
        ],
        rows=LazyRows(audit_accesses_for_subject(user.pk), _access_rows),
        empty=_("Nobody else has accessed your data."),
    )


def register_section(user: Any) -> Section | None:
    """The person's own record in the population register (when the account's NIK
    and date of birth match a resident) and who read or changed it, and why."""
    resident = registry_selectors.resident_for_citizen(user)
    if resident is None:
        return None
    placement = registry_selectors.resident_placement(resident)
    where = [resident.address, resident.village.name if resident.village_id else ""]
    if resident.rt or resident.rw:
        where.insert(1, f"RT {resident.rt}/RW {resident.rw}")
    facts = [
        Fact("nik", _("NIK"), resident.nik, masked=mask_nik(resident.nik)),
        Fact(
            "kk_number",
            _("Family card number"),
            resident.kk_number,
            masked=mask_nik(resident.kk_number),
        ),
        Fact(
            "relationship",
            _("Relationship to the head of family"),
            placement.relationship if placement else None,
            display=placement.get_relationship_display() if placement else None,
        ),
        *(
            Fact(key, label, getattr(resident, key) or None)
            for key, label in REGISTER_FACTS
        ),
        *(
            Fact(key, label, value, display=getattr(resident, f"get_{key}_display")())
            for key, label in REGISTER_CODED_FACTS
            if (value := getattr(resident, key))
        ),
        Fact("address", _("Address"), ", ".join(p for p in where if p) or None),
    ]
    accesses = audit_accesses_for_subject(resident.pk).exclude(actor_id=user.pk)
    return Section(
        key="register",
        title=_("Population register"),
        intro=_(
            "What the population register (Disdukcapil) holds about you, and every "
            "time an officer or an agency read or changed it."
        ),
        facts=facts,
        columns=accesses_section(user).columns,
        rows=LazyRows(accesses, _access_rows),
        empty=_("Nobody has accessed your record in the population register."),
        links=[
            (_("Ask for a correction"), reverse("portal:my-data-correction")),
            (_("Consent to data sharing"), reverse("portal:my-data-consents")),
        ],
    )


def register_sections() -> None:
    """Register the built-in sections (later apps add theirs between 20 and 50)."""
    register("account", account_section, order=10)
    register("register", register_section, order=20)
    register("notifications", messages_section, order=60)
    register("api_tokens", tokens_section, order=70)
    register("correction_requests", corrections_section, order=80)
    register("accesses", accesses_section, order=90)
