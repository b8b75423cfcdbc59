# SPDX-License-Identifier: EUPL-1.2
"""The access matrix: every URL the project registers × every role × object owner.

Each registered URL needs a row below saying who may use it. A URL without a row fails
``test_every_registered_url_has_a_row``, so a new endpoint cannot ship without its
access rule being stated and tested. Rows name the roles that succeed; everyone else
must be refused (403/404 for signed-in people, a login redirect or 401/403 for anonymous
visitors). Staff are signed in with a verified second factor.
"""

from __future__ import annotations

import copy
import importlib
from collections.abc import Iterator
from typing import Any

from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from balai.accounts.constants import Role
from balai.accounts.services import api_token_create
from balai.accounts.tests.factories import AgencyFactory, StaffFactory, UserFactory
from balai.core import pagecache
from balai.core.testing.shared_db import module_data
from balai.registry.tests.factories import matrix_objects
from balai.security.tests.matrix_support import (
    EVERYONE,
    ROLES,
    SIGNED_IN,
    STAFF,
    Row,
    row,
)

MATRIX: dict[str, Row] = {
    "portal:home": row(EVERYONE),
    "portal:about": row(EVERYONE),
    "portal:my-data": row(SIGNED_IN),
    "portal:my-data-export": row(SIGNED_IN),
    "portal:my-data-correction": row(SIGNED_IN),
    "portal:my-data-consents": row(SIGNED_IN),
    "set-language": row(EVERYONE, method="POST", data={"language": "en"}),
    "healthz": row(EVERYONE),
    "readyz": row(EVERYONE),
    "accounts:signup": row({"anonymous"}, bounced=frozenset(SIGNED_IN)),
    "accounts:signup-verify": row(set(), bounced=frozenset(EVERYONE)),
    "accounts:signup-resend": row(set(), method="POST", bounced=frozenset(EVERYONE)),
    "accounts:login": row({"anonymous"}, bounced=frozenset(SIGNED_IN)),
    "accounts:logout": row(EVERYONE, method="POST"),
    # the reset is open to everyone and answers alike; without a pending reset the
    # code page sends people to the start, and an unknown link is a 404 page
    "accounts:password-reset": row(EVERYONE),
    "accounts:password-reset-code": row(set(), bounced=frozenset(EVERYONE)),
    "accounts:password-reset-link": row(
        set(), kwargs=lambda w: {"secret": "no-such-link"}, bounced=frozenset(EVERYONE)
    ),
    "accounts:two-factor": row(set(), bounced=frozenset(SIGNED_IN)),
    "accounts:account": row(SIGNED_IN),
    # revoking someone else's token is a no-op redirect; the token test checks the row
    "accounts:token-revoke": row(
        {"citizen"},
        method="POST",
        kwargs=lambda w: {"token_id": w["token"].pk},
        bounced=frozenset(SIGNED_IN - {"citizen"}),
    ),
    "accounts:staff-home": row(STAFF),
    # every agency's officers have a queue (scoped to their agency); detail is scoped
    "accounts:correction-list": row(
        {"officer", "officer_other_agency", "agency_head", "system_admin"}
    ),
    "accounts:correction-detail": row(
        {"officer", "agency_head"}, kwargs=lambda w: {"request_id": w["correction"].pk}
    ),
    "accounts:correction-claim": row(
        {"officer", "agency_head"},
        method="POST",
        kwargs=lambda w: {"request_id": w["correction"].pk},
    ),
    "accounts:correction-resolve": row(
        {"officer", "agency_head"},
        method="POST",
        kwargs=lambda w: {"request_id": w["correction"].pk},
        data={"decision": "reject", "reason": "Dokumen tidak terbaca"},
    ),
    "accounts:correction-document": row(
        set(), kwargs=lambda w: {"request_id": w["correction"].pk}
    ),
    "security:audit-list": row({"auditor", "security_officer"}),
    "security:audit-export": row({"auditor", "security_officer"}),
    "security:alert-list": row({"security_officer", "system_admin"}),
    "security:alert-detail": row(
        {"security_officer", "system_admin"},
        kwargs=lambda w: {"alert_id": w["alert"].pk},
    ),
    "security:alert-acknowledge": row(
        {"security_officer", "system_admin"},
        method="POST",
        kwargs=lambda w: {"alert_id": w["alert"].pk},
    ),
    "security:alert-resolve": row(
        {"security_officer", "system_admin"},
        method="POST",
        kwargs=lambda w: {"alert_id": w["alert"].pk},
        data={"note": "ditangani"},
    ),
    # the population register: Disdukcapil officers and heads (and its units) only
    # agency systems only (client credential + purpose); no person's session passes
    "registry-api:identity-verify": row(
        set(),
        method="POST",
        data={
            "nik": "3273011205900001",
            "full_name": "Budi",
            "birth_date": "1990-05-12",
        },
    ),
    "registry-api:identity-verify-bulk": row(
        set(), method="POST", data={"records": []}
    ),
    "registry-api:resident-fetch": row(
        set(), method="POST", data={"nik": "3273011205900001"}
    ),
    # public aggregates with small-cell suppression
    "registry-statistics:population-detail": row(EVERYONE),
    "registry-statistics:population-csv": row(EVERYONE),
    "registry-statistics:population-json": row(EVERYONE),
    "registry:resident-search": row({"officer", "agency_head"}),
    "registry:resident-detail": row(
        {"officer", "agency_head"},
        kwargs=lambda w: {"resident_id": matrix_objects(w)["resident"].pk},
    ),
    "registry:resident-history": row(
        {"officer", "agency_head"},
        kwargs=lambda w: {"resident_id": matrix_objects(w)["resident"].pk},
    ),
    "registry:family-detail": row(
        {"officer", "agency_head"},
        kwargs=lambda w: {"family_id": matrix_objects(w)["family"].pk},
    ),
    "registry:event-create": row(
        {"officer", "agency_head"}, kwargs=lambda w: {"kind": "death"}
    ),
    "registry:event-document": row(
        {"officer", "agency_head"},
        kwargs=lambda w: {"document_id": matrix_objects(w)["document"].pk},
    ),
    "regions-api:region-list": row(EVERYONE),
    "regions-api:region-detail": row(EVERYONE, kwargs=lambda w: {"code": "32.73"}),
    "accounts-api:agency-list": row(EVERYONE),
    "accounts-api:me": row(SIGNED_IN),
    "accounts-api:signup-create": row(
        EVERYONE,
        method="POST",
        data={
            "nik": "3273015208900007",
            "full_name": "Nur Aini",
            "birth_date": "1990-08-12",
            "email": "nur.aini@contoh.id",
            "password": "Kopi-Tubruk-88",
        },
    ),
    # public, but a wrong code is a 400 for whoever sends it
    "accounts-api:signup-verify": row(
        set(),
        method="POST",
        kwargs=lambda w: {"signup_id": w["citizen"].pk},
        data={"code": "000000"},
        bounced=frozenset(EVERYONE),
    ),
    "api-ping": row(EVERYONE),
    "api-schema": row(EVERYONE),
    "api-docs": row(EVERYONE),
}


def _app_rows() -> dict[str, Row]:
    """Rows that apps keep beside their own tests (``tests/matrix_rows.py``)."""
    from django.apps import apps

    rows: dict[str, Row] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("balai."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.matrix_rows")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.tests.matrix_rows":
                raise
            continue
        clash = set(module.ROWS) & (set(MATRIX) | set(rows))
        assert not clash, f"matrix rows defined twice: {sorted(clash)}"
        rows.update(module.ROWS)
    return rows


MATRIX.update(_app_rows())

# Not application endpoints: Django's admin has its own guarded site (tested in
# accounts), and the API catch-all only answers 404.
UNLISTED_PREFIXES = ("admin/",)
UNLISTED_NAMES = {None}


def _registered_names() -> set[str | None]:
    def walk(patterns: list, prefix: str = "", namespace: str = "") -> set[str | None]:
        names: set[str | None] = set()
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if route.startswith(UNLISTED_PREFIXES):
                continue
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = (
                        f"{namespace}:{pattern.namespace}"
                        if namespace
                        else pattern.namespace
                    )
                names |= walk(pattern.url_patterns, route, inner)
            elif isinstance(pattern, URLPattern):
                if pattern.name is None:
                    names.add(None)
                else:
                    names.add(
                        f"{namespace}:{pattern.name}" if namespace else pattern.name
                    )
        return names

    return walk(get_resolver().url_patterns)


def test_every_registered_url_has_a_row():
    missing = _registered_names() - set(MATRIX) - UNLISTED_NAMES
    assert not missing, f"add access-matrix rows for: {sorted(missing)}"
    stale = set(MATRIX) - _registered_names()
    assert not stale, f"rows for URLs that no longer exist: {sorted(stale)}"


def _build_world() -> dict[str, Any]:
    from balai.accounts import data_rights
    from balai.regions.testing import load_sample_regions
    from balai.security.monitoring.models import SecurityAlert
    from balai.security.monitoring.services import security_event_record

    load_sample_regions()
    home = AgencyFactory(code="disdukcapil")
    other = AgencyFactory(code="dinas-lain")
    people: dict[str, Any] = {
        "citizen": UserFactory(),
        "other_citizen": UserFactory(),
        "officer": StaffFactory(agency=home),
        "officer_other_agency": StaffFactory(agency=other),
        "agency_head": StaffFactory(agency=home, roles=[Role.AGENCY_HEAD]),
        "finance_officer": StaffFactory(agency=other, roles=[Role.FINANCE_OFFICER]),
        "auditor": StaffFactory(agency=other, roles=[Role.AUDITOR]),
        "security_officer": StaffFactory(agency=other, roles=[Role.SECURITY_OFFICER]),
        "system_admin": StaffFactory(
            agency=other, roles=[Role.SYSTEM_ADMIN], is_superuser=True
        ),
    }
    api_token_create(actor=people["citizen"], name="cli")
    people["token"] = people["citizen"].api_tokens.get()
    people["correction"] = data_rights.correction_request_submit(
        user=people["citizen"],
        item="full_name",
        requested_value="Nama Yang Benar",
        explanation="",
        document=None,
    )
    security_event_record(kind="lockout", severity="warning", username_hint="x***")
    people["alert"] = SecurityAlert.objects.first()
    people["devices"] = {
        role: TOTPDevice.objects.create(
            user=people[role], name="matrix", confirmed=True
        ).persistent_id
        for role in sorted(STAFF)
    }
    # Objects the rows make lazily (applications, reports, documents...), made now,
    # once, instead of in whichever test asks first.
    for spec in MATRIX.values():
        spec.kwargs(people)
    people["sessions"] = _sign_in_once(people)
    return people


def _sign_in_once(people: dict[str, Any]) -> dict[str, str]:
    """Each role signed in once for the module (staff with a verified second factor):
    role → session key. A session is a database row of the module's data, so what a
    request does to it (a logout, a rotated key) is rolled back with the test; each
    row then starts from the same signed-in session instead of a new login."""
    sessions = {}
    for role in ROLES:
        if role == "anonymous":
            continue
        client = Client()
        client.force_login(people[role], backend="balai.accounts.backends.LoginBackend")
        if people[role].is_staff:
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = people["devices"][role]
            session.save()
        sessions[role] = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    return sessions


@pytest.fixture(scope="module")
def matrix_world(
    django_db_setup: None,
    django_db_blocker: Any,
    tmp_path_factory: pytest.TempPathFactory,
    _session_keyring: str,
) -> Iterator[tuple[dict[str, Any], str]]:
    """The people and objects of every row, built once per module (and per xdist
    worker) inside a transaction that is rolled back at the end, as Django's
    ``TestCase.setUpTestData`` does (``balai.core.testing.shared_db``). Each test
    runs in a savepoint of it (the ``db`` fixture) and gets a deep copy, so whatever
    one request changes is gone before the next. Settings match the per-test ones of
    the root conftest; uploaded and issued files live in a module media directory."""
    folder = tmp_path_factory.mktemp("matrix")
    from balai.cases.tests.catalog import catalog_dir_for_tests

    catalog_dir = str(catalog_dir_for_tests())  # shipped + test services
    with module_data(
        django_db_blocker, folder, _session_keyring, CATALOG_DIR=catalog_dir
    ) as media:
        yield _build_world(), str(media)


class WorldCopy(dict[str, Any]):
    """A deep copy of the module's world, made entry by entry when a test first reads
    it: a request touches a few of the world's ≈ 100 entries, and copying them all
    was a third of a row's set-up. One memo serves every entry, so objects shared
    between entries stay shared, as in ``copy.deepcopy`` of the whole dict."""

    def __init__(self, built: dict[str, Any]) -> None:
        super().__init__(built)
        self._memo: dict[int, Any] = {}
        self._copied: set[str] = set()

    def __getitem__(self, key: str) -> Any:
        value = super().__getitem__(key)
        if key not in self._copied:
            value = copy.deepcopy(value, self._memo)
            super().__setitem__(key, value)
            self._copied.add(key)
        return value

    def __setitem__(self, key: str, value: Any) -> None:
        super().__setitem__(key, value)
        self._copied.add(key)

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        if key not in self:
            return default
        return self[key]

    def values(self) -> Any:
        return [self[key] for key in self]

    def items(self) -> Any:
        return [(key, self[key]) for key in self]


def test_a_world_copy_is_deep_and_keeps_shared_objects_shared():
    shared = {"n": 1}
    built = {"a": {"inner": shared}, "b": shared, "c": [shared]}
    world = WorldCopy(built)
    world["a"]["inner"]["n"] = 2
    assert shared == {"n": 1}
    assert world["b"] is world["a"]["inner"] and world.get("c")[0] is world["b"]
    assert world.get("missing", 5) == 5
    assert dict(world.items()) == {
        "a": {"inner": {"n": 2}},
        "b": {"n": 2},
        "c": [{"n": 2}],
    }


def _client_as(role: str, world: dict[str, Any]) -> Client:
    client = Client()
    if role != "anonymous":
        client.cookies[django_settings.SESSION_COOKIE_NAME] = world["sessions"][role]
    return client


def _is_login_redirect(response: Any) -> bool:
    return (
        response.status_code == 302
        and reverse("accounts:login") in response["Location"]
    )


def _verdict(name: str, role: str, world: dict[str, Any]) -> str | None:
    """What is wrong with ``role``'s answer at ``name``, or None."""
    spec = MATRIX[name]
    client = _client_as(role, world)
    url = reverse(name, kwargs=spec.kwargs(world))
    send = client.post if spec.method == "POST" else client.get
    if spec.json:
        response = send(url, spec.data, content_type="application/json")
    else:
        response = send(url, spec.data)
    status = response.status_code
    if role in spec.allowed:
        if status >= 400:
            return f"{role} should reach {name}, got {status}"
        if _is_login_redirect(response):
            return f"{role} bounced to login at {name}"
    elif role in spec.bounced:
        if status not in {200, 302, 400, 403, 404, 405, 429}:
            return f"{role} bounced at {name} with {status}"
    elif role == "anonymous":
        if not (_is_login_redirect(response) or status in {400, 401, 403, 404}):
            return f"anonymous got {status} at {name}"
    elif status not in {403, 404}:
        return f"{role} must be refused at {name}, got {status}"
    return None


def _as_its_own_test(name: str, role: str, built: dict[str, Any]) -> str | None:
    """One role's request at one URL, isolated as a test of its own would be: in a
    savepoint rolled back afterwards, with a fresh copy of the world, an empty cache
    (rate limits, cached pages) and an empty outbox."""
    from balai.notifications.backends import memory

    cache.clear()
    pagecache.clear()
    memory.outbox.clear()
    with transaction.atomic():
        try:
            return _verdict(name, role, WorldCopy(built))
        finally:
            transaction.set_rollback(True)


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_access_matrix(
    name: str, matrix_world: tuple[dict[str, Any], str], db: None, settings: Any
) -> None:
    """Every role at one URL, each request as its own test (``_as_its_own_test``).
    One test per URL rather than per URL and role: the per-test set-up and
    tear-down (settings, folders, fixtures) cost as much as a request, 2,500 times."""
    from balai.cases.tests.catalog import catalog_dir_for_tests

    built, media = matrix_world
    settings.MEDIA_ROOT = media
    settings.CATALOG_DIR = str(catalog_dir_for_tests())
    problems = [
        problem
        for role in ROLES
        if (problem := _as_its_own_test(name, role, built)) is not None
    ]
    assert not problems, "\n".join(problems)
