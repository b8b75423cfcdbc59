# SPDX-License-Identifier: EUPL-1.2
"""Column-wise staging: blocks of rows normalised field by field, each value once.

``RowNormaliser`` (``rows``) states the rules one row at a time and stays their
reference; this module applies the *same* cleaners and the same six rejection rules to
a whole block of rows at once, so a file of 200,000 rows costs one call per *distinct*
birth date, name, address, place, sex code or phone, not one per row:

1. each of our fields becomes a column (constants, joined columns, ``split``/``part``
   and ``values`` maps applied per distinct value);
2. each column is cleaned through a per-import memo (``_Memo``: value → outcome, i.e.
   the clean value or the problem code); villages go through the region lookup's own
   cache, NIK/KK structure through ``parse_nik``/``parse_kk_number`` per distinct
   number; phones of the common Indonesian mobile forms take a fast path (E.164 by
   string, validity of each prefix and length asked of ``phonenumbers`` once);
3. one pass over the rows assembles each row's findings in the order ``RowNormaliser``
   records them (``test_import_columnar`` checks both give identical results).

CSV files are read with pyarrow's streaming CSV reader, all columns as text, when
every record is one line (no quote character in the file, checked while hashing it):
then its row numbers are the csv module's. A row pyarrow refuses (a blank line, too
many or too few cells) hands the rest of the file to the streaming ``Reader`` from the
last row read, so numbering, blank rows and extra-cell warnings stay exactly as before.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any

from balai.core.phones import is_valid_phone, normalise_phone
from balai.regions.constants import INVALID_SERIAL
from balai.regions.nik import (
    IdentityNumberError,
    nik_matches,
    parse_kk_number,
    parse_nik,
)
from balai.registry.integration.importing import codes, vectorised
from balai.registry.integration.importing.codes import Finding, ValueProblem
from balai.registry.integration.importing.mapping import ColumnSpec, Mapping
from balai.registry.integration.importing.normalise import (
    DateRules,
    clean_address,
    clean_name,
    clean_number,
    clean_place,
    clean_rt_rw,
    clean_sex,
    parse_date,
    text_of,
)
from balai.registry.integration.importing.normalise.phones import clean_phone
from balai.registry.integration.importing.readers import (
    FileFacts,
    RawRow,
    Reader,
    _blank,
    _sniff,
)
from balai.registry.integration.importing.regions import (
    DistrictAnswers,
    Place,
    RegionLookup,
)
from balai.registry.integration.importing.rows import (
    MAX_LENGTH,
    MAX_OTHER_ID,
    MAX_RECORD_ID,
    MAX_SOURCE,
    MISSING,
    PLACE_FIELDS,
)

MEMO_LIMIT = 200_000  # distinct values remembered per field before starting afresh
MANY_FROM = 64  # new distinct values from which the whole-column forms pay off
ARROW_BLOCK_BYTES = 4 << 20
Outcome = tuple[Any, str]  # (clean value, "" or the problem code)
PlaceAnswer = tuple[bool, str, str, str]  # (asked, village code, problem, label)


# --- blocks of rows -------------------------------------------------------------------
@dataclass
class Block:
    """Rows of a file as columns: ``columns[name][i]`` is row ``numbers[i]``'s cell
    (``MISSING`` when that row has no such column, as a JSON line may not)."""

    numbers: list[int]
    columns: dict[str, list[Any]]
    # the original row as JSON text (or the unreadable line); None: made from the
    # columns of text cells when first asked (``raws``), so that for a CSV read by
    # pyarrow an import worker makes them, not the importer
    given_raws: list[str] | None
    problems: list[str | None] = field(default_factory=list)
    extra: list[bool] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.numbers)

    @property
    def raws(self) -> list[str]:
        if self.given_raws is None:
            rows = list(zip(*self.columns.values(), strict=True))
            self.given_raws = _raw_texts(list(self.columns), rows)
        return self.given_raws


def _raw_json(values: dict[str, Any]) -> str:
    return json.dumps(values, default=str, ensure_ascii=False)


def _raw_texts(header: list[str], rows: list[tuple[str, ...]]) -> list[str]:
    """``_raw_json`` of rows of text cells under unique names, string by string:
    ``json.dumps`` writes a dict of strings exactly so (same escaping, separators)."""
    keys = [encode_basestring(name) + ": " for name in header]
    enc = encode_basestring
    return [
        "{" + ", ".join([k + enc(v) for k, v in zip(keys, cells, strict=True)]) + "}"
        for cells in rows
    ]


def block_of_rows(rows: list[RawRow]) -> Block:
    """A block from the streaming reader's rows (XLSX, JSONL, irregular CSV)."""
    names: dict[str, None] = {}
    for raw in rows:
        names.update(dict.fromkeys(raw.values))
    columns = {name: [raw.values.get(name, MISSING) for raw in rows] for name in names}
    return Block(
        numbers=[raw.number for raw in rows],
        columns=columns,
        given_raws=[raw.text if raw.problem else _raw_json(raw.values) for raw in rows],
        problems=[raw.problem for raw in rows],
        extra=[raw.extra_cells for raw in rows],
    )


def _reader_blocks(rows: Iterator[RawRow], size: int) -> Iterator[Block]:
    while batch := list(islice(rows, size)):
        yield block_of_rows(batch)


class BlockReader:
    """Blocks of at most ``size`` rows after row ``after``; ``header`` once open."""

    def __init__(self, reader: Reader, facts: FileFacts) -> None:
        self.reader = reader
        self.facts = facts
        self.header: list[str] = []
        self.arrow_rows = 0  # rows read by pyarrow (the rest by the csv module)

    def _arrow_header(self) -> list[str] | None:
        """The header, when the file can be read by pyarrow with the same numbers."""
        reader, mapping = self.reader, self.reader.mapping
        if reader.format != "csv" or self.facts.quoted:
            return None
        if self.facts.encoding not in ("utf-8", "utf-8-sig", "cp1252", "latin-1"):
            return None
        rows = reader.rows(after=0)
        next(rows, None)  # reads the header (and at most the first row)
        getattr(rows, "close", lambda: None)()  # the generator closes its file
        header = reader.header
        if not header or "" in header or len(set(header)) != len(header):
            return None
        self.delimiter = mapping.delimiter or self._sniffed()
        if any(self.delimiter in name or "\n" in name for name in header):
            return None
        return header

    def _sniffed(self) -> str:
        with self.reader.path.open(encoding=self.facts.encoding, newline="") as handle:
            return _sniff(handle.read(64 * 1024))

    def blocks(self, after: int, size: int) -> Iterator[Block]:
        header = self._arrow_header()
        if header is None:
            rows = self.reader.rows(after=after)
            first = next(rows, None)
            self.header = self.reader.header
            if first is None:
                return
            yield from _reader_blocks(_chain(first, rows), size)
            return
        self.header = header
        last = after
        try:
            for block in self._arrow_blocks(header, after, size):
                last = block.numbers[-1] if block.numbers else last
                yield block
        except _ArrowRefused as refused:
            last = refused.last
            rows = self.reader.rows(after=last)
            yield from _reader_blocks(rows, size)

    def _arrow_blocks(
        self, header: list[str], after: int, size: int
    ) -> Iterator[Block]:
        import pyarrow as pa  # type: ignore[import-untyped]
        from pyarrow import csv as pacsv

        encoding = self.facts.encoding
        options = pacsv.ReadOptions(
            column_names=header,
            skip_rows=self.reader.mapping.header_row + after,
            block_size=ARROW_BLOCK_BYTES,
            encoding="utf8" if encoding.startswith("utf-8") else encoding,
            use_threads=False,
        )
        parse = pacsv.ParseOptions(
            delimiter=self.delimiter,
            quote_char=False,
            ignore_empty_lines=False,
            newlines_in_values=False,
        )
        convert = pacsv.ConvertOptions(
            column_types={name: pa.string() for name in header},
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        )
        number = after
        pending: list[Block] = []
        try:
            stream = pacsv.open_csv(
                self.reader.path,
                read_options=options,
                parse_options=parse,
                convert_options=convert,
            )
        except pa.ArrowInvalid:
            raise _ArrowRefused(after) from None
        except StopIteration:
            return
        while True:
            try:
                batch = stream.read_next_batch()
            except StopIteration:
                break
            except pa.ArrowInvalid:
                yield from _sized(pending, size)
                raise _ArrowRefused(number) from None
            columns = [batch.column(i).to_pylist() for i in range(len(header))]
            count = batch.num_rows
            numbers = list(range(number + 1, number + count + 1))
            number += count
            self.arrow_rows += count
            # a blank row (every cell blank, as ``_blank`` says) has a blank first
            # cell: only those rows are looked at whole
            blank = [
                i
                for i, cell in enumerate(columns[0])
                if not cell or cell.isspace()
                if _blank([column[i] for column in columns])
            ]
            if blank:
                dropped = set(blank)
                keep = [i for i in range(count) if i not in dropped]
                numbers = [numbers[i] for i in keep]
                columns = [[column[i] for i in keep] for column in columns]
            pending.append(
                Block(
                    numbers=numbers,
                    columns=dict(zip(header, columns, strict=True)),
                    given_raws=None,  # ``_raw_texts`` of the rows, when asked
                    problems=[None] * len(numbers),
                    extra=[False] * len(numbers),
                )
            )
            if sum(len(b) for b in pending) >= size:
                *whole, rest = _split(pending, size)
                yield from whole
                pending = [rest] if len(rest) else []
        yield from _sized(pending, size)


class _ArrowRefused(Exception):
    def __init__(self, last: int) -> None:
        self.last = last


def _chain(first: RawRow, rows: Iterator[RawRow]) -> Iterator[RawRow]:
    yield first
    yield from rows


def _join(blocks: list[Block]) -> Block:
    if len(blocks) == 1:
        return blocks[0]
    names = list(blocks[0].columns)
    return Block(
        numbers=[n for b in blocks for n in b.numbers],
        columns={name: [v for b in blocks for v in b.columns[name]] for name in names},
        given_raws=None
        if all(b.given_raws is None for b in blocks)
        else [r for b in blocks for r in b.raws],
        problems=[p for b in blocks for p in b.problems],
        extra=[e for b in blocks for e in b.extra],
    )


def _slice(block: Block, start: int, stop: int) -> Block:
    return Block(
        numbers=block.numbers[start:stop],
        columns={name: col[start:stop] for name, col in block.columns.items()},
        given_raws=None if block.given_raws is None else block.given_raws[start:stop],
        problems=block.problems[start:stop],
        extra=block.extra[start:stop],
    )


def _split(blocks: list[Block], size: int) -> list[Block]:
    """Whole blocks of ``size`` rows, then the remainder (possibly empty)."""
    joined = _join(blocks)
    cuts = list(range(0, len(joined), size))
    parts = [_slice(joined, start, start + size) for start in cuts]
    if parts and len(parts[-1]) == size:
        parts.append(_slice(joined, 0, 0))
    return parts or [_slice(joined, 0, 0)]


def _sized(blocks: list[Block], size: int) -> Iterator[Block]:
    if not blocks:
        return
    for part in _split(blocks, size):
        if len(part):
            yield part


# --- per-value memos ------------------------------------------------------------------
class _Memo:
    """``fn`` remembered per distinct value (keyed by type: 1, 1.0 and True differ)."""

    def __init__(
        self,
        fn: Callable[[Any], Any],
        many: Callable[[list[str]], list[Any]] | None = None,
    ) -> None:
        self.fn = fn
        self.many = many  # ``fn`` of many texts at once (None: ask ``fn``)
        self.text: dict[str, Any] = {}
        self.other: dict[tuple[type, Any], Any] = {}

    def __call__(self, value: Any) -> Any:
        if type(value) is str:
            cache: dict[Any, Any] = self.text
            key: Any = value
        else:
            cache, key = self.other, (type(value), value)
        try:
            return cache[key]
        except KeyError:
            pass
        except TypeError:  # a JSON list or object: not hashable, not remembered
            return self.fn(value)
        if len(cache) >= MEMO_LIMIT:
            cache.clear()
        found = cache[key] = self.fn(value)
        return found

    def column(self, values: list[Any]) -> list[Any]:
        """``fn`` of each value, each distinct text computed once, by dict lookups.

        None where a value is None, ``MISSING`` or not text: the caller then asks
        ``self(value)`` (or does not need it), so the results are those of ``self``.
        """
        cache = self.text
        try:
            distinct = [
                v for v in dict.fromkeys(values) if v is not None and v is not MISSING
            ]
        except TypeError:  # a JSON list or object among them
            return [None] * len(values)
        if any(type(v) is not str for v in distinct):
            return [None] * len(values)
        new = [v for v in distinct if v not in cache]
        if len(cache) + len(new) > MEMO_LIMIT:
            cache.clear()
            new = distinct
        fn = self.fn
        if self.many is not None and len(new) >= MANY_FROM:
            for v, found in zip(new, self.many(new), strict=True):
                cache[v] = fn(v) if found is None else found
        else:
            for v in new:
                cache[v] = fn(v)
        get = cache.get
        return [get(v) if type(v) is str else None for v in values]


def _outcome(fn: Callable[[Any], Any]) -> Callable[[Any], Outcome]:
    def run(value: Any) -> Outcome:
        try:
            return fn(value), ""
        except ValueProblem as problem:
            return None, problem.code

    return run


_EMPTY_OUTCOME: Outcome = (None, codes.EMPTY)
_slow_number = _outcome(clean_number)


def _number_outcome(value: Any) -> Outcome:
    """``clean_number`` as an outcome; a cell of plain ASCII digits is its own digits
    and an empty text cell is ``EMPTY``, both without the regexes or an exception."""
    if type(value) is str:
        if value.isdigit() and value.isascii():
            return value, ""
        if not value or value.isspace():
            return _EMPTY_OUTCOME
    return _slow_number(value)


_PHONE_SEVERAL = re.compile(r"[/;,|]| atau | or ", re.IGNORECASE)
_PHONE_SIMPLE = re.compile(r"^(?:\+62|62|0062|0)?(8\d{7,11})$")
_PHONE_SEPARATORS = re.compile(r"[\s\-.()]")


class PhoneCleaner:
    """``clean_phone`` with a fast path for Indonesian mobile numbers written plainly.

    A cell that is only an 8xx number after 0, 62, +62 or 0062 (separators aside)
    becomes ``+62`` and its national number; whether numbers of its first four digits
    and its length are valid and possible is asked of ``phonenumbers`` once (for the
    first such number) and remembered. Anything else goes through ``clean_phone``.
    """

    def __init__(self) -> None:
        self.kinds: dict[tuple[str, int], bool] = {}
        self.slow = _outcome(clean_phone)

    def __call__(self, value: Any) -> Outcome:
        if type(value) is str:
            text = _PHONE_SEPARATORS.sub("", value)
            found = _PHONE_SIMPLE.match(text)
            if found and not (text.startswith("62") and len(text) < 10):
                national = found.group(1)
                if text[0] == "8" and not 9 <= len(national) <= 13:
                    return self.slow(value)
                kind = (national[:4], len(national))
                valid = self.kinds.get(kind)
                if valid is None:
                    valid = self.kinds[kind] = self._ask(national)
                if valid:
                    return "+62" + national, ""
                return None, codes.INVALID_PHONE
        return self.slow(value)

    @staticmethod
    def _ask(national: str) -> bool:
        number = "0" + national
        return is_valid_phone(number) and normalise_phone(number) == "+62" + national


# --- the block ------------------------------------------------------------------------
@dataclass
class BlockResult:
    """Per row of a block: values (None when rejected), warnings, errors."""

    values: list[dict[str, Any] | None]
    warnings: list[list[Finding]]
    errors: list[list[Finding]]
    village_asked: list[bool]
    village_unresolved: list[str]


class ColumnNormaliser:
    """The rules of ``RowNormaliser`` applied to a ``Block`` column by column."""

    def __init__(
        self,
        mapping: Mapping,
        *,
        today: dt.date,
        regions: RegionLookup | DistrictAnswers | None = None,
    ) -> None:
        self.mapping = mapping
        self.today = today
        self.regions = regions or RegionLookup(mapping.region_within)
        self.required = frozenset(mapping.required)
        spec = mapping.columns.get("birth_date")
        rules = DateRules(
            formats=(spec.formats if spec else ()) + mapping.date_formats,
            day_first=mapping.day_first
            if spec is None or spec.day_first is None
            else spec.day_first,
            today=today,
        )
        sex_values = mapping.columns["sex"].values if "sex" in mapping.columns else {}
        self.text = _Memo(text_of)
        self.name = _Memo(_outcome(clean_name))
        self.date = _Memo(
            _outcome(lambda value: parse_date(value, rules)),
            lambda texts: vectorised.dates(texts, rules),
        )
        self.sex = _Memo(_outcome(lambda value: clean_sex(value, sex_values)))
        self.place = _Memo(clean_place)
        self.address = _Memo(clean_address, vectorised.addresses)
        self.rt_rw = _Memo(_outcome(clean_rt_rw))
        # phones, NIK and KK numbers are nearly all distinct: no memo, only the
        # phone fast path's own per-prefix cache and the NIK's first-twelve memo
        self.phone = PhoneCleaner()
        self.number = _number_outcome
        self.nik_head = _Memo(self._parse_nik)
        self.nik = self._nik_of
        self.kk = _Memo(self._parse_kk)
        self.transforms: dict[str, _Memo] = {}
        self.places: dict[tuple[str, ...], PlaceAnswer] = {}

    # --- columns ----------------------------------------------------------------------
    def cells(self, block: Block, name: str) -> list[Any]:
        """``RowNormaliser.cell`` for every row of the block."""
        spec = self.mapping.columns.get(name)
        n = len(block)
        if spec is None:
            return [None] * n
        if spec.constant is not None:
            values: list[Any] = [spec.constant] * n
        elif len(spec.columns) == 1:
            values = block.columns.get(spec.columns[0]) or [MISSING] * n
        else:
            parts = [block.columns.get(c) or [MISSING] * n for c in spec.columns]
            text, join = self.text, spec.join
            values = []
            for row in zip(*parts, strict=True):
                if all(part is MISSING for part in row):
                    values.append(MISSING)
                    continue
                texts = [text(part) for part in row if part is not MISSING]
                values.append(join.join(t for t in texts if t))
        if spec.split is None and not (spec.values and name != "sex"):
            return values
        transform = self.transforms.get(name)
        if transform is None:
            transform = self.transforms[name] = _Memo(self._transform(spec, name))
        return [v if v is MISSING else transform(v) for v in values]

    def _transform(self, spec: ColumnSpec, name: str) -> Callable[[Any], Any]:
        def run(value: Any) -> Any:
            if spec.split is not None:
                pieces = text_of(value).split(spec.split)
                inside = -len(pieces) <= spec.part < len(pieces)
                value = pieces[spec.part].strip() if inside else ""
            if spec.values and name != "sex":
                value = spec.values.get(text_of(value).strip().lower(), value)
            return value

        return run

    def present(self, block: Block, name: str) -> tuple[list[Any], list[str]]:
        """``RowNormaliser.present`` per row: the values and each row's error code."""
        values = self.cells(block, name)
        n = len(values)
        if name not in self.required:
            return [None if v is MISSING else v for v in values], [""] * n
        text = self.text
        out: list[Any] = []
        problems: list[str] = []
        for v, known in zip(values, text.column(values), strict=True):
            if v is MISSING:
                out.append(None)
                problems.append(codes.MISSING_COLUMN)
            elif not (known if known is not None else text(v)):
                out.append(None)
                problems.append(codes.REQUIRED)
            else:
                out.append(v)
                problems.append("")
        return out, problems

    def _name_column(self, block: Block) -> list[Any]:
        if "full_name" in self.mapping.columns:
            return self.cells(block, "full_name")
        given = self.cells(block, "given_name")
        family = self.cells(block, "family_name")
        text = self.text
        out: list[Any] = []
        for parts in zip(given, family, strict=True):
            known = [text(part) for part in parts if part is not MISSING]
            out.append(" ".join(p for p in known if p) if known else MISSING)
        return out

    def _texts(self, values: list[Any]) -> list[str]:
        """``text_of`` of each cell (``text`` memo; a column of None gives "")."""
        if all(v is None for v in values):
            return [""] * len(values)
        text = self.text
        return [
            found if found is not None else text(v)
            for found, v in zip(text.column(values), values, strict=True)
        ]

    def _village(self, texts: tuple[str, ...]) -> PlaceAnswer:
        """(asked, code, problem, label) for a row's place texts, once per place."""
        known = self.places.get(texts)
        if known is None:
            where = Place(**dict(zip(PLACE_FIELDS, texts, strict=True)))
            code, problem = self.regions.village(where) if where.asked else ("", None)
            label = where.label() if problem else ""
            known = (where.asked, code, problem or "", label)
            if len(self.places) >= MEMO_LIMIT:
                self.places.clear()
            self.places[texts] = known
        return known

    def _places(
        self, block: Block
    ) -> tuple[list[tuple[list[Any], list[str]]], list[tuple[str, ...]]]:
        """The place fields' ``present`` columns and each row's place texts."""
        place_columns = [self.present(block, name) for name in PLACE_FIELDS]
        blank = [""] * len(block)
        mapped = self.mapping.columns
        place_texts = [
            self._texts(cells) if name in mapped else blank
            for name, (cells, _missing) in zip(PLACE_FIELDS, place_columns, strict=True)
        ]
        return place_columns, list(zip(*place_texts, strict=True))

    def places_known(self, block: Block) -> dict[tuple[str, ...], PlaceAnswer]:
        """Each distinct place of the block's rows with its village answer (as
        ``_village``): what an import worker without a database is handed with the
        block (``chunks``) and puts into its ``places`` before normalising it."""
        _columns, places_of = self._places(block)
        village = self._village
        return {texts: village(texts) for texts in dict.fromkeys(places_of)}

    def _nik_of(self, digits: str) -> tuple[Any, str, str, str]:
        """``_parse_nik`` of 16 plain digits through a memo of the first twelve.

        Everything ``parse_nik`` checks before the serial number (digits 13-16) and
        everything ``nik_matches`` reads depends on the first twelve digits only, and
        those are shared by everyone born on one day in one district; the serial
        is then checked as ``parse_nik`` does (never 0000)."""
        if len(digits) != 16 or not (digits.isascii() and digits.isdigit()):
            parsed, code, detail = self._parse_nik(digits)
            return parsed, code, detail, parsed.nik if parsed is not None else ""
        parsed, code, detail = self.nik_head(digits[:12] + "0001")
        if parsed is not None and digits[12:] == "0000":
            return None, codes.INVALID_NIK, INVALID_SERIAL, ""
        return parsed, code, detail, digits

    def _parse_nik(self, digits: str) -> tuple[Any, str, str]:
        try:
            parsed = parse_nik(digits, today=self.today, check_region=False)
        except IdentityNumberError as error:
            return None, codes.INVALID_NIK, error.code
        return parsed, self.regions.nik_district(parsed.nik[:6]) or "", ""

    def _parse_kk(self, digits: str) -> tuple[str, str, str]:
        try:
            parsed = parse_kk_number(digits, self.today, check_region=False)
        except IdentityNumberError as error:
            return "", codes.INVALID_KK, error.code
        return parsed.number, self.regions.nik_district(parsed.number[:6]) or "", ""

    # --- the rows ---------------------------------------------------------------------
    def __call__(self, block: Block) -> BlockResult:
        """Each row's result, findings in the order ``RowNormaliser`` records them."""
        n = len(block)
        required = self.required
        text = self.text
        record_ids, record_missing = self.present(block, "source_record_id")
        names = self._name_column(block)
        name_out = self.name.column(names)
        dates, date_missing = self.present(block, "birth_date")
        date_out = self.date.column(dates)
        sexes, sex_missing = self.present(block, "sex")
        sex_out = self.sex.column(sexes)
        sex_mapped = "sex" in self.mapping.columns
        places, place_missing = self.present(block, "birth_place")
        place_out = self.place.column(places)
        addresses, address_missing = self.present(block, "address")
        address_out = self.address.column(addresses)
        rts = self.present(block, "rt")
        rws = self.present(block, "rw")
        phones, phone_missing = self.present(block, "phone")
        place_columns, places_of = self._places(block)
        where_missing = [
            (PLACE_FIELDS[k], missing)
            for k, (_cells, missing) in enumerate(place_columns)
            if any(missing)
        ]
        niks, nik_missing = self.present(block, "nik")
        kks, kk_missing = self.present(block, "kk_number")
        others, other_missing = self.present(block, "other_id")
        sources, source_missing = self.present(block, "source")
        rejects_date = (
            self.mapping.require_nik_or_birth_date or "birth_date" in required
        )
        needs_one = self.mapping.require_nik_or_birth_date
        village = self._village

        result = BlockResult([], [], [], [], [])
        for i in range(n):
            warnings: list[Finding] = []
            errors: list[Finding] = []
            result.warnings.append(warnings)
            result.errors.append(errors)
            result.village_asked.append(False)
            result.village_unresolved.append("")
            problem = block.problems[i] if block.problems else None
            if problem:
                errors.append(Finding(codes.ROW, problem))
                result.values.append(None)
                continue
            if block.extra and block.extra[i]:
                warnings.append(Finding(codes.ROW, codes.EXTRA_CELLS))
            values: dict[str, Any] = {}
            # source record id
            if record_missing[i]:
                errors.append(Finding("source_record_id", record_missing[i]))
            record_id = text_of(record_ids[i])  # distinct per row: no memo
            if len(record_id) > MAX_RECORD_ID:
                errors.append(Finding("source_record_id", codes.TOO_LONG))
            values["source_record_id"] = record_id or str(block.numbers[i])
            # name
            raw_name = names[i]
            if raw_name is MISSING:
                errors.append(Finding("full_name", codes.MISSING_COLUMN))
                values["full_name"] = ""
            else:
                clean, code = name_out[i] or self.name(raw_name)
                if code:
                    code = codes.REQUIRED if code == codes.EMPTY else code
                    errors.append(Finding("full_name", code))
                    values["full_name"] = ""
                else:
                    values["full_name"] = clean
            # birth date (its problem is decided with the NIK, below)
            if date_missing[i]:
                errors.append(Finding("birth_date", date_missing[i]))
            date_problem = ""
            if dates[i] is None:
                values["birth_date"] = None
            else:
                found, code = date_out[i] or self.date(dates[i])
                values["birth_date"] = found
                if code and code != codes.EMPTY:
                    date_problem = code
            # sex
            if sex_missing[i]:
                errors.append(Finding("sex", sex_missing[i]))
            sex = ""
            if sexes[i] is not None and sex_mapped:
                found, code = sex_out[i] or self.sex(sexes[i])
                if code:
                    if code != codes.EMPTY:
                        (errors if "sex" in required else warnings).append(
                            Finding("sex", code)
                        )
                else:
                    sex = found
            values["sex"] = sex
            # birth place
            if place_missing[i]:
                errors.append(Finding("birth_place", place_missing[i]))
            place = place_out[i]
            values["birth_place"] = self.place(places[i]) if place is None else place
            # address, rt, rw
            if address_missing[i]:
                errors.append(Finding("address", address_missing[i]))
            parts = address_out[i] or self.address(addresses[i])
            values["address"] = parts.address
            for name, extracted, (cells, missing) in (
                ("rt", parts.rt, rts),
                ("rw", parts.rw, rws),
            ):
                if missing[i]:
                    errors.append(Finding(name, missing[i]))
                values[name] = extracted
                cell = cells[i]
                if cell is None or not text(cell):
                    continue
                found, code = self.rt_rw(cell)
                if code:
                    (errors if name in required else warnings).append(
                        Finding(name, code)
                    )
                else:
                    values[name] = found
            # phone
            if phone_missing[i]:
                errors.append(Finding("phone", phone_missing[i]))
            phone = ""
            if phones[i] is not None:
                found, code = self.phone(phones[i])
                if code:
                    if code != codes.EMPTY:
                        (errors if "phone" in required else warnings).append(
                            Finding("phone", code)
                        )
                else:
                    phone = found
            values["phone"] = phone
            # village
            for field_name, missing in where_missing:
                if missing[i]:
                    errors.append(Finding(field_name, missing[i]))
            asked, code_found, problem, label = village(places_of[i])
            if asked:
                result.village_asked[i] = True
                if problem:
                    (errors if "village_code" in required else warnings).append(
                        Finding("village_code", problem)
                    )
                    result.village_unresolved[i] = label
            values["village_code"] = code_found
            # NIK
            if nik_missing[i]:
                errors.append(Finding("nik", nik_missing[i]))
            nik = ""
            if niks[i] is not None:
                digits, code = self.number(niks[i])
                if code:
                    if code != codes.EMPTY:
                        warnings.append(Finding("nik", code))
                else:
                    parsed, code, detail, nik_text = self.nik(digits)
                    if parsed is None:
                        warnings.append(Finding("nik", code, detail))
                    else:
                        if code:
                            warnings.append(Finding("nik", code))
                        for found in nik_matches(
                            parsed, values["birth_date"], values["sex"] or None
                        ):
                            warnings.append(Finding("nik", found))
                        nik = nik_text
            values["nik"] = nik
            # KK
            if kk_missing[i]:
                errors.append(Finding("kk_number", kk_missing[i]))
            kk = ""
            if kks[i] is not None:
                digits, code = self.number(kks[i])
                if code:
                    if code != codes.EMPTY:
                        warnings.append(Finding("kk_number", code))
                else:
                    number, code, detail = self.kk(digits)
                    if code:
                        warnings.append(Finding("kk_number", code, detail))
                    kk = number
            values["kk_number"] = kk
            # other id, source system
            if other_missing[i]:
                errors.append(Finding("other_id", other_missing[i]))
            other = " ".join(text_of(others[i]).split())
            if len(other) > MAX_OTHER_ID:
                (errors if "other_id" in required else warnings).append(
                    Finding("other_id", codes.TOO_LONG)
                )
                other = ""
            values["other_id"] = other
            if source_missing[i]:
                errors.append(Finding("source", source_missing[i]))
            source = " ".join(text(sources[i]).split())
            if len(source) > MAX_SOURCE:
                (errors if "source" in required else warnings).append(
                    Finding("source", codes.TOO_LONG)
                )
                source = ""
            values["source_system"] = source
            # rules 5 and 6
            if date_problem:
                if rejects_date and not nik:
                    errors.append(Finding("birth_date", date_problem))
                else:
                    warnings.append(Finding("birth_date", date_problem))
            if values["birth_date"] is None and not nik:
                if needs_one:
                    errors.append(Finding(codes.ROW, codes.NO_BIRTH_DATE_OR_NIK))
                else:
                    warnings.append(Finding(codes.ROW, codes.NO_BIRTH_DATE_OR_NIK))
            # lengths
            if len(values["full_name"]) > MAX_LENGTH["full_name"]:
                errors.append(Finding("full_name", codes.TOO_LONG))
            for name in ("birth_place", "address"):
                limit = MAX_LENGTH[name]
                if len(values[name]) > limit:
                    values[name] = values[name][:limit].rstrip()
                    warnings.append(Finding(name, codes.TRUNCATED))
            result.values.append(None if errors else values)
        return result


class FindingsJson:
    """Findings as stored: ``{"field", "code"}`` (and ``detail``), no message.

    Messages are translated when shown (``codes.shown_message``), in the reader's
    language. Rows with the same findings share one list (most rows of a file have
    none or the same one or two), so each distinct list is built once and the
    writer serialises it once (``bulk.insert_values``); the lists are never mutated.
    """

    def __init__(self) -> None:
        self.known: dict[tuple[Finding, ...], list[dict[str, str]]] = {}

    def __call__(self, findings: list[Finding]) -> list[dict[str, str]]:
        key = tuple(findings)
        found = self.known.get(key)
        if found is None:
            found = [finding.stored() for finding in findings]
            if len(self.known) >= MEMO_LIMIT:
                self.known.clear()
            self.known[key] = found
        return found


def file_blocks(
    path: Path, reader: Reader, facts: FileFacts, after: int, size: int
) -> tuple[BlockReader, Iterator[Block]]:
    """The block reader (its ``header`` known after the first block) and its blocks."""
    blocks = BlockReader(reader, facts)
    return blocks, blocks.blocks(after, size)
