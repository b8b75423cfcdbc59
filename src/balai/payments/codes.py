# SPDX-License-Identifier: EUPL-1.2
"""Billing codes: virtual-account numbers with a check digit and QRIS payloads.

A **virtual account** number is the bank's prefix (its company code), a serial of the
order and one Luhn check digit, so a mistyped digit or two swapped neighbours are
refused at the teller before any money moves.

A **QRIS** payload follows the EMVCo merchant-presented mode (MPM) specification used
by Bank Indonesia's QRIS: data objects written as ``ID`` (2 digits) ``length``
(2 digits) ``value``, a dynamic code (point of initiation ``12``) carrying the exact
amount (tag 54) in currency 360 (rupiah), and a final CRC (tag 63) computed with
CRC-16/CCITT-FALSE (polynomial 0x1021, initial value 0xFFFF) over the whole payload up
to and including ``6304``.
"""

from __future__ import annotations

from decimal import Decimal

VA_MIN_LENGTH = 10
VA_MAX_LENGTH = 20


def luhn_digit(digits: str) -> str:
    """The Luhn check digit to append to ``digits``."""
    if not digits.isdigit():
        raise ValueError("Luhn check digits are computed over digits only.")
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 0:  # these are doubled once the check digit is appended
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return str((10 - total % 10) % 10)


def va_number(prefix: str, serial: int, *, width: int = 10) -> str:
    """``prefix`` + ``serial`` zero-padded to ``width`` + the Luhn check digit."""
    body = f"{prefix}{serial:0{width}d}"
    if len(body) + 1 > VA_MAX_LENGTH:
        raise ValueError("The virtual-account number would be too long.")
    return body + luhn_digit(body)


def va_is_valid(number: str) -> bool:
    """True when ``number`` is all digits, of a plausible length, and its last
    digit is the Luhn check digit of the rest."""
    if not number.isdigit() or not VA_MIN_LENGTH <= len(number) <= VA_MAX_LENGTH:
        return False
    return luhn_digit(number[:-1]) == number[-1]


def crc16_ccitt(data: bytes) -> int:
    """CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF, no reflection, no final XOR."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _bit in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def _tlv(tag: str, value: str) -> str:
    if len(value) > 99:
        raise ValueError(f"QRIS field {tag} is longer than 99 characters.")
    return f"{tag}{len(value):02d}{value}"


def qris_payload(
    *,
    merchant_pan: str,
    merchant_id: str,
    merchant_name: str,
    merchant_city: str,
    postal_code: str,
    amount: Decimal,
    bill_number: str,
    mcc: str = "9311",  # tax payments (ISO 18245)
) -> str:
    """A dynamic QRIS (EMVCo MPM) payload for an exact amount, with its CRC."""
    if amount <= 0 or amount != amount.to_integral_value():
        raise ValueError("A QRIS amount is a positive whole number of rupiah.")
    merchant_account = (
        _tlv("00", "ID.CO.QRIS.WWW")
        + _tlv("01", merchant_pan)
        + _tlv("02", merchant_id)
        + _tlv("03", "UMI")
    )
    body = (
        _tlv("00", "01")  # payload format indicator
        + _tlv("01", "12")  # dynamic: one payment
        + _tlv("26", merchant_account)
        + _tlv("52", mcc)
        + _tlv("53", "360")  # IDR
        + _tlv("54", str(int(amount)))
        + _tlv("58", "ID")
        + _tlv("59", merchant_name[:25])
        + _tlv("60", merchant_city[:15])
        + _tlv("61", postal_code[:10])
        + _tlv("62", _tlv("01", bill_number[:25]))  # additional data: bill number
        + "6304"
    )
    return body + f"{crc16_ccitt(body.encode('ascii')):04X}"


def qris_parse(payload: str) -> dict[str, str]:
    """The top-level data objects of a payload; ValueError when the structure or
    the CRC is wrong."""
    if len(payload) < 8 or payload[-8:-4] != "6304":
        raise ValueError("A QRIS payload ends with its CRC field (6304).")
    expected = f"{crc16_ccitt(payload[:-4].encode('ascii')):04X}"
    if payload[-4:].upper() != expected:
        raise ValueError("The QRIS CRC does not match the payload.")
    fields: dict[str, str] = {}
    position = 0
    while position < len(payload):
        tag, length = (
            payload[position : position + 2],
            payload[position + 2 : position + 4],
        )
        if not (tag.isdigit() and length.isdigit()):
            raise ValueError("A QRIS data object starts with two-digit tag and length.")
        end = position + 4 + int(length)
        if end > len(payload):
            raise ValueError("A QRIS data object runs past the end of the payload.")
        fields[tag] = payload[position + 4 : end]
        position = end
    return fields
