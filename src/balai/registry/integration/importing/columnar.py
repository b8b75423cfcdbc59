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
from collections.abc import Callable, Iterable, Iterator
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
_NOTHING: Outcome = (None, "")
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

    def column(self, values: list[Any]) -> list[Outcome]:
        """The outcome of each value (None: ``(None, "")``, not asked): as
        ``self(value)``, the fast path's forms found a whole column at a time
        (``vectorised.phone_nationals``) when the column is many texts."""
        texts = [value for value in values if type(value) is str]
        if len(texts) < MANY_FROM:
            return [_NOTHING if value is None else self(value) for value in values]
        nationals = iter(vectorised.phone_nationals(texts))
        kinds, ask = self.kinds, self._ask
        out: list[Outcome] = []
        append = out.append
        for value in values:
            if type(value) is not str:
                append(_NOTHING if value is None else self(value))
                continue
            national = next(nationals)
            if national is None:
                append(self(value))
                continue
            kind = (national[:4], len(national))
            valid = kinds.get(kind)
            if valid is None:
                valid = kinds[kind] = ask(national)
            append(("+62" + national, "") if valid else (None, codes.INVALID_PHONE))
        return out

    @staticmethod
    def _ask(national: str) -> bool:
        number = "0" + national
        return is_valid_phone(number) and normalise_phone(number) == "+62" + national


# --- the block ------------------------------------------------------------------------
@dataclass
class BlockResult:
    """Per row of a block: warnings, errors, villages; the values by field.

    ``columns[attname][i]`` is row *i*'s value (meaningless for a rejected row);
    rows with the same findings share their lists (never mutated)."""

    columns: dict[str, list[Any]]
    rejected: list[bool]
    warnings: list[list[Finding]]
    errors: list[list[Finding]]
    village_asked: list[bool]
    village_unresolved: list[str]

    @property
    def values(self) -> list[dict[str, Any] | None]:
        """Each row's values as ``RowNormaliser`` gives them (None when rejected)."""
        names = list(self.columns)
        return [
            None if rejected else dict(zip(names, row, strict=True))
            for rejected, row in zip(
                self.rejected, zip(*self.columns.values(), strict=True), strict=True
            )
        ]


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
        # each rule's findings for a row, numbered (``_part``; 0: none)
        self.parts: list[tuple[tuple[Finding, ...], tuple[Finding, ...]]] = [((), ())]
        self.part_ids: dict[tuple[Any, ...], int] = {(): 0}

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
    def _part(
        self,
        key: tuple[str, ...],
        errors: tuple[Finding, ...] = (),
        warnings: tuple[Finding, ...] = (),
    ) -> int:
        """The number of one rule's findings for a row (``key`` names them): the rows'
        findings are assembled from such numbers, one column of them per rule."""
        found = self.part_ids.get(key)
        if found is None:
            found = self.part_ids[key] = len(self.parts)
            self.parts.append((errors, warnings))
        return found

    def _one(self, finding: Finding, error: bool) -> int:
        """``_part`` of one finding, an error or a warning."""
        key = ("E" if error else "W", finding.field, finding.code, finding.detail)
        found = self.part_ids.get(key)
        if found is None:
            pair = ((finding,), ()) if error else ((), (finding,))
            found = self._part(key, *pair)
        return found

    def _coded(
        self, slots: list[list[int]], field_name: str, codes_of: list[str], error: bool
    ) -> None:
        """A rule whose finding is ``Finding(field_name, code)`` (an error or a
        warning) for each row with a code ("" none): its column of parts."""
        if not any(codes_of):
            return
        ids = {
            code: self._one(Finding(field_name, code), error)
            for code in set(codes_of)
            if code
        }
        ids[""] = 0
        slots.append([ids[code] for code in codes_of])

    def _flagged(
        self, slots: list[list[int]], flags: list[bool], finding: Finding, error: bool
    ) -> None:
        """A rule with one finding, for the rows whose flag is set."""
        if not any(flags):
            return
        found = self._one(finding, error)
        slots.append([found if flag else 0 for flag in flags])

    def __call__(self, block: Block) -> BlockResult:
        """Each row's result, findings in the order ``RowNormaliser`` records them.

        Every rule runs a whole column at a time; a row's findings are one number
        per rule (``_part``: 0 for none), and the rows with the same numbers share
        one list of errors and one of warnings, assembled once a block."""
        n = len(block)
        required = self.required
        text = self.text
        numbers = block.numbers
        slots: list[list[int]] = []  # per rule, in the order findings are recorded
        coded, flagged = self._coded, self._flagged
        columns: dict[str, list[Any]] = {}
        if block.extra and any(block.extra):
            flagged(slots, block.extra, Finding(codes.ROW, codes.EXTRA_CELLS), False)
        # source record id (distinct per row: no memo)
        record_ids, record_missing = self.present(block, "source_record_id")
        coded(slots, "source_record_id", record_missing, True)
        record_texts = [text_of(value) for value in record_ids]
        flagged(
            slots,
            [len(t) > MAX_RECORD_ID for t in record_texts],
            Finding("source_record_id", codes.TOO_LONG),
            True,
        )
        columns["source_record_id"] = [
            t or str(number) for t, number in zip(record_texts, numbers, strict=True)
        ]
        # name
        names = self._name_column(block)
        name_out = self.name.column(names)
        if n and None not in name_out:  # every name a text: its outcome known
            cleans, name_codes = (list(c) for c in zip(*name_out, strict=True))
        else:
            cleans, name_codes = [], []
            for raw_name, out in zip(names, name_out, strict=True):
                if raw_name is MISSING:
                    cleans.append("")
                    name_codes.append(codes.MISSING_COLUMN)
                    continue
                clean, code = out or self.name(raw_name)
                cleans.append(clean)
                name_codes.append(code)
        if any(name_codes):
            name_codes = [
                codes.REQUIRED if code == codes.EMPTY else code for code in name_codes
            ]
            cleans = [
                "" if code else clean
                for clean, code in zip(cleans, name_codes, strict=True)
            ]
        coded(slots, "full_name", name_codes, True)
        columns["full_name"] = cleans
        # birth date (its problem is decided with the NIK, below)
        dates, date_missing = self.present(block, "birth_date")
        coded(slots, "birth_date", date_missing, True)
        date_out = self.date.column(dates)
        births: list[Any] = []
        date_problems: list[str] = []
        for value, out in zip(dates, date_out, strict=True):
            if value is None:
                births.append(None)
                date_problems.append("")
                continue
            found, code = out or self.date(value)
            births.append(found)
            date_problems.append(code if code != codes.EMPTY else "")
        columns["birth_date"] = births
        # sex
        sexes, sex_missing = self.present(block, "sex")
        coded(slots, "sex", sex_missing, True)
        sex_values = [""] * n
        if "sex" in self.mapping.columns:
            sex_codes = [""] * n
            for i, (value, out) in enumerate(
                zip(sexes, self.sex.column(sexes), strict=True)
            ):
                if value is None:
                    continue
                found, code = out or self.sex(value)
                if code:
                    if code != codes.EMPTY:
                        sex_codes[i] = code
                else:
                    sex_values[i] = found
            coded(slots, "sex", sex_codes, "sex" in required)
        columns["sex"] = sex_values
        # birth place
        places, place_missing = self.present(block, "birth_place")
        coded(slots, "birth_place", place_missing, True)
        columns["birth_place"] = [
            self.place(value) if out is None else out
            for value, out in zip(places, self.place.column(places), strict=True)
        ]
        # address, rt, rw
        addresses, address_missing = self.present(block, "address")
        coded(slots, "address", address_missing, True)
        parts = [
            out or self.address(value)
            for value, out in zip(
                addresses, self.address.column(addresses), strict=True
            )
        ]
        columns["address"] = [p.address for p in parts]
        for name in ("rt", "rw"):
            cells, missing = self.present(block, name)
            coded(slots, name, missing, True)
            extracted = [getattr(p, name) for p in parts]
            if cells.count(None) != n:
                rt_codes = [""] * n
                for i, cell in enumerate(cells):
                    if cell is None or not text(cell):
                        continue
                    found, code = self.rt_rw(cell)
                    if code:
                        rt_codes[i] = code
                    else:
                        extracted[i] = found
                coded(slots, name, rt_codes, name in required)
            columns[name] = extracted
        # phone
        phones, phone_missing = self.present(block, "phone")
        coded(slots, "phone", phone_missing, True)
        phone_values = [""] * n
        if phones.count(None) != n:
            phone_codes = [""] * n
            for i, (value, (found, code)) in enumerate(
                zip(phones, self.phone.column(phones), strict=True)
            ):
                if value is None:
                    continue
                if code:
                    if code != codes.EMPTY:
                        phone_codes[i] = code
                else:
                    phone_values[i] = found
            coded(slots, "phone", phone_codes, "phone" in required)
        columns["phone"] = phone_values
        # village
        place_columns, places_of = self._places(block)
        for k, (_cells, missing) in enumerate(place_columns):
            coded(slots, PLACE_FIELDS[k], missing, True)
        village = self._village
        answers = {texts: village(texts) for texts in dict.fromkeys(places_of)}
        village_error = "village_code" in required
        answer_parts = {
            texts: self._one(Finding("village_code", problem), village_error)
            if asked and problem
            else 0
            for texts, (asked, _code, problem, _label) in answers.items()
        }
        row_answers = [answers[texts] for texts in places_of]
        if any(answer_parts.values()):
            slots.append([answer_parts[texts] for texts in places_of])
        columns["village_code"] = [answer[1] for answer in row_answers]
        # NIK
        niks, nik_missing = self.present(block, "nik")
        coded(slots, "nik", nik_missing, True)
        nik_values = [""] * n
        if niks.count(None) != n:
            nik_parts = [0] * n
            part = self._part
            sex_column = columns["sex"]
            for i, value in enumerate(niks):
                if value is None:
                    continue
                digits, code = self.number(value)
                if code:
                    if code != codes.EMPTY:
                        nik_parts[i] = part(
                            ("nik-number", code), (), (Finding("nik", code),)
                        )
                    continue
                parsed, code, detail, nik_text = self.nik(digits)
                if parsed is None:
                    nik_parts[i] = part(
                        ("nik-invalid", code, detail),
                        (),
                        (Finding("nik", code, detail),),
                    )
                    continue
                found = nik_matches(parsed, births[i], sex_column[i] or None)
                if code or found:
                    key = ("nik-matches", code, *found)
                    nik_parts[i] = self.part_ids.get(key) or part(
                        key,
                        (),
                        tuple(
                            Finding("nik", c) for c in ([code] if code else []) + found
                        ),
                    )
                nik_values[i] = nik_text
            if any(nik_parts):
                slots.append(nik_parts)
        columns["nik"] = nik_values
        # KK
        kks, kk_missing = self.present(block, "kk_number")
        coded(slots, "kk_number", kk_missing, True)
        kk_values = [""] * n
        if kks.count(None) != n:
            kk_parts = [0] * n
            part = self._part
            for i, value in enumerate(kks):
                if value is None:
                    continue
                digits, code = self.number(value)
                if code:
                    if code != codes.EMPTY:
                        kk_parts[i] = part(
                            ("kk-number", code), (), (Finding("kk_number", code),)
                        )
                    continue
                number, code, detail = self.kk(digits)
                if code:
                    kk_parts[i] = part(
                        ("kk-invalid", code, detail),
                        (),
                        (Finding("kk_number", code, detail),),
                    )
                kk_values[i] = number
            if any(kk_parts):
                slots.append(kk_parts)
        columns["kk_number"] = kk_values
        # other id, source system
        for name, attname, limit, texts_of in (
            ("other_id", "other_id", MAX_OTHER_ID, text_of),
            ("source", "source_system", MAX_SOURCE, text),
        ):
            cells, missing = self.present(block, name)
            coded(slots, name, missing, True)
            if cells.count(None) == n:  # text_of(None) is ""
                columns[attname] = [""] * n
                continue
            squeezed = [" ".join(texts_of(cell).split()) for cell in cells]
            long = [len(t) > limit for t in squeezed]
            flagged(slots, long, Finding(name, codes.TOO_LONG), name in required)
            columns[attname] = [
                "" if too else t for t, too in zip(squeezed, long, strict=True)
            ]
        # rules 5 and 6
        nik_of = columns["nik"]
        if any(date_problems):
            rejects_date = (
                self.mapping.require_nik_or_birth_date or "birth_date" in required
            )
            coded(
                slots,
                "birth_date",
                [
                    code if code and rejects_date and not nik else ""
                    for code, nik in zip(date_problems, nik_of, strict=True)
                ],
                True,
            )
            # (errors and warnings are separate lists: one rule's two columns keep
            # each list's order)
            coded(
                slots,
                "birth_date",
                [
                    code if code and not (rejects_date and not nik) else ""
                    for code, nik in zip(date_problems, nik_of, strict=True)
                ],
                False,
            )
        flagged(
            slots,
            [
                birth is None and not nik
                for birth, nik in zip(births, nik_of, strict=True)
            ],
            Finding(codes.ROW, codes.NO_BIRTH_DATE_OR_NIK),
            self.mapping.require_nik_or_birth_date,
        )
        # lengths
        full_names = columns["full_name"]
        if n and max(map(len, full_names)) > MAX_LENGTH["full_name"]:
            flagged(
                slots,
                [len(t) > MAX_LENGTH["full_name"] for t in full_names],
                Finding("full_name", codes.TOO_LONG),
                True,
            )
        for name in ("birth_place", "address"):
            limit = MAX_LENGTH[name]
            values = columns[name]
            if n and max(map(len, values)) > limit:
                cut = [len(t) > limit for t in values]
                flagged(slots, cut, Finding(name, codes.TRUNCATED), False)
                columns[name] = [
                    t[:limit].rstrip() if too else t
                    for t, too in zip(values, cut, strict=True)
                ]
        return self._assemble(block, columns, slots, row_answers)

    def _assemble(
        self,
        block: Block,
        columns: dict[str, list[Any]],
        slots: list[list[int]],
        answers: list[PlaceAnswer],
    ) -> BlockResult:
        n = len(block)
        parts = self.parts
        shared: dict[tuple[int, ...], tuple[list[Finding], list[Finding]]] = {}
        found: list[tuple[list[Finding], list[Finding]]] = []
        append = found.append
        keys: Iterable[tuple[int, ...]] = (
            zip(*slots, strict=True) if slots else [()] * n
        )
        for key in keys:
            pair = shared.get(key)
            if pair is None:
                errors: list[Finding] = []
                warnings: list[Finding] = []
                for number in key:
                    if number:
                        errs, warns = parts[number]
                        errors += errs
                        warnings += warns
                pair = shared[key] = (errors, warnings)
            append(pair)
        errors_of = [pair[0] for pair in found]
        warnings_of = [pair[1] for pair in found]
        asked = [answer[0] for answer in answers]
        unresolved = [answer[3] for answer in answers]
        if block.problems and any(block.problems):
            for i, problem in enumerate(block.problems):
                if problem:
                    errors_of[i] = [Finding(codes.ROW, problem)]
                    warnings_of[i] = []
                    asked[i] = False
                    unresolved[i] = ""
        return BlockResult(
            columns=columns,
            rejected=[bool(errors) for errors in errors_of],
            warnings=warnings_of,
            errors=errors_of,
            village_asked=asked,
            village_unresolved=unresolved,
        )


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
