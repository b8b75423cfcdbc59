# SPDX-License-Identifier: EUPL-1.2
"""One mask per kind of identifier, whoever shows it."""

from __future__ import annotations

import pytest

from balai.security.masking import (
    mask_contact,
    mask_email,
    mask_identifier,
    mask_nik,
    mask_phone,
)


@pytest.mark.parametrize(
    "written",
    ["+6281234567890", "0812-3456-7890", "+62 812 3456 7890", "6281234567890"],
)
def test_a_phone_number_has_one_mask_however_it_is_written(written):
    assert mask_phone(written) == "+62812****890"
    assert mask_contact(written) == "+62812****890"
    assert mask_identifier(written) == "+62812****890"


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("Siti.Aminah@Contoh.id", "s***@contoh.id"),
        ("", ""),
        ("no-at-sign", ""),
    ],
)
def test_email_addresses(value, masked):
    assert mask_email(value) == masked


def test_other_identifiers():
    assert mask_nik("3174011205900001") == "3174********0001"
    assert mask_identifier("3174011205900001") == "3174********0001"
    assert mask_identifier("budi") == "b***"
    assert mask_identifier("s***@contoh.id") == "s***@contoh.id"
    assert mask_phone("123") == "***"
    assert mask_contact("Budi@Example.go.id") == "b***@example.go.id"
