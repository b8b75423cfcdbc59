# SPDX-License-Identifier: EUPL-1.2
"""Staging whole files: bad rows, every format, warnings, refusals and resuming."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

from django.utils import translation

import pytest

from balai.registry.integration.constants import BatchStatus
from balai.registry.integration.importing.codes import message, shown_message
from balai.registry.integration.importing.mapping import MappingError
from balai.registry.integration.importing.readers import FileLayoutError
from balai.registry.integration.importing.services import ImportRefused, import_file
from balai.registry.integration.models import ImportBatch, RejectedRow, StagedRecord
from balai.security.models import AuditEntry

DATA = Path(__file__).parent / "data"
MAPPINGS = Path(__file__).parents[1] / "mappings"
TODAY = dt.date(2026, 6, 1)


@pytest.fixture(autouse=True)
def _english():
    """Assertions below read the English messages (pages default to Indonesian)."""
    with translation.override("en"):
        yield


def _import(path: Path, mapping: Path = DATA / "peserta.yaml", **kwargs):
    options = {"source_code": "bpjs-test", "progress": False, "today": TODAY}
    return import_file(path=path, mapping_path=mapping, **(options | kwargs))


def _codes(row: RejectedRow | StagedRecord, attr: str = "errors") -> set[tuple]:
    return {(item["field"], item["code"]) for item in getattr(row, attr)}


def test_bad_rows_are_rejected_with_every_reason_and_nothing_dropped(
    db, sample_regions
):
    batch = _import(DATA / "peserta_bad_rows.csv")

    assert batch.status == BatchStatus.STAGED
    assert (batch.rows_total, batch.rows_staged, batch.rows_rejected) == (11, 4, 7)
    assert batch.rows_warned == 3
    staged = {r.row_number: r for r in StagedRecord.objects.filter(batch=batch)}
    rejected = {r.row_number: r for r in RejectedRow.objects.filter(batch=batch)}
    assert sorted(staged) == [1, 2, 8, 10]
    assert sorted(rejected) == [3, 4, 5, 6, 7, 9, 11]
    assert set(staged) | set(rejected) == set(range(1, 12))

    first = staged[1]
    assert (first.full_name, first.nik, first.sex) == (
        "Siti Aminah",
        "3273015208900001",
        "F",
    )
    assert first.birth_date == dt.date(1990, 8, 12)
    assert (first.address, first.rt, first.rw) == ("Jalan DAGO NO 5", "003", "005")
    assert first.village_code == "32.73.01.1001"
    assert first.phone == "+6281234567890"
    assert first.kk_number == "3273011201150001"
    assert first.birth_place == "Bandung"
    assert first.warnings == []
    assert json.loads(first.raw)["NAMA_PESERTA"] == "SITI AMINAH"

    # a bad NIK, phone and village are warnings; the row is still staged
    assert _codes(staged[2], "warnings") == {
        ("nik", "invalid_nik"),
        ("phone", "invalid_phone"),
        ("village_code", "unknown_village"),
    }
    assert (staged[2].nik, staged[2].phone, staged[2].village_code) == ("", "", "")
    # stored as codes, translated when shown
    assert "message" not in staged[2].warnings[0]
    assert shown_message(staged[2].warnings[0]) == message(
        staged[2].warnings[0]["code"]
    )
    assert _codes(staged[8], "warnings") == {("nik", "sex_mismatch")}
    assert staged[8].nik == "3273011208900005"
    assert _codes(staged[10], "warnings") == {("nik", "mangled_number")}
    assert staged[10].phone == "+6281234567892"

    assert _codes(rejected[3]) == {("full_name", "required")}
    assert _codes(rejected[4]) >= {
        ("full_name", "invalid_name"),
        ("birth_date", "impossible_date"),
        ("row", "no_birth_date_or_nik"),
    }
    assert _codes(rejected[5]) == {
        ("birth_date", "future_date"),
        ("row", "no_birth_date_or_nik"),
    }
    assert _codes(rejected[6]) == {("row", "no_birth_date_or_nik")}
    assert _codes(rejected[7]) == {("sex", "invalid_sex")}
    assert _codes(rejected[9]) >= {
        ("full_name", "missing_column"),
        ("sex", "missing_column"),
    }
    assert _codes(rejected[11]) == {("full_name", "too_long")}
    assert json.loads(rejected[4].raw)["NAMA_PESERTA"] == "12345"

    entry = AuditEntry.objects.get(action="registry.import")
    assert entry.object_id == str(batch.pk)
    assert "4 staged" in entry.purpose
    assert "Siti" not in entry.purpose


def test_jsonl_malformed_lines_are_rejected_rows_not_a_crash(db, sample_regions):
    batch = import_file(
        source_code="desa",
        path=DATA / "desa.jsonl",
        mapping_path=MAPPINGS / "desa.yaml",
        progress=False,
        today=TODAY,
    )
    staged = {r.row_number: r for r in StagedRecord.objects.filter(batch=batch)}
    rejected = {r.row_number: r for r in RejectedRow.objects.filter(batch=batch)}
    assert sorted(staged) == [1, 2]
    assert sorted(rejected) == [3, 4, 5, 7]  # line 6 is blank
    for number in (3, 4, 5):
        assert _codes(rejected[number]) == {("row", "malformed_line")}
    assert rejected[4].raw == "not json at all"
    assert _codes(rejected[7]) >= {("birth_date", "impossible_date")}

    siti = staged[1]
    assert siti.full_name == "Siti Aminah"
    assert siti.address == "Jalan Dago 5, Dusun I"
    assert (siti.rt, siti.rw, siti.sex) == ("003", "005", "F")
    assert siti.source_record_id == "D-1"
    budi = staged[2]
    assert budi.birth_date == dt.date(1985, 3, 5)
    assert budi.sex == "M"
    assert _codes(budi, "warnings") == {("rt", "invalid_rt_rw")}


def _workbook(path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Lain"
    sheet = book.create_sheet("DTKS")
    sheet.append(
        [
            "ID_DTKS",
            "NIK",
            "NOKK",
            "NAMA",
            "TMP_LAHIR",
            "TGL_LAHIR",
            "JNS_KEL",
            "ALAMAT",
            "RT",
            "RW",
            "KELURAHAN",
            "KECAMATAN",
        ]
    )
    sheet.append(
        [
            101,
            3273015208900001,
            None,
            "SITI AMINAH",
            "Bandung",
            dt.datetime(1990, 8, 12),
            2,
            "Jl. Dago 5",
            3,
            5,
            "Sukarasa",
            "Sukasari",
        ]
    )
    sheet.append(
        [
            102,
            None,
            None,
            "Budi Santoso",
            "Garut",
            31111,
            1,
            "Gg. Melati",
            "007",
            "002",
            "Tidak Ada",
            "Sukasari",
        ]
    )
    sheet.append([None] * 12)
    sheet.append([104, None, None, None, None, None, 3, None, None, None, None, None])
    book.save(path)


def test_xlsx_with_date_cells_serials_and_villages_by_name(
    db, sample_regions, tmp_path
):
    path = tmp_path / "dtks.xlsx"
    _workbook(path)
    batch = import_file(
        source_code="dtks",
        path=path,
        mapping_path=MAPPINGS / "dtks.yaml",
        progress=False,
        today=TODAY,
    )
    assert (batch.rows_staged, batch.rows_rejected) == (2, 1)
    siti, budi = StagedRecord.objects.filter(batch=batch).order_by("row_number")
    assert (siti.row_number, siti.nik, siti.sex) == (1, "3273015208900001", "F")
    assert siti.birth_date == dt.date(1990, 8, 12)
    assert siti.village_code == "32.73.01.1001"
    assert (siti.rt, siti.rw, siti.source_record_id) == ("003", "005", "101")
    assert budi.birth_date == dt.date(1985, 3, 5)  # Excel serial 31111
    assert (budi.rt, budi.rw, budi.sex) == ("007", "002", "M")
    assert _codes(budi, "warnings") == {("village_code", "unknown_village")}
    (row,) = RejectedRow.objects.filter(batch=batch)
    assert row.row_number == 4  # the blank sheet row 3 keeps its number
    assert ("full_name", "required") in _codes(row)


def test_a_finished_file_is_refused_unless_forced(db, sample_regions):
    first = _import(DATA / "peserta_bad_rows.csv")
    with pytest.raises(ImportRefused) as refused:
        _import(DATA / "peserta_bad_rows.csv")
    assert refused.value.code == "already_imported"
    again = _import(DATA / "peserta_bad_rows.csv", force=True)
    assert again.pk != first.pk
    assert again.rows_staged == first.rows_staged
    assert StagedRecord.objects.count() == 2 * first.rows_staged


def test_interrupted_import_resumes_without_duplicates(db, sample_regions, tmp_path):
    path = tmp_path / "peserta.csv"
    _many_rows(path, 45)

    class Crash(RuntimeError):
        pass

    def crash_after_two_chunks(batch: ImportBatch) -> None:
        if batch.last_row >= 20:
            raise Crash

    with pytest.raises(Crash):
        _import(path, chunk_rows=10, after_chunk=crash_after_two_chunks)
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.last_row, batch.rows_total) == (
        BatchStatus.STAGING,
        20,
        20,
    )
    assert StagedRecord.objects.count() + RejectedRow.objects.count() == 20

    resumed = _import(path, chunk_rows=10)
    assert resumed.pk == batch.pk
    assert resumed.status == BatchStatus.STAGED
    assert (resumed.rows_total, resumed.last_row) == (45, 45)
    numbers = sorted(
        [
            *StagedRecord.objects.values_list("row_number", flat=True),
            *RejectedRow.objects.values_list("row_number", flat=True),
        ]
    )
    assert numbers == list(range(1, 46))
    assert resumed.rows_staged == StagedRecord.objects.count() == 40
    assert resumed.rows_rejected == RejectedRow.objects.count() == 5


def test_resume_with_another_mapping_is_refused(db, tmp_path):
    path = tmp_path / "peserta.csv"
    _many_rows(path, 12)

    def crash(batch: ImportBatch) -> None:
        raise RuntimeError

    with pytest.raises(RuntimeError):
        _import(path, chunk_rows=5, after_chunk=crash)
    other = tmp_path / "other.yaml"
    other.write_text(
        (DATA / "peserta.yaml")
        .read_text()
        .replace("required: [source_record_id, ", "required: [")
    )
    with pytest.raises(ImportRefused) as refused:
        _import(path, mapping=other)
    assert refused.value.code == "mapping_changed"
    restarted = _import(path, mapping=other, force=True)
    assert restarted.rows_total == 12
    assert ImportBatch.objects.filter(status=BatchStatus.FAILED).count() == 1


def test_missing_required_column_in_header_stops_before_writing(db, tmp_path):
    path = tmp_path / "peserta.csv"
    path.write_text("NO_KARTU;NIK;TGL_LAHIR\n1;3273015208900001;12-08-1990\n")
    with pytest.raises(FileLayoutError) as error:
        _import(path)
    assert "NAMA_PESERTA" in error.value.message
    assert "JENIS_KELAMIN" in error.value.message
    assert not StagedRecord.objects.exists()


def test_mapping_for_another_source_is_refused(db):
    with pytest.raises(MappingError) as error:
        _import(DATA / "peserta_bad_rows.csv", source_code="dtks")
    assert "source.code" in error.value.message


def test_cp1252_files_and_sniffed_delimiters_are_read(db, tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes(
        "NO_KARTU,NAMA_PESERTA,TGL_LAHIR,JENIS_KELAMIN\n"
        "1,José Müller,12/08/1990,L\n".encode("cp1252")
    )
    mapping = tmp_path / "m.yaml"
    mapping.write_text(
        (DATA / "peserta.yaml")
        .read_text()
        .replace('delimiter: ";"', "{}")
        .replace("format:\n  {}", "format: {}")
    )
    batch = _import(path, mapping=mapping)
    record = StagedRecord.objects.get(batch=batch)
    assert record.full_name == "José Müller"
    assert record.birth_date == dt.date(1990, 8, 12)


def _many_rows(path: Path, count: int) -> None:
    """``count`` rows; every ninth has no name (rejected)."""
    lines = ["NO_KARTU;NIK;NAMA_PESERTA;TGL_LAHIR;JENIS_KELAMIN"]
    for n in range(1, count + 1):
        name = "" if n % 9 == 0 else f"Warga Nomor {n}"
        lines.append(f"{n:05d};;{name};01-02-1980;L")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_shipped_example_files_are_where_the_docs_say(tmp_path):
    assert shutil.which  # keeps the import used when the docs move
    assert sorted(p.name for p in MAPPINGS.glob("*.yaml")) == [
        "bpjs-kesehatan.yaml",
        "desa.yaml",
        "dtks.yaml",
        "febrl.yaml",
    ]


@pytest.mark.parametrize(
    "mapping", [MAPPINGS / "bpjs-kesehatan.yaml", DATA / "peserta.yaml"]
)
def test_a_valid_nik_is_never_rejected_for_its_birth_date(
    db, sample_regions, tmp_path, mapping
):
    """Rule 5: the bad date is a warning and left empty; without a NIK it rejects."""
    header = (
        "NO_KARTU;NIK;NO_KK;NAMA_PESERTA;TEMPAT_LAHIR;TGL_LAHIR;JENIS_KELAMIN;"
        "ALAMAT;KODE_DESA;NO_HP"
    )
    rows = [
        "0001;3273015208900001;;SITI AMINAH;Bandung;31-02-1990;P;;;",
        "0002;3273015208900001;;SITI AMINAH;Bandung;tidak tahu;P;;;",
        "0003;3273015208900001;;SITI AMINAH;Bandung;01-01-2090;P;;;",
        "0004;;;SITI AMINAH;Bandung;31-02-1990;P;;;",
        "0005;32730152089;;SITI AMINAH;Bandung;31-02-1990;P;;;",
    ]
    path = tmp_path / "peserta.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    source = "bpjs-kesehatan" if mapping.name == "bpjs-kesehatan.yaml" else None

    batch = _import(path, mapping, **({"source_code": source} if source else {}))

    staged = {r.row_number: r for r in StagedRecord.objects.filter(batch=batch)}
    rejected = {r.row_number: r for r in RejectedRow.objects.filter(batch=batch)}
    assert sorted(staged) == [1, 2, 3] and sorted(rejected) == [4, 5]
    assert _codes(staged[1], "warnings") == {("birth_date", "impossible_date")}
    assert _codes(staged[2], "warnings") == {("birth_date", "invalid_date")}
    assert _codes(staged[3], "warnings") == {("birth_date", "future_date")}
    assert all(r.birth_date is None and r.nik for r in staged.values())
    assert ("birth_date", "impossible_date") in _codes(rejected[4])
    assert ("birth_date", "impossible_date") in _codes(rejected[5])
