# SPDX-License-Identifier: EUPL-1.2
"""Data built once per test module (and xdist worker), rolled back at its end.

The way to share an expensive database state (the access matrix's world, a seeded
demo) between the tests of one module, as Django's ``TestCase.setUpTestData`` does:
a module-scoped fixture opens a transaction, builds the data, and yields; each test
asks for ``db`` too and runs in a savepoint of that transaction, so whatever one test
writes is gone before the next, and the whole module's data is rolled back at the
end. The settings the root conftest gives each test (fast password hashing, in-memory
notifications, the test keyring, media under a temporary folder) are applied for the
whole block, so what is built here is built as a test would build it::

    @pytest.fixture(scope="module")
    def seeded(django_db_setup, django_db_blocker, tmp_path_factory, _session_keyring):
        folder = tmp_path_factory.mktemp("seeded")
        with module_data(django_db_blocker, folder, _session_keyring):
            yield build_it()

Tests that change the shared state through a connection other than the test's own
(``transactional_db``, ``live_server``) cannot use this; they build their own.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@contextmanager
def module_data(
    django_db_blocker: Any,
    folder: Path,
    session_keyring: str,
    **overrides: Any,
) -> Iterator[Path]:
    """Open the module's transaction with the per-test settings (``overrides`` are
    further settings); yields the media folder."""
    keyring = folder / "keyring.json"
    keyring.write_text(session_keyring)
    keyring.chmod(0o600)
    media = folder / "media"
    test_settings = override_settings(
        PASSWORD_HASHERS=FAST_HASHERS,
        MEDIA_ROOT=str(media),
        KEYRING="",
        KEYRING_FILE=str(keyring),
        NOTIFICATIONS={
            **settings.NOTIFICATIONS,
            "email": "memory",
            "sms": "memory",
            "whatsapp": "memory",
            "file_dir": str(folder / "outbox"),
        },
        # commands that set it in place (``balai demo --port``) leave it here
        PUBLIC_BASE_URL=settings.PUBLIC_BASE_URL,
        **overrides,
    )
    with django_db_blocker.unblock(), test_settings:
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield media
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            cache.clear()
