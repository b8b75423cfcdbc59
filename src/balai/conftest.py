# SPDX-License-Identifier: EUPL-1.2
"""Fixtures shared by every app's tests."""

from __future__ import annotations

import gc
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from django.core.cache import cache

import pytest

from balai.core import pagecache

# when this process started (pytest --create-db rebuilds older database templates)
_STARTED = time.time()

# The shared browser fixtures (browser, browser_context, phone_page, desktop_page).
pytest_plugins = ["balai.core.testing.browser"]


@pytest.fixture(scope="session")
def _migrated_template(
    request: pytest.FixtureRequest,
    django_db_use_migrations: bool,
    django_db_keepdb: bool,
    django_db_createdb: bool,
    django_db_modify_db_settings: None,
) -> Iterator[None]:
    """Test databases copied from a migrated template (balai.core.testing.template_db)
    instead of migrated in every process; not with --reuse-db or --nomigrations."""
    if not django_db_use_migrations or (django_db_keepdb and not django_db_createdb):
        yield
        return
    from balai.core.testing.template_db import template_folder, templates_for_setup

    # the project's var/ (tests get a throwaway VAR_DIR per process)
    folder = template_folder(request.config.rootpath)
    rebuild_before = _STARTED if django_db_createdb else None  # --create-db
    with templates_for_setup(folder=folder, rebuild_before=rebuild_before):
        yield


@pytest.fixture(scope="session")
def django_db_setup(_migrated_template: None, django_db_setup: None) -> Iterator[None]:
    """pytest-django's, with ``_migrated_template`` in place while it runs; before
    the test databases are dropped, the audit sealers' threads end and close their
    connections (PostgreSQL refuses to drop a database still in use), and so does
    any connection left only in garbage: the cyclic collector runs rarely in a test
    process (``pytest_collection_finish``), so a finished thread's connection may
    still be open."""
    yield
    from balai.security.audit.seal import stop_sealers

    stop_sealers()
    gc.collect()


@pytest.fixture(scope="session")
def _isolated_dirs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("isolated")


@pytest.fixture
def _test_dir(_isolated_dirs: Path) -> Path:
    """A new folder for each test's media, outbox and keyring (``mkdtemp`` in one
    folder per session). Not ``tmp_path``: pytest numbers each test's folder by
    listing every earlier one (≈ 1.5 ms a test by the 2,600th of a worker), and most
    tests never ask for it; those that do get their own as before."""
    return Path(tempfile.mkdtemp(dir=_isolated_dirs))


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, _test_dir: Path) -> Iterator[None]:
    """Fast password hashing, in-memory notifications and a clean cache per test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.NOTIFICATIONS = {
        **settings.NOTIFICATIONS,
        "email": "memory",
        "sms": "memory",
        "whatsapp": "memory",
        "file_dir": str(_test_dir / "outbox"),
    }
    settings.MEDIA_ROOT = str(_test_dir / "media")
    cache.clear()
    pagecache.clear()
    from balai.notifications.backends import memory

    memory.outbox.clear()
    yield
    cache.clear()
    pagecache.clear()


@pytest.fixture(scope="session", autouse=True)
def _static_scan_once() -> Iterator[None]:
    """One WhiteNoise static-file scan per process, not one per test client
    (balai.core.testing.static)."""
    from balai.core.testing.static import static_scan_once

    with static_scan_once():
        yield


@pytest.fixture(scope="session")
def _session_keyring() -> str:
    from balai.security.crypto.keyring import generate

    return generate().to_json()


@pytest.fixture(autouse=True)
def _test_keyring(settings, _test_dir: Path, _session_keyring: str) -> None:
    """Tests encrypt with a throwaway keyring file, never the one in ./var."""
    path = _test_dir / "keyring.json"
    path.write_text(_session_keyring)
    path.chmod(0o600)
    settings.KEYRING = ""
    settings.KEYRING_FILE = str(path)


@pytest.fixture
def outbox() -> list:
    """Messages delivered by the in-memory notification backend during the test."""
    from balai.notifications.backends import memory

    return memory.outbox


@pytest.fixture
def sample_regions(db) -> None:
    """A small real subset of the Kemendagri region table."""
    from balai.regions.testing import load_sample_regions

    load_sample_regions()


@pytest.fixture
def immediate_on_commit(monkeypatch) -> None:
    """Run on-commit hooks at once: the test's own transaction never commits.

    For flows spanning several requests (sign-up, then the code from the outbox).
    """
    from django.db import transaction

    def run_now(func, using=None, robust=False):
        func()

    monkeypatch.setattr(transaction, "on_commit", run_now)


@pytest.fixture(autouse=True)
def _async_unsafe_beside_a_live_server(request, monkeypatch) -> None:
    """Playwright's sync API and the Open311 clients run an event loop in the test's
    thread; Django refuses ORM calls there unless told otherwise. Only for tests with
    a live server, and only for the test (never leaked into subprocesses or others)."""
    if "live_server" in request.fixturenames:
        monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_finish(session: pytest.Session) -> None:
    """What collection built (test modules, ≈ 3,200 items, Django's apps and URLconf)
    lives until the run ends: moved out of the cyclic garbage collector's sight
    (``gc.freeze``), and the youngest generation collected every 20,000 allocations
    instead of 700. The collector's share of a test process fell from ≈ 6 % to
    ≈ 2.5 % (docs/development.md, "seventh round"); no test relies on when cycles
    are freed."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 50, 100)


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(
    config: pytest.Config, items: list[pytest.Item]
) -> Iterator[None]:
    """Modules with module-scoped state kept on one xdist worker (marked before xdist
    reads the marks), known-long modules first (ordered after pytest's own
    fixture-scope reordering); balai.core.testing.scheduling."""
    from balai.core.testing.scheduling import group_shared_state, heavy_first

    group_shared_state(items)
    result = yield
    items[:] = heavy_first(items)
    return result
