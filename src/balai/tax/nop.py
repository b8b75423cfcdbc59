# SPDX-License-Identifier: EUPL-1.2
"""The NOP (Nomor Objek Pajak) of PBB-P2: 18 digits, ``PP.KK.CCC.DDD.BBB-NNNN.J``.

Province (2), regency/city (2), district (3, SISMIOP code), village (3, SISMIOP
code), block (3), serial within the block (4) and object type (1)
(indonesian-local-taxes.md §3.3). A NOP carries no check digit; it is refused when
it is not 18 digits once the separators are dropped, or when the province,
regency, block or serial part is all zeros (no such code is issued).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SEPARATORS = re.compile(r"[\s.\-]")


@dataclass(frozen=True)
class Nop:
    digits: str

    @property
    def province(self) -> str:
        return self.digits[0:2]

    @property
    def regency(self) -> str:
        return self.digits[2:4]

    @property
    def district(self) -> str:
        return self.digits[4:7]

    @property
    def village(self) -> str:
        return self.digits[7:10]

    @property
    def block(self) -> str:
        return self.digits[10:13]

    @property
    def serial(self) -> str:
        return self.digits[13:17]

    @property
    def kind(self) -> str:
        return self.digits[17]

    def formatted(self) -> str:
        d = self.digits
        return f"{d[0:2]}.{d[2:4]}.{d[4:7]}.{d[7:10]}.{d[10:13]}-{d[13:17]}.{d[17]}"


def parse_nop(text: str) -> Nop | None:
    """The NOP in ``text`` (with or without separators), or None when invalid."""
    digits = _SEPARATORS.sub("", text or "")
    if len(digits) != 18 or not digits.isdigit():
        return None
    nop = Nop(digits)
    if nop.province == "00" or nop.regency == "00":
        return None
    if nop.block == "000" or nop.serial == "0000":
        return None
    return nop
