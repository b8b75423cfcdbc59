# SPDX-License-Identifier: EUPL-1.2
"""Phone numbers of accounts after the move to the one normaliser (core.phones):
numbers stored by the previous code are still found, sign-up wants a real mobile."""

from __future__ import annotations

import datetime as dt

import pytest

from balai.accounts.logins import login_key
from balai.accounts.models import User
from balai.accounts.services import citizen_signup
from balai.accounts.tests.factories import UserFactory
from balai.core.errors import BalaiError
from balai.core.tests.test_phones import previous_normaliser
from balai.security.crypto.blind import blind_index

pytestmark = pytest.mark.django_db

# as people typed them at sign-up, and what the previous code stored
STORED = [
    ("0812-3456-7890", "+6281234567890"),
    ("+62 857 1234 5678", "+6285712345678"),
    ("81276197", "+6281276197"),  # 8 digits: accepted then, not a real number
    ("0800 956 609", "+62800956609"),  # a toll-free prefix: accepted then too
]


def _as_stored_by_the_previous_code(typed: str) -> User:
    stored = previous_normaliser(typed)
    user = UserFactory(phone=stored)
    context = User._meta.get_field("phone_index").context
    index = blind_index(stored, context=context, normaliser=previous_normaliser)
    User.objects.filter(pk=user.pk).update(phone_index=index)
    return user


@pytest.mark.parametrize(("typed", "stored"), STORED)
def test_a_phone_stored_by_the_previous_code_is_still_found(typed, stored):
    user = _as_stored_by_the_previous_code(typed)
    assert user.phone == stored
    for spelling in (typed, stored, "0" + stored[3:], stored[1:]):
        assert User.objects.get_by_login(spelling) == user
    before = User.objects.filter(pk=user.pk).values_list("phone_index", flat=True)
    user.save()  # re-saving recomputes the index with the new normaliser: unchanged
    after = User.objects.filter(pk=user.pk).values_list("phone_index", flat=True)
    assert list(before) == list(after)


def test_lockouts_count_one_number_however_it_is_typed():
    assert login_key("0812-3456-7890") == login_key("+62 812 3456 7890")
    assert login_key("0812-3456-7890") != login_key("0812-3456-7891")


@pytest.mark.parametrize("phone", ["(022) 2501234", "81276197", "0800 956 609"])
def test_sign_up_wants_a_real_mobile_number(phone):
    with pytest.raises(BalaiError) as error:
        citizen_signup(
            nik="3273015708900003",
            full_name="Warga Uji",
            birth_date=dt.date(1990, 8, 17),
            password="kata-sandi-panjang-sekali",
            phone=phone,
        )
    assert "phone" in error.value.field_errors
    assert not User.objects.exists()
