# SPDX-License-Identifier: EUPL-1.2
"""Column-wise staging gives exactly what the row-by-row rules give.

``RowNormaliser`` states the rules; ``ColumnNormaliser`` applies them to blocks. Every
file here goes through both (and through both ways of reading a CSV: pyarrow and the
csv module) and every row's values, warnings and errors must be equal, in order.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pytest
import yaml

from balai.core.phones import is_valid_phone
from balai.registry.integration.importing import columnar
from balai.registry.integration.importing.codes import ValueProblem
from balai.registry.integration.importing.columnar import (
    BlockReader,
    ColumnNormaliser,
    PhoneCleaner,
)
from balai.registry.integration.importing.mapping import mapping_load, mapping_parse
from balai.registry.integration.importing.normalise import clean_phone
from balai.registry.integration.importing.readers import (
    inspect_file,
    open_reader,
)
from balai.registry.integration.importing.rows import RowNormaliser
from balai.registry.integration.importing.services import import_file
from balai.registry.integration.models import RejectedRow, StagedRecord

DATA = Path(__file__).parent / "data"
TODAY = dt.date(2026, 6, 1)
HEADER = (
    "NO_KARTU;NIK;NO_KK;NAMA_PESERTA;TEMPAT_LAHIR;TGL_LAHIR;JENIS_KELAMIN;ALAMAT;"
    "KODE_DESA;NO_HP;DESA;KECAMATAN;SUMBER"
)
CELLS = {
    "nik": [
        "3273015208900001",
        "3273 0152 0890 0002",
        "'3273011208900005",
        "3.27301E+15",
        "32730105038500",
        "",
        "1234567890123456",
        "3273014101950003",
        "9999015208900001",
        "3273017102000009",
    ],
    "kk": ["3273011201150001", "", "3273013201150001", "12"],
    "name": [
        "SITI AMINAH",
        "budi santoso",
        "Dewi McLestari",
        "12345",
        "",
        "AHMAD BIN ABDULLAH",
        "Ir. JOKO, S.T., M.T.",
        "  Rina   Wati ",
        "muhammad",
        "X" * 151,
    ],
    "place": ["BANDUNG", "", "123", "kab. garut"],
    "date": [
        "12-08-1990",
        "05/03/1985",
        "31-02-1990",
        "01-01-2090",
        "",
        "12 Agustus 1990",
        "1990-08-12",
        "19900812",
        "12081990",
        "33108",
        "Aug 12, 1990",
        "12-Agu-90",
        "1/2/03",
        "1869-01-01",
        "kemarin",
        "13/13/1990",
        "07.11.1975 00:00:00",
    ],
    "sex": ["L", "P", "X", "", "laki-laki", "Perempuan", "1", "2"],
    "address": [
        "JL. DAGO NO 5 RT.3/RW.5",
        "Jln. Sukajadi 10",
        "",
        "Gg. Mawar RT 01 RW 02",
        "Kp. Sukamaju RT/RW 003/005",
        "Perum Griya RT 1000 RW 2",
        "Jalan " + "Panjang " * 45,
    ],
    "village": ["3273011001", "32.73.01.1001", "99.99.99.9999", "", "32730110"],
    "phone": [
        "081234567890",
        "12345",
        "+62 812-3456-7891",
        "0062 812 3456 7892",
        "6281234567893",
        "81234567894",
        "0812345678",
        "022-2501234",
        "08123456789012345",
        "0899",
        "0812 / 0813",
        "budi0812345678",
        "6212345678",
        "085212345678",
        "0881234567890",
    ],
    "desa": ["", "Citarum", "Tjitaroem", "Sukamaju", "Nowhere"],
    "kecamatan": ["", "Bandung Wetan", "Cibeunying"],
    "sumber": ["", "dtks", "pbi", "X" * 41],
}


def _rows(rng: random.Random, count: int) -> list[str]:
    pick = CELLS
    lines = []
    for n in range(1, count + 1):
        cells = [f"{n:013d}"] + [
            rng.choice(pick[name])
            for name in (
                "nik",
                "kk",
                "name",
                "place",
                "date",
                "sex",
                "address",
                "village",
                "phone",
                "desa",
                "kecamatan",
                "sumber",
            )
        ]
        lines.append(";".join(cells))
    return lines


MAPPING = """
source: {code: bpjs-test, name: BPJS test}
format: {delimiter: ";"}
columns:
  source_record_id: NO_KARTU
  nik: NIK
  kk_number: NO_KK
  full_name: NAMA_PESERTA
  birth_place: TEMPAT_LAHIR
  birth_date: TGL_LAHIR
  sex: {column: JENIS_KELAMIN, values: {L: M, P: F}}
  address: ALAMAT
  village_code: KODE_DESA
  village_name: DESA
  district_name: KECAMATAN
  phone: NO_HP
  source: {column: SUMBER, values: {pbi: bpjs-pbi}}
required: [source_record_id, full_name, sex]
"""


def _by_rows(path: Path, mapping) -> list[tuple]:
    facts = inspect_file(path, mapping.encoding)
    reader = open_reader(path, mapping, facts)
    normalise = RowNormaliser(mapping, today=TODAY)
    out = []
    for raw in reader.rows():
        result = normalise(raw)
        values = None if result.errors else result.values
        out.append(
            (
                raw.number,
                values,
                result.warnings,
                result.errors,
                result.village_asked,
                result.village_unresolved,
                raw.text
                if raw.problem
                else json.dumps(raw.values, default=str, ensure_ascii=False),
            )
        )
    return out


def _by_blocks(
    path: Path, mapping, size: int, *, arrow: bool, arrow_rows: int = 1
) -> list[tuple]:
    facts = inspect_file(path, mapping.encoding)
    if not arrow:
        facts = type(facts)(facts.sha256, facts.lines, facts.encoding, quoted=True)
    blocks = BlockReader(open_reader(path, mapping, facts), facts)
    normalise = ColumnNormaliser(mapping, today=TODAY)
    out = []
    for block in blocks.blocks(0, size):
        result = normalise(block)
        for i, number in enumerate(block.numbers):
            out.append(
                (
                    number,
                    result.values[i],
                    result.warnings[i],
                    result.errors[i],
                    result.village_asked[i],
                    result.village_unresolved[i],
                    block.raws[i],
                )
            )
    if arrow:
        assert blocks.arrow_rows >= arrow_rows
    return out


@pytest.mark.parametrize("size", [7, 1000])
def test_generated_file_gives_the_same_results_both_ways(
    db, sample_regions, tmp_path, size
):
    path = tmp_path / "peserta.csv"
    path.write_text(HEADER + "\n" + "\n".join(_rows(random.Random(3), 600)) + "\n")
    mapping = mapping_parse(yaml.safe_load(MAPPING))
    expected = _by_rows(path, mapping)
    assert len(expected) == 600
    assert any(row[3] for row in expected) and any(row[2] for row in expected)
    assert _by_blocks(path, mapping, size, arrow=True) == expected
    assert _by_blocks(path, mapping, size, arrow=False) == expected


def test_irregular_csv_falls_back_to_the_csv_module_where_pyarrow_stops(
    db, sample_regions, tmp_path, monkeypatch
):
    monkeypatch.setattr(columnar, "ARROW_BLOCK_BYTES", 1024)  # several blocks
    lines = _rows(random.Random(5), 40)
    lines[20] = lines[20] + ";extra cell"  # too many cells
    lines[30] = ""  # a blank line keeps its number
    lines[35] = "0036;3273015208900001"  # too few cells
    path = tmp_path / "irregular.csv"
    path.write_text(HEADER + "\n" + "\n".join(lines) + "\n")
    mapping = mapping_parse(yaml.safe_load(MAPPING))
    expected = _by_rows(path, mapping)
    assert [row[0] for row in expected] == [n for n in range(1, 41) if n != 31]
    assert _by_blocks(path, mapping, 8, arrow=True, arrow_rows=5) == expected


@pytest.mark.parametrize(
    ("name", "mapping"),
    [
        ("peserta_bad_rows.csv", "peserta.yaml"),
        ("desa.jsonl", "../../mappings/desa.yaml"),
    ],
)
def test_shipped_test_files_give_the_same_results_both_ways(
    db, sample_regions, name, mapping
):
    loaded = mapping_load(DATA / mapping)
    expected = _by_rows(DATA / name, loaded)
    assert _by_blocks(DATA / name, loaded, 3, arrow=False) == expected
    if name.endswith(".csv"):  # row 9 has too few cells: all by the csv module
        assert _by_blocks(DATA / name, loaded, 3, arrow=True, arrow_rows=0) == expected


def test_phone_fast_path_agrees_with_phonenumbers():
    rng = random.Random(11)
    fast = PhoneCleaner()
    checked = 0
    for prefix in range(800, 900):
        for length in range(8, 13):
            for form in ("0{}", "+62 {}", "62{}", "0062-{}", "{}"):
                national = str(prefix) + "".join(
                    rng.choice("0123456789") for _ in range(length - 3)
                )
                text = form.format(national)
                try:
                    expected = (clean_phone(text), "")
                except ValueProblem as problem:
                    expected = (None, problem.code)
                assert fast(text) == expected, text
                checked += 1
    assert checked == 100 * 5 * 5
    assert is_valid_phone("081234567890")


def test_import_stages_a_plain_csv_through_pyarrow(db, sample_regions, tmp_path):
    path = tmp_path / "peserta.csv"
    path.write_text(HEADER + "\n" + "\n".join(_rows(random.Random(8), 300)) + "\n")
    mapping_file = tmp_path / "mapping.yaml"
    mapping_file.write_text(MAPPING)
    mapping = mapping_parse(yaml.safe_load(MAPPING))
    expected = _by_rows(path, mapping)
    batch = import_file(
        source_code="bpjs-test",
        path=path,
        mapping_path=mapping_file,
        progress=False,
        today=TODAY,
        chunk_rows=64,
    )
    staged = {r.row_number: r for r in StagedRecord.objects.filter(batch=batch)}
    rejected = {r.row_number: r for r in RejectedRow.objects.filter(batch=batch)}
    assert batch.rows_total == 300 == len(staged) + len(rejected)
    for number, values, warnings, errors, *_rest in expected:
        if errors:
            found = rejected[number].errors
            assert [(e["field"], e["code"]) for e in found] == [
                (f.field, f.code) for f in errors + warnings
            ]
            continue
        record = staged[number]
        for name, value in values.items():
            assert getattr(record, name) in (value, None if value == "" else value)
        assert [
            (w["field"], w["code"], w.get("detail", "")) for w in record.warnings
        ] == [(w.field, w.code, w.detail) for w in warnings]
    assert {block.nik_index for block in staged.values() if block.nik} - {None}
