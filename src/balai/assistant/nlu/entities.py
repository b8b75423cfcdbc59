# SPDX-License-Identifier: EUPL-1.2
"""Entities in a message: application numbers, tax object numbers (NOP), report ids.

``PMH-2026-000123`` (also written with spaces or without dashes), an 18-digit NOP
(``32.73.010.001.002.0003.0`` or plain), a report id ``LPR-XXXXXXXX``. ``mask``
swaps them for placeholder words the classifier learns from (``nomorpmh``,
``nomornop``, ``nomorlpr``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PMH = re.compile(r"\bPMH[\s\-_./]?(\d{4})[\s\-_./]?(\d{1,6})\b", re.IGNORECASE)
_NOP = re.compile(
    r"(?<![\d.])(\d{2})\.?(\d{2})\.?(\d{3})\.?(\d{3})\.?(\d{3})[.\-]?(\d{4})\.?(\d)(?![\d.])"
)
_LPR = re.compile(r"\bLPR[\s\-]?([0-9A-HJKMNP-TV-Z]{8})\b", re.IGNORECASE)


@dataclass(frozen=True)
class Entities:
    application_number: str = ""
    nop: str = ""  # 18 digits, no dots
    report_id: str = ""

    def as_dict(self) -> dict[str, str]:
        return {k: v for k, v in vars(self).items() if v}


def extract(text: str) -> Entities:
    """The first application number, NOP and report id found in ``text``."""
    pmh = _PMH.search(text)
    nop = _NOP.search(text)
    lpr = _LPR.search(text)
    return Entities(
        application_number=(
            f"PMH-{pmh.group(1)}-{int(pmh.group(2)):06d}" if pmh else ""
        ),
        nop="".join(nop.groups()) if nop else "",
        report_id=f"LPR-{lpr.group(1).upper()}" if lpr else "",
    )


def format_nop(nop: str) -> str:
    """``327301000100200030`` → ``32.73.010.001.002.0003.0``."""
    if len(nop) != 18 or not nop.isdigit():
        return nop
    parts = (nop[:2], nop[2:4], nop[4:7], nop[7:10], nop[10:13], nop[13:17], nop[17])
    return ".".join(parts)


def mask(text: str) -> str:
    """``text`` with entities replaced by placeholder words."""
    text = _PMH.sub(" nomorpmh ", text)
    text = _LPR.sub(" nomorlpr ", text)
    return _NOP.sub(" nomornop ", text)
