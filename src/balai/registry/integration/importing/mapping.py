# SPDX-License-Identifier: EUPL-1.2
"""Mapping files: how another agency's columns become the register's fields.

A YAML document (see ``docs/import.md`` and ``integration/mappings/``) with the keys
``source``, ``format``, ``columns``, ``dates``, ``regions``, ``required`` and ``rows``.
``mapping_load`` validates it completely and raises ``MappingError`` listing every
problem, each naming its key ("columns.sex.values: ..."), so one run shows them all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

import yaml

from balai.core.errors import BalaiError
from balai.core.yamlfiles import safe_load

FIELDS = (
    "source_record_id",
    "nik",
    "kk_number",
    "full_name",
    "given_name",
    "family_name",
    "birth_place",
    "birth_date",
    "sex",
    "address",
    "rt",
    "rw",
    "village_code",
    "village_name",
    "district_code",
    "district_name",
    "regency_code",
    "regency_name",
    "province_code",
    "province_name",
    "postal_code",
    "phone",
    "other_id",
    "source",  # the source system of the row (one file, several systems)
)
# fields a row can be required to have (given_name/family_name count as full_name)
REQUIRABLE = tuple(f for f in FIELDS if f not in {"given_name", "family_name"})
FORMATS = ("csv", "xlsx", "jsonl")
ENCODINGS = ("utf-8", "utf-8-sig", "cp1252", "latin-1", "iso-8859-1")
TOP_KEYS = {"source", "format", "columns", "dates", "regions", "required", "rows"}
# rules about whole rows, each a flag (``rows: {require_nik_or_birth_date: false}``)
ROW_RULES = {"require_nik_or_birth_date": True}
SPEC_KEYS = {
    "column",
    "columns",
    "join",
    "split",
    "part",
    "values",
    "formats",
    "day_first",
    "constant",
}
_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


class MappingError(BalaiError):
    """The mapping file is unusable; ``problems`` lists every reason with its key."""

    code = "invalid_mapping"

    def __init__(self, problems: list[str]) -> None:
        super().__init__(
            _("The mapping file is not valid: %(problems)s")
            % {"problems": "; ".join(problems)},
        )
        self.problems = problems


@dataclass(frozen=True)
class ColumnSpec:
    """Where one of our fields comes from in their row."""

    columns: tuple[str, ...]
    join: str = " "
    values: dict[str, str] = field(default_factory=dict)  # lower-cased keys
    formats: tuple[str, ...] = ()
    day_first: bool | None = None
    constant: str | None = None  # the same value on every row (no column)
    split: str | None = None  # cut the (joined) value at this separator ...
    part: int = 0  # ... and keep this piece (0 the first, -1 the last)


@dataclass(frozen=True)
class Mapping:
    source_code: str
    source_name: str
    agency_code: str
    file_format: str | None
    delimiter: str | None
    encoding: str | None
    sheet: str | None
    header_row: int
    columns: dict[str, ColumnSpec]
    required: tuple[str, ...]
    date_formats: tuple[str, ...]
    day_first: bool
    region_within: str
    document: dict[str, Any]  # the validated YAML, kept on the batch
    # False: a row with neither a valid NIK nor a readable birth date is staged (with
    # a warning) instead of rejected — for sources that identify people otherwise
    require_nik_or_birth_date: bool = True

    def source_columns(self) -> set[str]:
        return {name for spec in self.columns.values() for name in spec.columns}


class _Checker:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def add(self, key: str, text: str) -> None:
        self.problems.append(f"{key}: {text}")

    def mapping(self, value: Any, key: str) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.add(key, _("must be a mapping of keys to values"))
            return {}
        return value

    def text(self, value: Any, key: str, *, required: bool = False) -> str:
        if value is None or value == "":
            if required:
                self.add(key, _("is required"))
            return ""
        if not isinstance(value, str | int):
            self.add(key, _("must be text"))
            return ""
        return str(value)

    def unknown(self, data: dict[str, Any], allowed: set[str], key: str) -> None:
        for name in sorted(set(data) - allowed):
            self.add(f"{key}.{name}" if key else str(name), _("unknown key"))


def _split(check: _Checker, key: str, raw: dict[str, Any]) -> tuple[str | None, int]:
    split, part = raw.get("split"), raw.get("part", 0)
    if split is not None and (not isinstance(split, str) or not split):
        check.add(f"{key}.split", _('must be the separator text, e.g. "/"'))
        split = None
    if not isinstance(part, int) or isinstance(part, bool):
        check.add(f"{key}.part", _("must be a whole number (0 the first, -1 the last)"))
        part = 0
    elif "part" in raw and split is None:
        check.add(f"{key}.part", _("needs split"))
    return split, part


def _spec(check: _Checker, name: str, raw: Any) -> ColumnSpec | None:
    key = f"columns.{name}"
    if isinstance(raw, str | int):
        return ColumnSpec(columns=(str(raw),))
    if isinstance(raw, list):
        raw = {"columns": raw}
    if not isinstance(raw, dict):
        check.add(key, _("must be a column name, a list of names or a mapping"))
        return None
    check.unknown(raw, SPEC_KEYS, key)
    names = raw.get("columns", raw.get("column"))
    constant = raw.get("constant")
    if constant is not None:
        if names is not None:
            check.add(f"{key}.constant", _("give either a constant or columns"))
        if not isinstance(constant, str | int):
            check.add(f"{key}.constant", _("must be text"))
            return None
        names = []
    elif isinstance(names, str | int):
        names = [names]
    if constant is None and (
        not isinstance(names, list)
        or not names
        or not all(isinstance(item, str | int) and str(item) for item in names)
    ):
        check.add(f"{key}.column", _("name at least one column of the file"))
        return None
    values = check.mapping(raw.get("values"), f"{key}.values")
    formats = raw.get("formats", [])
    if isinstance(formats, str):
        formats = [formats]
    if not isinstance(formats, list) or not all(isinstance(f, str) for f in formats):
        check.add(f"{key}.formats", _("must be a list of strptime date formats"))
        formats = []
    day_first = raw.get("day_first")
    if day_first is not None and not isinstance(day_first, bool):
        check.add(f"{key}.day_first", _("must be true or false"))
        day_first = None
    if name == "sex":
        for their, ours in values.items():
            if str(ours) not in {"M", "F"}:
                check.add(f"{key}.values.{their}", _("must map to M or F"))
    split, part = _split(check, key, raw)
    return ColumnSpec(
        columns=tuple(str(item) for item in names or ()),
        join=str(raw.get("join", " ")),
        values={str(k).strip().lower(): str(v) for k, v in values.items()},
        formats=tuple(formats),
        day_first=day_first,
        constant=None if constant is None else str(constant),
        split=split,
        part=part,
    )


def _columns(check: _Checker, raw: Any) -> dict[str, ColumnSpec]:
    data = check.mapping(raw, "columns")
    if raw is None:
        check.add("columns", _("is required"))
    specs: dict[str, ColumnSpec] = {}
    for name, value in data.items():
        if name not in FIELDS:
            check.add(
                f"columns.{name}",
                _("unknown field; use one of %(fields)s")
                % {"fields": ", ".join(FIELDS)},
            )
            continue
        spec = _spec(check, name, value)
        if spec is not None:
            specs[name] = spec
    has_name = "full_name" in specs or "given_name" in specs
    if data and not has_name:
        check.add(
            "columns.full_name", _("map full_name, or given_name and family_name")
        )
    if "full_name" in specs and ({"given_name", "family_name"} & set(specs)):
        check.add("columns.given_name", _("map either full_name or given/family name"))
    return specs


def _format(check: _Checker, raw: Any) -> dict[str, Any]:
    data = check.mapping(raw, "format")
    check.unknown(
        data, {"type", "delimiter", "encoding", "sheet", "header_row"}, "format"
    )
    kind = data.get("type")
    if kind is not None and kind not in FORMATS:
        check.add(
            "format.type",
            _("must be one of %(formats)s") % {"formats": ", ".join(FORMATS)},
        )
    delimiter = data.get("delimiter")
    if delimiter is not None and (
        not isinstance(delimiter, str) or len(delimiter) != 1
    ):
        check.add("format.delimiter", _("must be a single character"))
    encoding = data.get("encoding")
    if encoding is not None and str(encoding).lower() not in ENCODINGS:
        check.add(
            "format.encoding",
            _("must be one of %(encodings)s") % {"encodings": ", ".join(ENCODINGS)},
        )
    header_row = data.get("header_row", 1)
    if (
        not isinstance(header_row, int)
        or isinstance(header_row, bool)
        or header_row < 1
    ):
        check.add("format.header_row", _("must be a whole number from 1"))
        header_row = 1
    return {**data, "header_row": header_row}


def mapping_parse(document: Any) -> Mapping:
    """A validated Mapping from a parsed YAML document; MappingError otherwise."""
    check = _Checker()
    if not isinstance(document, dict):
        raise MappingError([_("the file must hold a YAML mapping (key: value lines)")])
    check.unknown(document, TOP_KEYS, "")
    source = check.mapping(document.get("source"), "source")
    check.unknown(source, {"code", "name", "agency"}, "source")
    code = check.text(source.get("code"), "source.code", required=True)
    if code and not _CODE.match(code):
        check.add("source.code", _("use lower-case letters, digits and hyphens"))
    fmt = _format(check, document.get("format"))
    columns = _columns(check, document.get("columns"))
    dates = check.mapping(document.get("dates"), "dates")
    check.unknown(dates, {"formats", "day_first"}, "dates")
    formats = dates.get("formats", [])
    if isinstance(formats, str):
        formats = [formats]
    if not isinstance(formats, list) or not all(isinstance(f, str) for f in formats):
        check.add("dates.formats", _("must be a list of strptime date formats"))
        formats = []
    day_first = dates.get("day_first", True)
    if not isinstance(day_first, bool):
        check.add("dates.day_first", _("must be true or false"))
        day_first = True
    regions = check.mapping(document.get("regions"), "regions")
    check.unknown(regions, {"within"}, "regions")
    within = check.text(regions.get("within"), "regions.within")
    required = document.get("required", ["full_name"])
    if not isinstance(required, list):
        check.add("required", _("must be a list of field names"))
        required = []
    for name in required:
        if name not in REQUIRABLE:
            check.add(f"required.{name}", _("unknown field"))
        elif name != "full_name" and name not in columns:
            check.add(
                f"required.{name}", _("a required field must be mapped in columns")
            )
    rows = check.mapping(document.get("rows"), "rows")
    check.unknown(rows, set(ROW_RULES), "rows")
    rules = dict(ROW_RULES)
    for name in set(ROW_RULES) & set(rows):
        if isinstance(rows[name], bool):
            rules[name] = rows[name]
        else:
            check.add(f"rows.{name}", _("must be true or false"))
    if check.problems:
        raise MappingError(check.problems)
    return Mapping(
        source_code=code,
        source_name=check.text(source.get("name"), "source.name") or code,
        agency_code=check.text(source.get("agency"), "source.agency"),
        file_format=fmt.get("type"),
        delimiter=fmt.get("delimiter"),
        encoding=str(fmt["encoding"]).lower() if fmt.get("encoding") else None,
        sheet=str(fmt["sheet"]) if fmt.get("sheet") is not None else None,
        header_row=fmt["header_row"],
        columns=columns,
        required=tuple(dict.fromkeys(["full_name", *required])),
        date_formats=tuple(formats),
        day_first=day_first,
        region_within=within,
        document=document,
        require_nik_or_birth_date=rules["require_nik_or_birth_date"],
    )


def mapping_load(path: str | Path) -> Mapping:
    """Read and validate a mapping file; MappingError names every bad key."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise MappingError(
            [_("cannot read the file (%(reason)s)") % {"reason": exc.strerror}]
        ) from exc
    try:
        document = safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "yaml"
        raise MappingError([f"{where}: " + _("not valid YAML")]) from exc
    return mapping_parse(document)
