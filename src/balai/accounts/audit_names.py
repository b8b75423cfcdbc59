# SPDX-License-Identifier: EUPL-1.2
"""What accounts tells the audit pages (``security.audit.directory``): the names of
users and agencies behind the log's ids, and the ids behind a name or NIK an auditor
types. NIKs go through the keyed blind index; names of staff are matched on the
staff list (a few hundred people, decrypted here and nowhere else) by any part of the
name; every account holder, citizens included, is found by the whole name through the
keyed name index (exact after ``identifiers.normalise_name``)."""

from __future__ import annotations

import re

from balai.accounts.models import Agency, User

NIK = re.compile(r"^\d{16}$")


def normalise_name(value: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", value or "").casefold().split())


def user_names(ids: set[str]) -> dict[str, str]:
    rows = User.objects.filter(pk__in=_uuids(ids)).only("pk", "full_name")
    return {str(user.pk): user.full_name for user in rows}


def agency_names(ids: set[str]) -> dict[str, str]:
    rows = Agency.objects.filter(pk__in=_uuids(ids)).values_list("pk", "name")
    return {str(pk): name for pk, name in rows}


def role_names(codes: set[str]) -> dict[str, str]:
    """Role codes (one, or several joined by commas, as entries store them)."""
    from balai.accounts.constants import Role

    labels = dict(Role.choices)
    return {
        code: ", ".join(str(labels.get(part, part)) for part in code.split(",") if part)
        for code in codes
    }


def find_users(text: str) -> set[str]:
    digits = re.sub(r"\D", "", text)
    if NIK.match(digits):
        rows = User.objects.filter_by_nik(digits).values_list("pk", flat=True)
        return {str(pk) for pk in rows}
    wanted = normalise_name(text)
    if not wanted:
        return set()
    from balai.security.crypto.blind import blind_lookup

    named = User.objects.filter(blind_lookup(User, "full_name", text))
    return {str(pk) for pk in named.values_list("pk", flat=True)} | {
        str(user.pk)
        for user in User.objects.filter(is_staff=True).only("pk", "full_name")
        if wanted in normalise_name(user.full_name)
    }


def find_agencies(text: str) -> set[str]:
    from django.db.models import Q

    rows = Agency.objects.filter(
        Q(name__icontains=text) | Q(code__iexact=text) | Q(short_name__iexact=text)
    )
    return {str(pk) for pk in rows.values_list("pk", flat=True)}


def _uuids(ids: set[str]) -> list[str]:
    import uuid

    valid = []
    for value in ids:
        try:
            valid.append(str(uuid.UUID(value)))
        except ValueError:
            continue
    return valid


def register() -> None:
    from balai.security.audit import directory

    directory.register_names("person", user_names, name="accounts.users")
    directory.register_names("agency", agency_names, name="accounts.agencies")
    directory.register_names("role", role_names, name="accounts.roles")
    directory.register_finder("person", find_users, name="accounts.users")
    directory.register_finder("agency", find_agencies, name="accounts.agencies")
