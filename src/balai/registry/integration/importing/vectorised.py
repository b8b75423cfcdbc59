# SPDX-License-Identifier: EUPL-1.2
"""Whole-column forms of the per-value cleaners, in pyarrow compute (RE2, C++).

Each function takes many distinct texts at once and returns, for each, exactly what
the per-value cleaner in ``normalise`` returns, or None where the text lies outside
the subset the column form states (the caller then asks the per-value cleaner). The
subsets are chosen so that RE2 and Python's ``re`` agree by construction: printable
ASCII only (no Unicode ``\\b``/``\\d``/``\\s`` or case folding to differ). The
per-value cleaners stay the reference: ``test_import_vectorised`` runs both over
the shipped test files and generated nasty values and requires identical answers.

- ``addresses``: ``clean_address`` — text tidied, the first RT/RW form removed (the
  three combined forms in order, else RT alone then RW alone), abbreviations spelled
  out (one pass per abbreviation; no spelled-out word is another's abbreviation
  except *Jalan*, done first), spaces collapsed; an address left with ``,``/``;``/``/``
  (the dangling-separator rule) goes per value.
- ``dates``: ``parse_date`` for ``DD-MM-YYYY``/``DD/MM/YYYY``/``DD.MM.YYYY`` and ISO
  ``YYYY-MM-DD`` texts of exactly those digit counts, when the mapping's formats are
  none or only ``%d-%m-%Y``/``%d/%m/%Y``/``%d.%m.%Y``/``%Y-%m-%d``; day/month order,
  the impossible-date swap and the bounds as ``parse_date`` decides them; any date
  that is not a real date in the first reading goes per value.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from balai.registry.integration.importing.codes import (
    FUTURE_DATE,
    IMPLAUSIBLE_DATE,
    IMPOSSIBLE_DATE,
)
from balai.registry.integration.importing.normalise.addresses import (
    _NUM,
    _SEP,
    ABBREVIATIONS,
    AddressParts,
)
from balai.registry.integration.importing.normalise.dates import DateRules

_CONTROL = r"[\x00-\x1f\x7f]"
# ``addresses._RT_RW`` and the RT/RW-alone forms, with named groups (pyarrow's rule)
_A, _B = _NUM.replace("(", "(?P<a>"), _NUM.replace("(", "(?P<b>")
_COMBINED = [
    rf"(?i)\bRT\s*[/-]\s*RW{_SEP}{_A}\s*[/-]\s*{_B}\b",
    rf"(?i)\bRT{_SEP}{_A}\s*[/,-]?\s*RW{_SEP}{_B}\b",
    rf"(?i)\bRT{_SEP}{_A}\s*/\s*{_B}\b",
]
_RT_ONLY = rf"(?i)\bRT{_SEP}{_A}\b"
_RW_ONLY = rf"(?i)\bRW{_SEP}{_A}\b"
# "jalan" first: its spelled-out word is itself, the only one that is a key
_ORDER = ["jalan", *sorted(set(ABBREVIATIONS) - {"jalan"})]


def _plain_ascii(pc: Any, texts: Any) -> Any:
    """Printable ASCII texts: ``text_of`` only strips and collapses spaces."""
    return pc.and_(
        pc.string_is_ascii(texts), pc.invert(pc.match_substring_regex(texts, _CONTROL))
    )


def _tidy_spaces(pc: Any, texts: Any) -> Any:
    return pc.utf8_trim(pc.replace_substring_regex(texts, " {2,}", " "), " ")


def _padded(pc: Any, digits: Any) -> list[str]:
    """``addresses._padded`` of 1–3 ASCII digits (None: no match): "" for 0."""
    return [
        "" if d is None or int(d) == 0 else f"{int(d):03d}" for d in digits.to_pylist()
    ]


def addresses(values: list[str]) -> list[AddressParts | None]:
    """``clean_address`` of each text, None where it must be asked per value."""
    import pyarrow as pa  # type: ignore[import-untyped]
    import pyarrow.compute as pc  # type: ignore[import-untyped]

    if not values:
        return []
    raw = pa.array(values, pa.string())
    plain = _plain_ascii(pc, raw).to_pylist()
    texts = _tidy_spaces(pc, raw)
    rt: Any = pa.nulls(len(values), pa.string())
    rw: Any = pa.nulls(len(values), pa.string())
    done = pa.array([False] * len(values))
    out = texts
    for pattern in _COMBINED:
        found = pc.extract_regex(texts, pattern)
        hit = pc.and_(pc.invert(done), pc.is_valid(found))
        removed = pc.replace_substring_regex(texts, pattern, " ", max_replacements=1)
        out = pc.if_else(hit, removed, out)
        rt = pc.if_else(hit, pc.struct_field(found, [0]), rt)
        rw = pc.if_else(hit, pc.struct_field(found, [1]), rw)
        done = pc.or_(done, hit)
    # neither combined form: RT alone, then RW alone in what is left
    found = pc.extract_regex(out, _RT_ONLY)
    hit = pc.and_(pc.invert(done), pc.is_valid(found))
    removed = pc.replace_substring_regex(out, _RT_ONLY, " ", max_replacements=1)
    out = pc.if_else(hit, removed, out)
    rt = pc.if_else(hit, pc.struct_field(found, [0]), rt)
    found = pc.extract_regex(out, _RW_ONLY)
    hit = pc.and_(pc.invert(done), pc.is_valid(found))
    removed = pc.replace_substring_regex(out, _RW_ONLY, " ", max_replacements=1)
    out = pc.if_else(hit, removed, out)
    rw = pc.if_else(hit, pc.struct_field(found, [0]), rw)
    for key in _ORDER:
        out = pc.replace_substring_regex(
            out, rf"(?i)\b{key}\b\.?\s*", ABBREVIATIONS[key] + " "
        )
    out = pc.utf8_trim(_tidy_spaces(pc, out), " -")
    separators = pc.match_substring_regex(out, "[,;/]").to_pylist()
    empty = pc.equal(texts, "").to_pylist()
    results: list[AddressParts | None] = []
    for i, (address, rt_i, rw_i) in enumerate(
        zip(out.to_pylist(), _padded(pc, rt), _padded(pc, rw), strict=True)
    ):
        if not plain[i] or separators[i]:
            results.append(None)
        elif empty[i]:
            results.append(AddressParts(""))
        else:
            results.append(AddressParts(address, rt_i, rw_i))
    return results


_DATE_FORMATS = {"%d-%m-%Y": "-", "%d/%m/%Y": "/", "%d.%m.%Y": ".", "%Y-%m-%d": "iso"}


def date_rules_supported(rules: DateRules) -> bool:
    """Whether ``dates`` can answer for these rules (else every date goes per value)."""
    return rules.excel_serials and all(f in _DATE_FORMATS for f in rules.formats)


def _valid(np: Any, year: Any, month: Any, day: Any) -> Any:
    """Which (year, month, day) are real dates (years 1–9999)."""
    ok = (year >= 1) & (month >= 1) & (month <= 12) & (day >= 1)
    months = (year - 1970) * 12 + np.clip(month, 1, 12) - 1
    start = months.astype("datetime64[M]").astype("datetime64[D]")
    length = (months + 1).astype("datetime64[M]").astype("datetime64[D]") - start
    return ok & (day <= length.astype(int))


def _as_dates(np: Any, year: Any, month: Any, day: Any) -> list[dt.date]:
    months = (year - 1970) * 12 + month - 1
    days = months.astype("datetime64[M]").astype("datetime64[D]") + (day - 1)
    return list(days.astype(object))


def dates(values: list[str], rules: DateRules) -> list[tuple[Any, str] | None]:
    """``parse_date`` of each text as an outcome (date, "") or (None, code); None
    where it must be asked per value (see the module's note for the subset)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    n = len(values)
    if not n or not date_rules_supported(rules):
        return [None] * n
    texts = pa.array(values, pa.string())
    numeric = pc.extract_regex(
        texts, r"^(?P<a>\d{2})(?P<s>[-/.])(?P<b>\d{2})(?P<t>[-/.])(?P<y>\d{4})$"
    )
    iso = pc.extract_regex(texts, r"^(?P<y>\d{4})[-/.](?P<m>\d{2})[-/.](?P<d>\d{2})$")
    is_numeric = pc.is_valid(numeric).to_numpy(zero_copy_only=False)
    is_iso = pc.is_valid(iso).to_numpy(zero_copy_only=False)

    def ints(found: Any, index: int) -> Any:
        field = pc.struct_field(found, [index])
        return pc.cast(
            pc.if_else(pc.is_valid(found), field, "0"), pa.int64()
        ).to_numpy()

    a, b, year = ints(numeric, 0), ints(numeric, 2), ints(numeric, 4)
    first_sep = pc.struct_field(numeric, [1]).to_pylist()
    second_sep = pc.struct_field(numeric, [3]).to_pylist()
    # a format of the mapping reads day first when its separators are the text's
    by_format = np.array(
        [
            s is not None and s == t and f"%d{s}%m{s}%Y" in rules.formats
            for s, t in zip(first_sep, second_sep, strict=True)
        ],
        dtype=bool,
    )
    format_ok = by_format & _valid(np, year, b, a)
    # else ``dates._numeric``: a part above 12 is the day, or ``day_first`` decides
    day_first = np.where(
        (a > 12) & (b <= 12),
        True,
        np.where((b > 12) & (a <= 12), False, rules.day_first),
    )
    day_first |= format_ok
    month = np.where(day_first, b, a)
    day = np.where(day_first, a, b)
    iso_y, iso_m, iso_d = ints(iso, 0), ints(iso, 1), ints(iso, 2)
    year = np.where(is_iso, iso_y, year)
    month = np.where(is_iso, iso_m, month)
    day = np.where(is_iso, iso_d, day)
    answered = is_numeric | is_iso
    real = answered & _valid(np, year, month, day)
    safe = np.where(real, 1, 0)
    found = _as_dates(
        np, np.where(real, year, 2000), np.where(real, month, 1), day * safe + 1 - safe
    )
    out: list[tuple[Any, str] | None] = []
    for i in range(n):
        if not answered[i]:
            out.append(None)
        elif not real[i]:
            out.append((None, IMPOSSIBLE_DATE))
        elif found[i] > rules.today:
            out.append((None, FUTURE_DATE))
        elif found[i] < rules.earliest:
            out.append((None, IMPLAUSIBLE_DATE))
        else:
            out.append((found[i], ""))
    return out


# ``columnar._PHONE_SIMPLE`` on a text whose ``_PHONE_SEPARATORS`` are removed; on
# printable ASCII Python's ``\s`` is the space alone and ``\d`` is [0-9]
_PHONE_SEPARATORS = r"[ \-.()]"
_PHONE_SIMPLE = r"^(?:\+62|62|0062|0)?(?P<national>8[0-9]{7,11})$"


def phone_nationals(values: list[str]) -> list[str | None]:
    """For ``columnar.PhoneCleaner``: the national number (``8…``) of each text that
    takes its fast path, None where it must be asked per value (not printable
    ASCII, not a plain Indonesian mobile form, or one of the fast path's own
    exceptions: ``62`` and under 10 digits, or 8 digits without a prefix)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not values:
        return []
    raw = pa.array(values, pa.string())
    text = pc.replace_substring_regex(raw, _PHONE_SEPARATORS, "")
    national = pc.struct_field(pc.extract_regex(text, _PHONE_SIMPLE), [0])
    length = pc.utf8_length(text)
    fast = pc.and_kleene(
        _plain_ascii(pc, raw),
        pc.invert(
            pc.or_(
                pc.and_(pc.starts_with(text, "62"), pc.less(length, 10)),
                pc.and_(pc.starts_with(text, "8"), pc.equal(length, 8)),
            )
        ),
    )
    # (a text that does not match has a null national: null stays null)
    nationals: list[str | None] = pc.if_else(fast, national, None).to_pylist()
    return nationals
