# SPDX-License-Identifier: EUPL-1.2
"""Encrypted fields and blind indexes through the ORM (accounts.User, notifications)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import translation

import pytest

from balai.accounts.models import User
from balai.accounts.tests.factories import StaffFactory, UserFactory, make_nik
from balai.notifications.models import Message
from balai.security.crypto.blind import NO_MATCH, blind_lookup, index_for
from balai.security.crypto.cipher import decrypt, is_token
from balai.security.crypto.fields import (
    BlindIndexField,
    EncryptedDateField,
    EncryptedLookupError,
)

pytestmark = pytest.mark.django_db


def _raw(table: str, column: str, pk: object) -> str | None:
    pk_value = User._meta.pk.get_db_prep_value(pk, connection)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk_value])
        return cursor.fetchone()[0]


def test_values_are_stored_as_tokens_and_read_back_as_python_values():
    user = UserFactory(
        email="ani@contoh.id",
        phone="+6281234567890",
        nik=make_nik(1),
        full_name="Ani Lestari",
        birth_date=dt.date(1990, 5, 12),
    )
    for column in ["email", "phone", "nik", "full_name", "birth_date"]:
        assert is_token(_raw("accounts_user", column, user.pk)), column
    raw_date = _raw("accounts_user", "birth_date", user.pk)
    assert decrypt(raw_date, "accounts.User.birth_date") == "1990-05-12"
    fresh = User.objects.get(pk=user.pk)
    assert (fresh.email, fresh.phone, fresh.nik, fresh.full_name) == (
        "ani@contoh.id",
        "+6281234567890",
        make_nik(1),
        "Ani Lestari",
    )
    assert fresh.birth_date == dt.date(1990, 5, 12)
    row = User.objects.filter(pk=user.pk).values_list("full_name", "birth_date")
    assert row.get() == ("Ani Lestari", dt.date(1990, 5, 12))


def test_none_stays_null_and_empty_text_stays_empty():
    staff = StaffFactory(phone=None, nik=None, job_title="", birth_date=None)
    assert _raw("accounts_user", "nik", staff.pk) is None
    assert _raw("accounts_user", "nik_index", staff.pk) is None
    assert User.objects.filter(nik__isnull=True, pk=staff.pk).exists()
    message = Message.objects.create(channel="email", recipient="a@b.id", body="")
    message.refresh_from_db()
    assert message.body == ""
    assert Message.objects.filter(body__isnull=False, pk=message.pk).exists()


@pytest.mark.parametrize(
    "lookup",
    [
        {"email": "ani@contoh.id"},
        {"nik__in": ["3273011205900001"]},
        {"full_name__icontains": "ani"},
        {"email__endswith": "@contoh.id"},
        {"birth_date__year": 1990},
    ],
)
def test_lookups_on_encrypted_fields_are_refused_with_a_pointer_to_the_index(lookup):
    with pytest.raises(EncryptedLookupError, match="encrypted") as excinfo:
        list(User.objects.filter(**lookup))
    name = next(iter(lookup)).split("__")[0]
    if name in {"email", "nik", "full_name"}:
        assert f"{name}_index=index_for(User, '{name}', value)" in str(excinfo.value)
    else:
        assert "no blind index" in str(excinfo.value)


def test_message_recipient_is_encrypted_and_not_searchable():
    message = Message.objects.create(
        channel="sms", recipient="+6281234567890", body="Kode 482913"
    )
    assert is_token(_raw("notifications_message", "recipient", message.pk))
    assert is_token(_raw("notifications_message", "body", message.pk))
    with pytest.raises(EncryptedLookupError):
        Message.objects.filter(recipient="+6281234567890").exists()


def test_manager_lookups_go_through_the_blind_indexes():
    ani = UserFactory(email="ani@contoh.id", phone="+6281234567890", nik=make_nik(7))
    UserFactory(email="budi@contoh.id", nik=make_nik(8))
    assert User.objects.get_by_login(" ANI@Contoh.id ") == ani
    assert User.objects.get_by_login("0812 3456 7890") == ani
    assert User.objects.get_by_login("nobody@contoh.id") is None
    assert list(User.objects.filter_by_nik(make_nik(7))) == [ani]
    both = User.objects.filter_by_contact(email="budi@contoh.id", phone="081234567890")
    assert both.count() == 2
    assert (
        User.objects.filter(nik_index=index_for(User, "nik", make_nik(7))).get() == ani
    )
    assert User.objects.filter(blind_lookup(User, "nik", "")).count() == 0
    assert index_for(User, "phone", "not a phone") == NO_MATCH
    assert not User.objects.filter(phone_index=NO_MATCH).exists()


def test_index_follows_its_source_on_save_with_update_fields():
    user = UserFactory(email="lama@contoh.id")
    user.email = "baru@contoh.id"
    user.save(update_fields=["email"])
    assert User.objects.get_by_login("baru@contoh.id") == user
    assert User.objects.get_by_login("lama@contoh.id") is None
    assert user.email_index == index_for(User, "email", "baru@contoh.id")


def test_duplicate_email_is_a_validation_error_on_the_email_field():
    UserFactory(email="ani@contoh.id")
    twin = User(email="ANI@contoh.id", full_name="Ani Palsu")
    with pytest.raises(ValidationError) as excinfo, translation.override("en"):
        twin.full_clean(exclude=["password"])
    with translation.override("en"):
        messages = excinfo.value.message_dict
    assert messages["email"] == ["User with this Email already exists."]
    twin.email = "ani@contoh.id"
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_citizen_nik_is_unique_through_its_index_but_staff_may_share_it():
    UserFactory(nik=make_nik(3))
    citizen = User(email="x@contoh.id", full_name="X", nik=make_nik(3))
    with (
        translation.override("en"),
        pytest.raises(ValidationError, match="A citizen with this NIK"),
    ):
        citizen.full_clean(exclude=["password"])
    StaffFactory(nik=make_nik(3))  # staff accounts are outside the constraint


def test_fields_deconstruct_for_migrations():
    field = User._meta.get_field("birth_date")
    _name, path, args, kwargs = field.deconstruct()
    assert path == "balai.security.crypto.fields.EncryptedDateField"
    clone = EncryptedDateField(*args, **kwargs)
    assert clone.null and "context" not in kwargs
    index = User._meta.get_field("phone_index")
    _name, _path, args, kwargs = index.deconstruct()
    assert args == ["phone"]
    assert kwargs["normaliser"] == "balai.accounts.identifiers.normalise_phone"
    rebuilt = BlindIndexField(*args, **kwargs)
    assert (rebuilt.max_length, rebuilt.unique, rebuilt.editable) == (64, True, False)
    pinned = EncryptedDateField(context="registry.Person.born")
    assert pinned.deconstruct()[3]["context"] == "registry.Person.born"


def test_token_copied_to_another_column_does_not_decrypt():
    user = UserFactory(nik=make_nik(4), full_name="Dewi")
    token = _raw("accounts_user", "nik", user.pk)
    User.objects.filter(pk=user.pk).update(job_title="")
    pk_value = User._meta.pk.get_db_prep_value(user.pk, connection)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE accounts_user SET full_name = %s WHERE id = %s", [token, pk_value]
        )
    with pytest.raises(ValueError, match="another column"):
        User.objects.get(pk=user.pk)
