# SPDX-License-Identifier: EUPL-1.2
"""Reading the shipped reference files (``regions/data/``) into plain, checked rows.

No database access here: the loader in ``services`` turns these rows into Region and
RetiredRegionCode records, checking each row's shape (code per level, parent derived
from the code, kind matching the level) so that a corrupt file fails before any write.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from django.utils.translation import gettext as _

from balai.core.errors import BalaiError
from balai.regions import constants
from balai.regions.normalise import parent_region_code

_CODE_SHAPES = {
    1: re.compile(r"^\d{2}$"),
    2: re.compile(r"^\d{2}\.\d{2}$"),
    3: re.compile(r"^\d{2}\.\d{2}\.\d{2}$"),
    4: re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$"),
}
_KINDS_BY_LEVEL = {
    1: {"provinsi"},
    2: {"kabupaten", "kota"},
    3: {"kecamatan", "distrik"},
    4: {"kelurahan", "desa", "desa_adat"},
}
_POSTAL_CODE = re.compile(r"^\d{5}$")

WILAYAH_FILE = "wilayah.csv.gz"
KODEPOS_FILE = "kodepos.csv.gz"
KODE_LAMA_FILE = "kode_lama.csv"


class RegionDataError(BalaiError):
    """The reference data is malformed or inconsistent; nothing was written."""

    code = constants.INVALID_REGION_DATA


@dataclass(frozen=True, slots=True)
class RegionRow:
    """One region as read from ``wilayah.csv`` (postal code joined in for villages)."""

    code: str
    name: str
    level: int
    kind: str
    parent_code: str | None
    postal_code: str = ""


@dataclass(frozen=True, slots=True)
class RetiredRow:
    """One retired code from ``kode_lama.csv`` and the current code it maps to."""

    old_code: str
    old_name: str
    new_code: str
    last_edition: str


def _read_text(name: str) -> str:
    raw = resources.files("balai.regions").joinpath("data", name).read_bytes()
    return (gzip.decompress(raw) if name.endswith(".gz") else raw).decode("utf-8")


def _read_records(name: str, columns: Sequence[str]) -> Iterator[tuple[int, list[str]]]:
    """(line number, values in ``columns`` order) for each data row of a shipped CSV."""
    reader = csv.reader(io.StringIO(_read_text(name), newline=""))
    header = next(reader, [])
    try:
        positions = [header.index(column) for column in columns]
    except ValueError:
        raise _fail(name, 1, _("unexpected header")) from None
    for line, record in enumerate(reader, start=2):
        if len(record) != len(header):
            raise _fail(name, line, _("wrong number of columns"))
        yield line, [record[position] for position in positions]


def _fail(name: str, line: int, problem: str) -> RegionDataError:
    return RegionDataError(
        _("%(file)s line %(line)s: %(problem)s")
        % {"file": name, "line": line, "problem": problem}
    )


def code_selected(code: str, prefixes: Sequence[str] | None) -> bool:
    """Whether ``code`` lies inside one of ``prefixes`` or is an ancestor of one."""
    if prefixes is None:
        return True
    inside, around = _selection(tuple(prefixes))
    if code in around:  # a prefix itself or one of its ancestors
        return True
    # a descendant: one of the code's own ancestors is a prefix (at most three)
    end = code.rfind(".")
    while end > 0:
        if code[:end] in inside:
            return True
        end = code.rfind(".", 0, end)
    return False


@lru_cache(maxsize=32)
def _selection(prefixes: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
    """The prefixes, and the prefixes with all their ancestors (a file is read row by
    row against these: 90,000 rows × the prefixes' string tests took a second)."""
    around = set(prefixes)
    for prefix in prefixes:
        end = prefix.rfind(".")
        while end > 0:
            around.add(prefix[:end])
            end = prefix.rfind(".", 0, end)
    return frozenset(prefixes), frozenset(around)


def check_region_row(row: RegionRow) -> str | None:
    """The problem with one row's shape, or None when it is consistent."""
    shape = _CODE_SHAPES.get(row.level)
    if shape is None or not shape.match(row.code):
        return _("code %(code)s does not fit level %(level)s") % {
            "code": row.code,
            "level": row.level,
        }
    if row.parent_code != parent_region_code(row.code):
        return _("code %(code)s has the wrong parent") % {"code": row.code}
    if row.kind not in _KINDS_BY_LEVEL[row.level]:
        return _("code %(code)s has kind %(kind)s, impossible at its level") % {
            "code": row.code,
            "kind": row.kind,
        }
    if not row.name.strip() or len(row.name) > 120:
        return _("code %(code)s has an empty or over-long name") % {"code": row.code}
    if row.postal_code and not _POSTAL_CODE.match(row.postal_code):
        return _("code %(code)s has a malformed postal code") % {"code": row.code}
    return None


def read_postal_codes(prefixes: Sequence[str] | None = None) -> dict[str, str]:
    """Village code → postal code, from ``kodepos.csv.gz``."""
    postal: dict[str, str] = {}
    for line, (code, postal_code) in _read_records(KODEPOS_FILE, ("kode", "kodepos")):
        if prefixes is not None and not code_selected(code, prefixes):
            continue
        if not _POSTAL_CODE.match(postal_code):
            raise _fail(KODEPOS_FILE, line, _("malformed postal code"))
        postal[code] = postal_code
    return postal


def read_region_rows(prefixes: Sequence[str] | None = None) -> list[RegionRow]:
    """Rows of ``wilayah.csv.gz`` (or those under ``prefixes``) in file order.

    Shapes are checked by the loader (``check_region_row``), which every row passes
    through before anything is written.
    """
    postal = read_postal_codes(prefixes)
    columns = ("kode", "nama", "tingkat", "kode_induk", "jenis")
    rows: list[RegionRow] = []
    for line, (code, name, level, parent, kind) in _read_records(WILAYAH_FILE, columns):
        if prefixes is not None and not code_selected(code, prefixes):
            continue
        if not level.isdigit():
            raise _fail(WILAYAH_FILE, line, _("level is not a number"))
        rows.append(
            RegionRow(
                code=code,
                name=name.strip(),
                level=int(level),
                kind=kind,
                parent_code=parent or None,
                postal_code=postal.get(code, ""),
            )
        )
    return rows


def province_codes() -> list[str]:
    """The two-digit codes of the provinces in the shipped data (current and retired,
    as NIKs issued under a retired code keep it), in order."""
    codes = {
        code
        for _line, (code, level) in _read_records(WILAYAH_FILE, ("kode", "tingkat"))
        if level == "1"
    }
    codes |= {row.old_code[:2] for row in read_retired_rows() if len(row.old_code) >= 2}
    return sorted(code for code in codes if _CODE_SHAPES[1].match(code))


def read_retired_rows(codes: Iterable[str] | None = None) -> list[RetiredRow]:
    """Rows of ``kode_lama.csv``; with ``codes``, only those whose target is in it."""
    wanted = set(codes) if codes is not None else None
    columns = (
        "kode_lama",
        "nama_lama",
        "kode_baru",
        "tingkat",
        "edisi_terakhir_kode_lama",
    )
    rows: list[RetiredRow] = []
    for line, values in _read_records(KODE_LAMA_FILE, columns):
        old_code, old_name, new_code, level, edition = values
        shape = _CODE_SHAPES.get(int(level) if level.isdigit() else 0)
        if shape is None or not shape.match(old_code) or not old_name.strip():
            raise _fail(KODE_LAMA_FILE, line, _("malformed retired code"))
        if wanted is None or new_code in wanted:
            rows.append(
                RetiredRow(
                    old_code=old_code,
                    old_name=old_name.strip(),
                    new_code=new_code,
                    last_edition=edition.strip(),
                )
            )
    return rows
