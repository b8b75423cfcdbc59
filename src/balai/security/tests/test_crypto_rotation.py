# SPDX-License-Identifier: EUPL-1.2
"""``balai keys``: status, resumable rotation and retirement of unused keys."""

from __future__ import annotations

import json
from collections import Counter
from io import StringIO
from pathlib import Path

from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import ExpressionWrapper, F, TextField

import pytest

from balai.accounts.models import User
from balai.accounts.tests.factories import UserFactory, make_nik
from balai.notifications.models import Message
from balai.security.crypto.cipher import decrypt, key_id_of
from balai.security.crypto.keyring import keyring
from balai.security.crypto.rotation import encrypted_columns, reencrypt

pytestmark = pytest.mark.django_db

ROWS = 7


def _people() -> dict[str, tuple]:
    """pk -> the plaintext of every encrypted column, read through the ORM."""
    users = {
        str(u.pk): (u.email, u.phone, u.nik, u.full_name, u.birth_date)
        for u in User.objects.all()
    }
    messages = {str(m.pk): (m.recipient, m.body) for m in Message.objects.all()}
    return {**users, **messages}


def _tokens() -> list[tuple[str, str]]:
    """(column label, raw token) of every stored encrypted value."""
    found = []
    for column in encrypted_columns():
        name = column.field.name
        values = column.model._base_manager.annotate(
            _t=ExpressionWrapper(F(name), output_field=TextField())
        ).values_list("_t", flat=True)
        found += [(column.label, token) for token in values if token]
    return found


def _keys_used() -> Counter:
    return Counter(key_id_of(token) for _label, token in _tokens())


@pytest.fixture
def people() -> dict[str, tuple]:
    for serial in range(ROWS):
        user = UserFactory(
            email=f"orang{serial}@contoh.id",
            phone=f"+62812000000{serial:02d}",
            nik=make_nik(100 + serial),
        )
        Message.objects.create(
            channel="email", recipient=user.email, body=f"Halo {user.full_name}"
        )
    return _people()


def _keyring_file() -> dict:
    return json.loads(Path(django_settings.KEYRING_FILE).read_text())


def test_status_lists_keys_and_counts_without_key_material(people):
    out = StringIO()
    call_command("keys", "status", stdout=out)
    text = out.getvalue()
    ring = keyring()
    assert f"active key: {ring.active}" in text
    assert f"accounts.User.nik: {ring.active}={ROWS}" in text
    assert f"notifications.Message.recipient: {ring.active}={ROWS}" in text
    for secret in _keyring_file()["keys"].values():
        assert secret not in text


def test_interrupted_rotation_resumes_without_loss_or_double_encryption(people):
    old = keyring().active
    before_values = len(_tokens())
    out = StringIO()
    call_command(
        "keys",
        "rotate",
        "--batch-size",
        "3",
        "--max-batches",
        "1",
        "--no-progress",
        stdout=out,
    )
    new = keyring().active
    assert new != old and _keyring_file()["active"] == new
    assert set(_keyring_file()["keys"]) == {old, new}
    assert "--resume" in out.getvalue()
    halfway = _keys_used()
    assert halfway[new] > 0 and halfway[old] > 0  # really interrupted halfway
    assert _people() == people  # nothing lost in between

    # retiring now would strand data: the old key stays
    call_command("keys", "retire", stdout=StringIO())
    assert set(_keyring_file()["keys"]) == {old, new}

    call_command(
        "keys",
        "rotate",
        "--resume",
        "--batch-size",
        "3",
        "--no-progress",
        stdout=StringIO(),
    )
    assert keyring().active == new  # --resume adds no key
    assert set(_keyring_file()["keys"]) == {old, new}
    assert _keys_used() == Counter({new: before_values})
    assert _people() == people  # decrypts to the originals: nothing double-encrypted
    for label, token in _tokens():
        assert not decrypt(token, label).startswith("v1:")

    out = StringIO()
    call_command("keys", "retire", stdout=out)
    assert f"Retired {old}" in out.getvalue()
    assert set(_keyring_file()["keys"]) == {new}
    assert _people() == people


def test_a_crash_after_a_batch_keeps_committed_batches(people):
    call_command(
        "keys", "rotate", "--max-batches", "0", "--no-progress", stdout=StringIO()
    )
    new = keyring().active
    assert _keys_used()[new] == 0  # a key was added, nothing re-encrypted yet

    def crash(batch: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        reencrypt(batch_size=4, progress=False, on_batch=crash)
    assert _keys_used()[new] > 0
    report = reencrypt(batch_size=4, progress=False)
    assert report.complete and set(_keys_used()) == {new}
    assert _people() == people
    again = reencrypt(batch_size=4, progress=False)
    assert (again.rows, again.values) == (0, 0)  # rows under the active key: skipped


def test_rotation_does_not_touch_timestamps_or_blind_indexes(people):
    indexes = dict(User.objects.values_list("pk", "email_index"))
    stamps = dict(Message.objects.values_list("pk", "updated_at"))
    call_command("keys", "rotate", "--no-progress", stdout=StringIO())
    assert dict(Message.objects.values_list("pk", "updated_at")) == stamps
    assert dict(User.objects.values_list("pk", "email_index")) == indexes
    assert User.objects.get_by_login("orang3@contoh.id").nik == make_nik(103)


def test_retire_never_removes_the_active_key():
    call_command("keys", "retire", stdout=StringIO())
    assert _keyring_file()["active"] in _keyring_file()["keys"]


def test_rotate_refuses_a_keyring_from_the_environment(settings):
    settings.KEYRING = Path(settings.KEYRING_FILE).read_text()
    with pytest.raises(CommandError, match="supply the new keyring yourself"):
        call_command("keys", "rotate", "--no-progress", stdout=StringIO())


def test_encrypted_columns_are_discovered_through_the_app_registry():
    labels = {column.label for column in encrypted_columns()}
    assert {
        "accounts.User.email",
        "accounts.User.phone",
        "accounts.User.nik",
        "accounts.User.full_name",
        "accounts.User.birth_date",
        "notifications.Message.recipient",
        "notifications.Message.body",
    } <= labels
