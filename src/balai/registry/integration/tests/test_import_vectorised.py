# SPDX-License-Identifier: EUPL-1.2
"""The whole-column cleaners give what the per-value cleaners give, value by value.

``normalise`` states each rule for one value and is the oracle; ``vectorised`` applies
it to many texts at once in pyarrow compute and may only decline (None), never differ.
Generated values are built from nasty pieces (blanks, odd spacing, Unicode, every
RT/RW form, abbreviations with and without dots, separators, day/month swaps,
two-digit years, impossible and future dates); the shipped test files' cells go
through both as well.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
from pathlib import Path

import pytest
import yaml

from balai.registry.integration.importing import columnar, vectorised
from balai.registry.integration.importing.codes import ValueProblem
from balai.registry.integration.importing.mapping import mapping_load, mapping_parse
from balai.registry.integration.importing.normalise import (
    DateRules,
    clean_address,
    parse_date,
)

DATA = Path(__file__).parent / "data"
TODAY = dt.date(2026, 6, 1)

ADDRESS_PIECES = [
    "JL. DAGO",
    "Jln Sukajadi",
    "jalan. merdeka",
    "Gg.Mawar",
    "gg. 3",
    "Kp. Sukamaju",
    "KOMP. Griya",
    "perum.Indah",
    "Dsn Krajan",
    "Ds. Cibiru",
    "kel. Citarum",
    "KEC Coblong",
    "Kab. Garut",
    "NO 5",
    "No.12A",
    "RT.3/RW.5",
    "RT 003 RW 005",
    "rt 01 rw 02",
    "RT/RW 003/005",
    "RT-RW: 3/5",
    "Rt. 03, Rw. 05",
    "RT 03/05",
    "RT 1000 RW 2",
    "RT 0 RW 00",
    "RT.7",
    "RW 9",
    "rw.12",
    "RTRW 1/2",
    "JLN",
    "Jl",
    "-",
    " - ",
    ",",
    "; ",
    "/",
    "Blok C-3",
    "Kav. 10",
    "Jalan Ciumbuleuit",
    "Jl. Dipati Ukur",
    "Jl. Cihampelas",  # a Unicode RT ("ＲＴ") below never meets RE2
    "ＲＴ 3",
    "RT ３",
    "Gang Ṡawo",
    "\u00a0RT 2",
    "jl.\tdago",
    "  ",
    "",
    "X" * 40,
]


NASTY = [p for p in ADDRESS_PIECES if not (p.isascii() and p.isprintable())]
NASTY += [",", "; ", "/", " / "]
PLAIN = [p for p in ADDRESS_PIECES if p not in NASTY]


def _address(rng: random.Random) -> str:
    """Plain pieces joined by spaces or dashes; one value in ten has a nasty one."""
    count = rng.randint(0, 5)
    text = ""
    for _ in range(count):
        pieces = NASTY if rng.random() < 0.02 else PLAIN
        text += rng.choice(pieces) + rng.choice([" ", "  ", "", "-", " - "])
    return rng.choice(["", " ", "  "]) + text


def _shipped_cells(names: tuple[str, ...]) -> list[str]:
    """The cells of the shipped test files' columns of these names (text only)."""
    cells: list[str] = []
    with (DATA / "peserta_bad_rows.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            cells.extend(row[name] or "" for name in names if name in row)
    for line in (DATA / "desa.jsonl").read_text(encoding="utf-8").splitlines():
        try:
            row = json.loads(line)
        except ValueError:
            continue
        if isinstance(row, dict):
            cells.extend(
                row[name] for name in row if name.lower() in names and row[name]
            )
    return [cell for cell in cells if isinstance(cell, str)]


def test_addresses_agree_with_clean_address():
    rng = random.Random(17)
    values = list(dict.fromkeys(_address(rng) for _ in range(20_000)))
    values += _shipped_cells(("ALAMAT", "alamat"))
    answered = 0
    for value, found in zip(values, vectorised.addresses(values), strict=True):
        if found is None:
            continue
        answered += 1
        assert found == clean_address(value), repr(value)
    # most of them are answered by the whole-column form, not only the easy ones
    assert answered > len(values) * 0.6
    assert vectorised.addresses(["Ｊｌ ＲＴ ３"]) == [None]


def test_addresses_of_the_bench_file_are_all_answered_by_columns():
    values = ["JL. DAGO NO 5 RT.3/RW.5", "Kp. Sukamaju NO 200 RT.15/RW.9"]
    found = vectorised.addresses(values)
    assert found == [clean_address(v) for v in values]
    assert None not in found


def _date(rng: random.Random) -> str:
    day, month = rng.randint(0, 35), rng.randint(0, 14)
    year = rng.choice([0, 1, 999, 1869, 1870, 1900, 1990, 2000, 2024, 2026, 2090])
    year = rng.choice([year, rng.randint(1870, 2030)])
    sep, sep2 = rng.choice("-/. "), rng.choice("-/. -/.")
    forms = [
        f"{day:02d}{sep}{month:02d}{sep2}{year:04d}",
        f"{day:02d}{sep}{month:02d}{sep}{year:04d}",
        f"{year:04d}{sep}{month:02d}{sep2}{day:02d}",
        f"{year:04d}-{month:02d}-{day:02d}",
        f"{day}{sep}{month}{sep}{year}",
        f"{day:02d}-{month:02d}-{year % 100:02d}",
        f"{day} Agustus {year}",
        f" {day:02d}-{month:02d}-{year:04d}",
        f"{day:02d}-{month:02d}-{year:04d} 00:00:00",
        f"{year:04d}{month:02d}{day:02d}",
        "\u0661\u0662-08-1990",
        "",
    ]
    return rng.choice(forms)


def _outcome(value: str, rules: DateRules) -> tuple[object, str]:
    try:
        return parse_date(value, rules), ""
    except ValueProblem as problem:
        return None, problem.code


@pytest.mark.parametrize(
    ("formats", "day_first"),
    [
        ((), True),
        ((), False),
        (("%d-%m-%Y",), True),
        (("%d-%m-%Y",), False),
        (("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y"), False),
    ],
)
def test_dates_agree_with_parse_date(formats, day_first):
    rules = DateRules(formats=formats, day_first=day_first, today=TODAY)
    rng = random.Random(23)
    values = list(dict.fromkeys(_date(rng) for _ in range(20_000)))
    values += _shipped_cells(("TGL_LAHIR", "tanggal_lahir"))
    answered = 0
    for value, found in zip(values, vectorised.dates(values, rules), strict=True):
        if found is None:
            continue
        answered += 1
        assert found == _outcome(value, rules), repr(value)
    assert answered > len(values) * 0.3
    codes = {found[1] for found in vectorised.dates(values, rules) if found}
    assert {"", "impossible_date", "future_date", "implausible_date"} <= codes


def test_dates_with_other_formats_all_go_per_value():
    rules = DateRules(formats=("%d-%m-%y",), today=TODAY)
    assert vectorised.dates(["12-08-1990", "1990-08-12"], rules) == [None, None]


@pytest.mark.parametrize("size", [7, 1000])
def test_blocks_through_the_column_forms_give_the_row_results(
    db, sample_regions, tmp_path, monkeypatch, size
):
    """Every distinct address and date of a block through ``vectorised`` (not only
    blocks with 64 new ones): the rows come out as ``RowNormaliser`` makes them."""
    from balai.registry.integration.tests import test_import_columnar as both_ways

    monkeypatch.setattr(columnar, "MANY_FROM", 1)
    answered = {"addresses": 0, "dates": 0}

    def counted(name):
        real = getattr(vectorised, name)

        def run(*args):
            found = real(*args)
            answered[name] += sum(value is not None for value in found)
            return found

        return run

    for name in answered:
        monkeypatch.setattr(vectorised, name, counted(name))
    path = tmp_path / "peserta.csv"
    lines = both_ways._rows(random.Random(31), 600)
    rng = random.Random(37)
    for n in range(0, 600, 3):  # nastier addresses and dates in a third of the rows
        cells = lines[n].split(";")
        cells[5] = _date(rng).replace(";", " ")
        cells[7] = _address(rng).replace(";", " ")
        lines[n] = ";".join(cells)
    path.write_text(both_ways.HEADER + "\n" + "\n".join(lines) + "\n")
    mapping = mapping_parse(yaml.safe_load(both_ways.MAPPING))
    expected = both_ways._by_rows(path, mapping)
    assert len(expected) == 600
    assert both_ways._by_blocks(path, mapping, size, arrow=True) == expected
    assert answered["addresses"] > 100 and answered["dates"] > 50
    for name, data in (("peserta_bad_rows.csv", "peserta.yaml"),):
        loaded = mapping_load(DATA / data)
        rows = both_ways._by_rows(DATA / name, loaded)
        assert both_ways._by_blocks(DATA / name, loaded, 3, arrow=False) == rows


PHONE_PIECES = ["0", "62", "+62", "0062", "+62 ", "62-", "(0)", "8", "08", "", "628"]
PHONE_SEPARATORS = ["", " ", "-", ".", "(", ")", "  ", "\t", "\u00a0", "/"]


def _phone(rng: random.Random) -> str:
    digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(0, 14)))
    text = rng.choice(PHONE_PIECES) + rng.choice(["8", "81", "85", "9", ""]) + digits
    for _ in range(rng.randint(0, 3)):
        at = rng.randint(0, len(text))
        text = text[:at] + rng.choice(PHONE_SEPARATORS) + text[at:]
    return rng.choice(["", " ", "budi ", "\u0668"]) * (rng.random() < 0.05) + text


def test_phones_by_column_agree_with_the_fast_path_per_value():
    """``PhoneCleaner.column`` (``vectorised.phone_nationals``) gives each value's
    ``PhoneCleaner`` outcome: generated forms (prefixes, separators, lengths
    around every bound, Unicode spaces and digits), blanks, None and the shipped
    files' phones."""
    rng = random.Random(17)
    values: list[object] = [_phone(rng) for _ in range(6000)]
    values += _shipped_cells(("NO_HP", "phone", "telepon", "hp"))
    values += [None, "", "   ", "081234567890", "0812345678", "81234567", "628123456"]
    assert len(values) > columnar.MANY_FROM
    per_value = columnar.PhoneCleaner()
    expected = [(None, "") if v is None else per_value(v) for v in values]
    assert columnar.PhoneCleaner().column(values) == expected
    assert sum(1 for found, _code in expected if found) > 500  # the fast path ran
    nationals = vectorised.phone_nationals([v for v in values if isinstance(v, str)])
    assert sum(n is not None for n in nationals) > 500
