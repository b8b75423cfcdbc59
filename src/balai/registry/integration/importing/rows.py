# SPDX-License-Identifier: EUPL-1.2
"""One raw row through the mapping: our fields, every warning, every error.

A row is rejected (``errors``) only by these rules, each with its code:

1. the reader could not read it (``row: malformed_line`` / ``unreadable_row``);
2. no usable name (``full_name: missing_column`` / ``required`` / ``invalid_name``),
   or a name longer than the register allows (``full_name: too_long``);
3. a field listed in the mapping's ``required`` is absent (``missing_column``) or
   empty (``required``), or unreadable — except a birth date, see 5;
4. a source record id longer than 64 characters (``source_record_id: too_long``);
5. a birth date that is unreadable, impossible, in the future or before 1870, **only
   when the row has no valid NIK** and the mapping needs one of them (the default
   ``require_nik_or_birth_date``) or lists ``birth_date`` as required. A row with a
   valid NIK is never rejected for its birth date: the date is left empty with a
   warning (the NIK identifies the person and links it);
6. neither a birth date nor a valid NIK (``row: no_birth_date_or_nik``), unless the
   mapping sets ``rows: {require_nik_or_birth_date: false}``.

Everything else is a warning and the value is left out: a bad NIK or KK number
(linkage works without), a phone number, RT/RW, an unknown village, a NIK that
disagrees with the birth date or sex, an identifier at source that is too long.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from balai.regions.nik import (
    IdentityNumberError,
    nik_matches,
    parse_kk_number,
    parse_nik,
)
from balai.registry.integration.importing import codes
from balai.registry.integration.importing.codes import Finding, ValueProblem
from balai.registry.integration.importing.mapping import Mapping
from balai.registry.integration.importing.normalise import (
    DateRules,
    clean_address,
    clean_name,
    clean_number,
    clean_phone,
    clean_place,
    clean_rt_rw,
    clean_sex,
    parse_date,
    text_of,
)
from balai.registry.integration.importing.readers import RawRow
from balai.registry.integration.importing.regions import Place, RegionLookup

MAX_LENGTH = {"full_name": 150, "birth_place": 100, "address": 300}
MAX_RECORD_ID = 64
MAX_OTHER_ID = 64
MAX_SOURCE = 40
PLACE_FIELDS = (
    "village_code",
    "village_name",
    "district_code",
    "district_name",
    "regency_code",
    "regency_name",
    "province_code",
    "province_name",
    "postal_code",
)


class _Missing:
    """The cell of a column a row does not have (a JSON line without the key): one
    object, still the same after pickling (import workers compare it by identity)."""

    def __reduce__(self) -> str:
        return "MISSING"

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


@dataclass
class RowResult:
    values: dict[str, Any] = field(default_factory=dict)
    warnings: list[Finding] = field(default_factory=list)
    errors: list[Finding] = field(default_factory=list)
    # the row named a village (by code or name); its label when it stayed unresolved
    village_asked: bool = False
    village_unresolved: str = ""

    def warn(self, name: str, code: str, detail: str = "") -> None:
        self.warnings.append(Finding(name, code, detail))

    def fail(self, name: str, code: str, detail: str = "") -> None:
        self.errors.append(Finding(name, code, detail))


class RowNormaliser:
    """Turns RawRows into RowResults for one mapping (region answers cached)."""

    def __init__(
        self, mapping: Mapping, *, today: dt.date, regions: RegionLookup | None = None
    ) -> None:
        self.mapping = mapping
        self.today = today
        self.regions = regions or RegionLookup(mapping.region_within)
        spec = mapping.columns.get("birth_date")
        self.date_rules = DateRules(
            formats=(spec.formats if spec else ()) + mapping.date_formats,
            day_first=mapping.day_first
            if spec is None or spec.day_first is None
            else spec.day_first,
            today=today,
        )

    # --- cells ------------------------------------------------------------------------
    def cell(self, raw: RawRow, name: str) -> Any:
        """The row's value for one of our fields; MISSING when its column is absent.

        A constant stands for every row; several columns are joined; then the value
        is split (one piece kept) and mapped through ``values`` (case-insensitive;
        a value not in the map is kept as it is).
        """
        spec = self.mapping.columns.get(name)
        if spec is None:
            return None
        if spec.constant is not None:
            value: Any = spec.constant
        elif len(spec.columns) == 1:
            value = raw.values.get(spec.columns[0], MISSING)
        else:
            parts = [raw.values.get(column, MISSING) for column in spec.columns]
            if all(part is MISSING for part in parts):
                return MISSING
            texts = [text_of(part) for part in parts if part is not MISSING]
            value = spec.join.join(text for text in texts if text)
        if value is MISSING:
            return MISSING
        if spec.split is not None:
            pieces = text_of(value).split(spec.split)
            inside = -len(pieces) <= spec.part < len(pieces)
            value = pieces[spec.part].strip() if inside else ""
        if spec.values and name != "sex":  # sex maps its values in clean_sex
            value = spec.values.get(text_of(value).strip().lower(), value)
        return value

    def present(self, raw: RawRow, result: RowResult, name: str) -> Any:
        """The cell, or None after recording a missing/empty required value."""
        value = self.cell(raw, name)
        required = name in self.mapping.required
        if value is MISSING:
            if required:
                result.fail(name, codes.MISSING_COLUMN)
            return None
        if required and not text_of(value):
            result.fail(name, codes.REQUIRED)
            return None
        return value

    def _problem(self, result: RowResult, name: str, code: str) -> None:
        """Unreadable value: an error for required fields, a warning otherwise."""
        if name in self.mapping.required:
            result.fail(name, code)
        else:
            result.warn(name, code)

    # --- the row ----------------------------------------------------------------------
    def __call__(self, raw: RawRow) -> RowResult:
        result = RowResult()
        if raw.problem:
            result.fail(codes.ROW, raw.problem)
            return result
        if raw.extra_cells:
            result.warn(codes.ROW, codes.EXTRA_CELLS)
        values = result.values
        values["source_record_id"] = self._record_id(raw, result)
        values["full_name"] = self._name(raw, result)
        values["birth_date"], date_problem = self._birth_date(raw, result)
        values["sex"] = self._sex(raw, result)
        values["birth_place"] = clean_place(self.present(raw, result, "birth_place"))
        self._address(raw, result)
        values["phone"] = self._phone(raw, result)
        values["village_code"] = self._village(raw, result)
        values["nik"] = self._nik(raw, result)
        values["kk_number"] = self._kk(raw, result)
        values["other_id"] = self._other_id(raw, result)
        values["source_system"] = self._source_system(raw, result)
        if date_problem:
            self._date_problem(result, date_problem, has_nik=bool(values["nik"]))
        if values["birth_date"] is None and not values["nik"]:
            if self.mapping.require_nik_or_birth_date:
                result.fail(codes.ROW, codes.NO_BIRTH_DATE_OR_NIK)
            else:
                result.warn(codes.ROW, codes.NO_BIRTH_DATE_OR_NIK)
        self._lengths(result)
        return result

    def _record_id(self, raw: RawRow, result: RowResult) -> str:
        text = text_of(self.present(raw, result, "source_record_id"))
        if len(text) > MAX_RECORD_ID:
            result.fail("source_record_id", codes.TOO_LONG)
        return text or str(raw.number)

    def _name(self, raw: RawRow, result: RowResult) -> str:
        if "full_name" in self.mapping.columns:
            value = self.cell(raw, "full_name")
        else:
            parts = [self.cell(raw, "given_name"), self.cell(raw, "family_name")]
            known = [text_of(part) for part in parts if part is not MISSING]
            value = " ".join(part for part in known if part) if known else MISSING
        if value is MISSING:
            result.fail("full_name", codes.MISSING_COLUMN)
            return ""
        try:
            return clean_name(value)
        except ValueProblem as problem:
            code = codes.REQUIRED if problem.code == codes.EMPTY else problem.code
            result.fail("full_name", code)
            return ""

    def _birth_date(self, raw: RawRow, result: RowResult) -> tuple[dt.date | None, str]:
        """The date, or None and the code of its problem (decided with the NIK)."""
        value = self.present(raw, result, "birth_date")
        if value is None:
            return None, ""
        try:
            return parse_date(value, self.date_rules), ""
        except ValueProblem as problem:
            if problem.code == codes.EMPTY:
                return None, ""
            return None, problem.code

    def _date_problem(self, result: RowResult, code: str, *, has_nik: bool) -> None:
        """Rule 5: a bad birth date rejects only a row without a valid NIK."""
        rejects = (
            self.mapping.require_nik_or_birth_date
            or "birth_date" in self.mapping.required
        )
        if rejects and not has_nik:
            result.fail("birth_date", code)
        else:  # the row stands without a birth date: left empty, a warning
            result.warn("birth_date", code)

    def _sex(self, raw: RawRow, result: RowResult) -> str:
        value = self.present(raw, result, "sex")
        spec = self.mapping.columns.get("sex")
        if value is None or spec is None:
            return ""
        try:
            return clean_sex(value, spec.values)
        except ValueProblem as problem:
            if problem.code != codes.EMPTY:
                self._problem(result, "sex", problem.code)
            return ""

    def _address(self, raw: RawRow, result: RowResult) -> None:
        parts = clean_address(self.present(raw, result, "address"))
        result.values["address"] = parts.address
        for name, extracted in (("rt", parts.rt), ("rw", parts.rw)):
            value = self.present(raw, result, name)
            result.values[name] = extracted
            if value is None or not text_of(value):
                continue
            try:
                result.values[name] = clean_rt_rw(value)
            except ValueProblem as problem:
                self._problem(result, name, problem.code)

    def _phone(self, raw: RawRow, result: RowResult) -> str:
        value = self.present(raw, result, "phone")
        if value is None:
            return ""
        try:
            return clean_phone(value)
        except ValueProblem as problem:
            if problem.code != codes.EMPTY:
                self._problem(result, "phone", problem.code)
            return ""

    def _village(self, raw: RawRow, result: RowResult) -> str:
        """The village code, by code or by name inside the row's known regions; an
        unresolved village is left out (missing, never a disagreement), a warning."""
        place = Place(
            **{name: text_of(self.present(raw, result, name)) for name in PLACE_FIELDS}
        )
        if not place.asked:
            return ""
        result.village_asked = True
        found, problem = self.regions.village(place)
        if problem:
            self._problem(result, "village_code", problem)
            result.village_unresolved = place.label()
        return found

    def _source_system(self, raw: RawRow, result: RowResult) -> str:
        """The row's own source system (a ``source`` column), at most 40 characters."""
        text = " ".join(text_of(self.present(raw, result, "source")).split())
        if len(text) > MAX_SOURCE:
            self._problem(result, "source", codes.TOO_LONG)
            return ""
        return text

    def _number(self, raw: RawRow, result: RowResult, name: str) -> str | None:
        """The digits of a NIK/KK cell, None when empty or mangled (a warning)."""
        value = self.present(raw, result, name)
        if value is None:
            return None
        try:
            return clean_number(value)
        except ValueProblem as problem:
            if problem.code != codes.EMPTY:
                result.warn(name, problem.code)
            return None

    def _nik(self, raw: RawRow, result: RowResult) -> str:
        digits = self._number(raw, result, "nik")
        if digits is None:
            return ""
        try:
            parsed = parse_nik(digits, today=self.today, check_region=False)
        except IdentityNumberError as error:
            result.warn("nik", codes.INVALID_NIK, error.code)
            return ""
        region = self.regions.nik_district(parsed.nik[:6])
        if region:
            result.warn("nik", region)
        values = result.values
        for code in nik_matches(parsed, values["birth_date"], values["sex"] or None):
            result.warn("nik", code)
        return parsed.nik

    def _kk(self, raw: RawRow, result: RowResult) -> str:
        digits = self._number(raw, result, "kk_number")
        if digits is None:
            return ""
        try:
            parsed = parse_kk_number(digits, self.today, check_region=False)
        except IdentityNumberError as error:
            result.warn("kk_number", codes.INVALID_KK, error.code)
            return ""
        region = self.regions.nik_district(parsed.number[:6])
        if region:
            result.warn("kk_number", region)
        return parsed.number

    def _other_id(self, raw: RawRow, result: RowResult) -> str:
        """The source's own person identifier, as text (compared exactly, later)."""
        text = " ".join(text_of(self.present(raw, result, "other_id")).split())
        if len(text) > MAX_OTHER_ID:
            self._problem(result, "other_id", codes.TOO_LONG)
            return ""
        return text

    def _lengths(self, result: RowResult) -> None:
        values = result.values
        if len(values["full_name"]) > MAX_LENGTH["full_name"]:
            result.fail("full_name", codes.TOO_LONG)
        for name in ("birth_place", "address"):
            if len(values[name]) > MAX_LENGTH[name]:
                values[name] = values[name][: MAX_LENGTH[name]].rstrip()
                result.warn(name, codes.TRUNCATED)
