# SPDX-License-Identifier: EUPL-1.2
"""Streaming readers for CSV, XLSX and JSONL files: one row at a time, flat memory.

Every reader yields ``RawRow`` with a 1-based data-row ``number`` that is the same on
every run over the same file (the resume key): for CSV the record's position after
the header, for XLSX the position below the header row, for JSONL the line number.
Blank rows yield nothing but still take their number. A JSONL line that is not a JSON
object is yielded as a row with ``problem`` set, to be rejected, never dropped.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from balai.core.errors import BalaiError
from balai.registry.integration.importing.codes import MALFORMED_LINE
from balai.registry.integration.importing.mapping import Mapping

READ_BLOCK = 1 << 20
SNIFF_BYTES = 64 * 1024
DELIMITERS = ",;\t|"


class FileLayoutError(BalaiError):
    """The file cannot be read as the mapping says (format, header, encoding)."""

    code = "unreadable_file"


@dataclass(frozen=True)
class FileFacts:
    """What one pass over the bytes tells: checksum, line count, usable encoding."""

    sha256: str
    lines: int
    encoding: str
    quoted: bool = True  # a quote character occurs (records may span lines)


@dataclass
class RawRow:
    number: int
    values: dict[str, Any]
    problem: str | None = None  # a code from ``codes`` when the row is unreadable
    text: str = ""  # the original line of an unreadable row
    extra_cells: bool = False


def detect_format(path: Path, mapping: Mapping) -> str:
    """The mapping's ``format.type``, else the file's extension."""
    if mapping.file_format:
        return mapping.file_format
    suffix = path.suffix.lower().lstrip(".")
    aliases = {"csv": "csv", "txt": "csv", "tsv": "csv", "xlsx": "xlsx", "xlsm": "xlsx"}
    aliases |= {"jsonl": "jsonl", "ndjson": "jsonl"}
    if suffix not in aliases:
        raise FileLayoutError(
            _("Cannot tell the file's format from its name; set format.type.")
        )
    return aliases[suffix]


def inspect_file(path: Path, encoding: str | None = None) -> FileFacts:
    """Checksum, newline count and encoding (UTF-8 if valid, else cp1252/latin-1)."""
    digest = hashlib.sha256()
    lines = 0
    utf8 = codecs.getincrementaldecoder("utf-8")()
    cp1252 = codecs.getincrementaldecoder("cp1252")()
    utf8_ok = cp1252_ok = True
    first = b""
    quoted = False
    try:
        with path.open("rb") as handle:
            while block := handle.read(READ_BLOCK):
                if not first:
                    first = block[:3]
                digest.update(block)
                lines += block.count(b"\n")
                quoted = quoted or b'"' in block
                if utf8_ok and encoding is None:
                    try:
                        utf8.decode(block)
                    except UnicodeDecodeError:
                        utf8_ok = False
                if not utf8_ok and cp1252_ok and encoding is None:
                    try:
                        cp1252.decode(block)
                    except UnicodeDecodeError:
                        cp1252_ok = False
    except OSError as exc:
        raise FileLayoutError(
            _("Cannot read the file (%(reason)s).") % {"reason": exc.strerror}
        ) from exc
    if encoding is None:
        if utf8_ok:
            encoding = "utf-8-sig" if first == codecs.BOM_UTF8 else "utf-8"
        else:
            encoding = "cp1252" if cp1252_ok else "latin-1"
    return FileFacts(
        sha256=digest.hexdigest(), lines=lines, encoding=encoding, quoted=quoted
    )


def _flat(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested objects as dotted keys ("alamat.rt"), so a mapping can name them."""
    flat: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flat(value, f"{name}."))
        else:
            flat[name] = value
    return flat


def _blank(cells: list[Any] | tuple[Any, ...]) -> bool:
    return all(cell is None or str(cell).strip() == "" for cell in cells)


def _header(cells: list[Any] | tuple[Any, ...]) -> list[str]:
    names = [
        "" if cell is None else str(cell).strip().lstrip("\ufeff") for cell in cells
    ]
    if not any(names):
        raise FileLayoutError(_("The header row is empty."))
    return names


def _row(number: int, header: list[str], cells: list[Any] | tuple[Any, ...]) -> RawRow:
    values = {
        name: cells[i] for i, name in enumerate(header) if name and i < len(cells)
    }
    extra = len(cells) > len(header) and not _blank(cells[len(header) :])
    return RawRow(number=number, values=values, extra_cells=extra)


class Reader:
    """Rows of one file; ``header`` is known once the reader is open."""

    def __init__(
        self, path: Path, file_format: str, mapping: Mapping, encoding: str
    ) -> None:
        self.path = path
        self.format = file_format
        self.mapping = mapping
        self.encoding = encoding
        self.header: list[str] = []

    def rows(self, after: int = 0) -> Iterator[RawRow]:
        """Rows numbered above ``after`` (the resume checkpoint)."""
        if self.format == "csv":
            return self._csv(after)
        if self.format == "xlsx":
            return self._xlsx(after)
        return self._jsonl(after)

    def _csv(self, after: int) -> Iterator[RawRow]:
        with self.path.open(encoding=self.encoding, newline="") as handle:
            delimiter = self.mapping.delimiter or _sniff(handle.read(SNIFF_BYTES))
            handle.seek(0)
            reader = csv.reader(handle, delimiter=delimiter)
            for _skip in range(self.mapping.header_row - 1):
                next(reader, None)
            try:
                self.header = _header(next(reader))
            except StopIteration:
                raise FileLayoutError(_("The file has no header row.")) from None
            except csv.Error as exc:
                raise FileLayoutError(str(exc)) from exc
            yield from self._numbered(reader, after)

    def _numbered(self, reader: Any, after: int) -> Iterator[RawRow]:
        number = 0
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise FileLayoutError(
                    _("Row %(row)d is not valid CSV (%(reason)s).")
                    % {"row": number + 1, "reason": exc}
                ) from exc
            number += 1
            if number > after and cells and not _blank(cells):
                yield _row(number, self.header, cells)

    def _xlsx(self, after: int) -> Iterator[RawRow]:
        from openpyxl import load_workbook

        try:
            book = load_workbook(self.path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a bad file
            raise FileLayoutError(
                _("The file is not a readable XLSX workbook.")
            ) from exc
        try:
            sheet = book[self.mapping.sheet] if self.mapping.sheet else book.active
        except KeyError:
            book.close()
            raise FileLayoutError(
                _("The workbook has no sheet named %(sheet)s.")
                % {"sheet": self.mapping.sheet}
            ) from None
        try:
            rows = sheet.iter_rows(min_row=self.mapping.header_row, values_only=True)
            try:
                self.header = _header(next(rows))
            except StopIteration:
                raise FileLayoutError(_("The file has no header row.")) from None
            for number, cells in enumerate(rows, start=1):
                if number > after and not _blank(cells):
                    yield _row(number, self.header, cells)
        finally:
            book.close()

    def _jsonl(self, after: int) -> Iterator[RawRow]:
        with self.path.open(encoding=self.encoding) as handle:
            for number, line in enumerate(handle, start=1):
                text = line.strip()
                if number <= after or not text:
                    continue
                try:
                    data = json.loads(text)
                except ValueError:
                    data = None
                if not isinstance(data, dict):
                    yield RawRow(number, {}, problem=MALFORMED_LINE, text=text)
                    continue
                values = _flat(data)
                for name in values:
                    if name not in self.header:
                        self.header.append(name)
                yield RawRow(number, values)


def _sniff(sample: str) -> str:
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        return ","


def total_rows(
    path: Path, file_format: str, mapping: Mapping, facts: FileFacts
) -> int | None:
    """The number of data rows for the progress bar (an estimate for CSV)."""
    if file_format == "jsonl":
        return facts.lines
    if file_format == "csv":
        return max(facts.lines - mapping.header_row, 0)
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
        sheet = book[mapping.sheet] if mapping.sheet else book.active
        count = sheet.max_row
        book.close()
    except Exception:  # only a progress total: the reader itself reports errors
        return None
    return None if count is None else max(count - mapping.header_row, 0)


def open_reader(path: Path, mapping: Mapping, facts: FileFacts) -> Reader:
    return Reader(path, detect_format(path, mapping), mapping, facts.encoding)
