# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from decimal import Decimal

import pytest

from balai.payments import codes


def test_luhn_digit_matches_the_textbook_example() -> None:
    assert codes.luhn_digit("7992739871") == "3"


def test_va_number_carries_a_check_digit_and_refuses_typos() -> None:
    number = codes.va_number("8808", 123, width=10)
    assert number.startswith("88080000000123") and len(number) == 15
    assert codes.va_is_valid(number)
    typo = number[:5] + str((int(number[5]) + 1) % 10) + number[6:]
    assert not codes.va_is_valid(typo)
    swapped = number[:-3] + number[-2] + number[-3] + number[-1]
    if swapped != number:
        assert not codes.va_is_valid(swapped)
    assert not codes.va_is_valid("12ab567890")
    assert not codes.va_is_valid("123")


def test_crc16_ccitt_false_check_value() -> None:
    # the catalogue check value of CRC-16/CCITT-FALSE over "123456789"
    assert codes.crc16_ccitt(b"123456789") == 0x29B1


def _payload(amount: int = 810000) -> str:
    return codes.qris_payload(
        merchant_pan="9360000000000000001",
        merchant_id="ID1020000000001",
        merchant_name="BAPENDA KOTA CONTOH",
        merchant_city="KOTA CONTOH",
        postal_code="10110",
        amount=Decimal(amount),
        bill_number="PBB-2026-1",
    )


def test_qris_payload_is_dynamic_exact_amount_rupiah_with_crc() -> None:
    payload = _payload()
    fields = codes.qris_parse(payload)
    assert fields["00"] == "01"
    assert fields["01"] == "12"  # dynamic
    assert fields["53"] == "360"
    assert fields["54"] == "810000"
    assert fields["58"] == "ID"
    assert fields["26"].startswith("0014ID.CO.QRIS.WWW")
    assert fields["62"] == "0110PBB-2026-1"
    assert payload[-8:-4] == "6304" and len(fields["63"]) == 4


def test_qris_tampered_amount_fails_the_crc() -> None:
    payload = _payload()
    tampered = payload.replace("5406810000", "5406910000")
    with pytest.raises(ValueError, match="CRC"):
        codes.qris_parse(tampered)


@pytest.mark.parametrize("amount", ["0", "-5", "1.5"])
def test_qris_refuses_amounts_that_are_not_whole_rupiah(amount: str) -> None:
    with pytest.raises(ValueError, match="whole number"):
        codes.qris_payload(
            merchant_pan="1",
            merchant_id="2",
            merchant_name="X",
            merchant_city="Y",
            postal_code="1",
            amount=Decimal(amount),
            bill_number="B",
        )
