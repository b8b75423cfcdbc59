# SPDX-License-Identifier: EUPL-1.2
"""Street addresses: abbreviations spelled out, RT/RW taken out, spaces collapsed.

"JL. MERDEKA NO 5 RT.3/RW.5 KEL. CITARUM" gives the address "Jalan MERDEKA NO 5
Kelurahan CITARUM" with RT "003" and RW "005". Only the abbreviations are rewritten;
the rest keeps its case (addresses hold proper names and codes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from balai.registry.integration.importing.codes import (
    EMPTY,
    INVALID_RT_RW,
    ValueProblem,
)
from balai.registry.integration.importing.normalise.names import text_of

ABBREVIATIONS = {
    "jl": "Jalan",
    "jln": "Jalan",
    "jalan": "Jalan",
    "gg": "Gang",
    "kel": "Kelurahan",
    "kec": "Kecamatan",
    "kab": "Kabupaten",
    "ds": "Desa",
    "dsn": "Dusun",
    "kp": "Kampung",
    "kmp": "Kampung",
    "komp": "Kompleks",
    "perum": "Perumahan",
}
_ABBREVIATION = re.compile(
    r"\b(" + "|".join(sorted(ABBREVIATIONS, key=len, reverse=True)) + r")\b\.?\s*",
    re.IGNORECASE,
)
_NUM = r"(\d{1,3})"
_SEP = r"\s*[.:]?\s*"
_RT_RW = [
    # RT/RW 003/005, RT-RW: 3/5
    re.compile(rf"\bRT\s*[/-]\s*RW{_SEP}{_NUM}\s*[/-]\s*{_NUM}\b", re.IGNORECASE),
    # RT 003 RW 005, RT.3/RW.5, Rt. 03, Rw. 05
    re.compile(rf"\bRT{_SEP}{_NUM}\s*[/,-]?\s*RW{_SEP}{_NUM}\b", re.IGNORECASE),
    # RT 03/05
    re.compile(rf"\bRT{_SEP}{_NUM}\s*/\s*{_NUM}\b", re.IGNORECASE),
]
_RT_ONLY = re.compile(rf"\bRT{_SEP}{_NUM}\b", re.IGNORECASE)
_RW_ONLY = re.compile(rf"\bRW{_SEP}{_NUM}\b", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_DANGLING = re.compile(r"\s*([,;/])\s*(?=[,;/]|$)")


@dataclass(frozen=True)
class AddressParts:
    address: str
    rt: str = ""
    rw: str = ""


def clean_rt_rw(value: object) -> str:
    """ "3", "03", "003", "RT 3" → "003"; ValueProblem when not 1–999."""
    text = text_of(value)
    if not text:
        raise ValueProblem(EMPTY)
    digits = re.sub(r"^(rt|rw)\W*", "", text, flags=re.IGNORECASE)
    if not digits.isdigit() or not digits.isascii() or not 0 < int(digits) < 1000:
        raise ValueProblem(INVALID_RT_RW)
    return f"{int(digits):03d}"


def _expand(match: re.Match[str]) -> str:
    return ABBREVIATIONS[match.group(1).lower()] + " "


def _tidy(text: str) -> str:
    text = _SPACES.sub(" ", text).strip()
    text = _DANGLING.sub("", text)
    return text.strip(" ,;/-")


def clean_address(value: object) -> AddressParts:
    """The address without RT/RW, with abbreviations expanded; empty stays empty."""
    text = text_of(value)
    if not text:
        return AddressParts("")
    rt = rw = ""
    for pattern in _RT_RW:
        found = pattern.search(text)
        if found:
            rt, rw = found.group(1), found.group(2)
            text = text[: found.start()] + " " + text[found.end() :]
            break
    else:
        if found := _RT_ONLY.search(text):
            rt = found.group(1)
            text = text[: found.start()] + " " + text[found.end() :]
        if found := _RW_ONLY.search(text):
            rw = found.group(1)
            text = text[: found.start()] + " " + text[found.end() :]
    text = _ABBREVIATION.sub(_expand, text)
    return AddressParts(_tidy(text), _padded(rt), _padded(rw))


def _padded(value: str) -> str:
    try:
        return clean_rt_rw(value)
    except ValueProblem:
        return ""
