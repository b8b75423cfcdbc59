# SPDX-License-Identifier: EUPL-1.2
"""A BPJS file through the whole path: import, link with the shipped model, review.

The register holds three residents. The file (semicolon CSV as BPJS exports it)
holds: one of them exactly; one with a mistyped NIK, an old spelling and day/month
swapped; a person the register does not know; a row repeating the first one; and a
broken row. Linkage must auto-link the exact one, keep the repeat as a duplicate that
follows it, put no stranger on anyone, and the broken row must be in the report.
"""

from __future__ import annotations

import datetime as dt

import pytest

from balai.registry.integration.constants import StagedStatus
from balai.registry.integration.importing.services import import_file
from balai.registry.integration.models import StagedRecord
from balai.registry.integration.services import batch_link, merge_undo
from balai.registry.tests.factories import registered

MAPPING = "src/balai/registry/integration/mappings/bpjs-kesehatan.yaml"
HEADER = (
    "NO_KARTU;NIK;NO_KK;NAMA_PESERTA;TEMPAT_LAHIR;TGL_LAHIR;JENIS_KELAMIN;"
    "ALAMAT;KODE_DESA;NO_HP"
)


def _line(card, nik, name, place, born, sex, address, village, phone=""):
    return f"{card};{nik};;{name};{place};{born};{sex};{address};{village};{phone}"


@pytest.fixture
def register(officer):
    people = {
        "siti": registered(
            officer,
            full_name="Siti Aminah",
            birth_date=dt.date(1990, 8, 12),
            sex="F",
            birth_place="Bandung",
        ),
        "djoko": registered(
            officer,
            full_name="Djoko Susilo Wibowo",
            birth_date=dt.date(1978, 3, 4),
            birth_place="Cimahi",
        ),
        "rina": registered(
            officer,
            full_name="Rina Marlina",
            birth_date=dt.date(1985, 11, 23),
            sex="F",
            birth_place="Garut",
        ),
    }
    return people


def test_import_then_link_then_undo(register, officer, tmp_path):
    siti, djoko = register["siti"], register["djoko"]
    village = siti.village_id.replace(".", "")
    typo = djoko.nik[:-1] + ("1" if djoko.nik[-1] != "1" else "2")
    lines = [
        HEADER,
        _line(
            "0001",
            siti.nik,
            "SITI AMINAH",
            "BANDUNG",
            "12-08-1990",
            "P",
            siti.address,
            village,
            "081234567890",
        ),
        _line(
            "0002",
            typo,
            "Joko Susilo Wibowo",
            "Cimahi",
            "03-04-1978",
            "L",
            djoko.address,
            village,
        ),
        _line(
            "0003",
            "",
            "Agus Salim Harahap",
            "Medan",
            "17-06-1969",
            "L",
            "Jl. Asia Afrika 1",
            village,
        ),
        _line(
            "0004",
            siti.nik,
            "Siti Aminah",
            "Bandung",
            "12-08-1990",
            "P",
            siti.address,
            village,
        ),
        _line("0005", "", "", "Bogor", "31-02-1990", "L", "", ""),
    ]
    path = tmp_path / "peserta.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    batch = import_file(
        source_code="bpjs-kesehatan",
        path=path,
        mapping_path=MAPPING,
        progress=False,
    )
    assert (batch.rows_total, batch.rows_staged, batch.rows_rejected) == (5, 4, 1)

    run = batch_link(batch)

    rows = {r.row_number: r for r in StagedRecord.objects.filter(batch=batch)}
    assert rows[1].status == StagedStatus.LINKED
    assert rows[1].resident_id == siti.pk
    assert rows[4].status in {StagedStatus.DUPLICATE, StagedStatus.LINKED}
    assert rows[4].resident_id in {None, siti.pk}
    # the misspelt, NIK-mistyped, day/month-swapped record is never linked to
    # someone else: automatically to Djoko or waiting for an officer
    assert rows[2].status in {StagedStatus.LINKED, StagedStatus.REVIEW}
    candidates = {c.resident_id for c in rows[2].candidates.all()}
    assert candidates == {djoko.pk}
    # a stranger becomes a candidate for a new resident
    assert rows[3].status == StagedStatus.NEW
    assert rows[3].resident_id is None
    assert run.linked >= 1 and run.new == 1
    assert run.model_version and 0 < run.lower_threshold < run.upper_threshold <= 1

    merge = rows[1].merges.get()
    assert merge.automatic
    merge_undo(merge, actor=officer, reason="uji pembatalan")
    rows[1].refresh_from_db()
    assert rows[1].resident_id is None


def test_the_command_links_a_batch_and_trains_a_model(register, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    from balai.registry.integration.linkage import load_model

    siti = register["siti"]
    village = siti.village_id.replace(".", "")
    path = tmp_path / "peserta.csv"
    path.write_text(
        HEADER
        + "\n"
        + _line(
            "0001",
            siti.nik,
            "SITI AMINAH",
            "BANDUNG",
            "12-08-1990",
            "P",
            siti.address,
            village,
        )
        + "\n",
        encoding="utf-8",
    )
    call_command(
        "registry",
        "import",
        "bpjs-kesehatan",
        str(path),
        "--mapping",
        MAPPING,
        "--no-progress",
        stdout=StringIO(),
        stderr=StringIO(),
    )
    batch_id = str(StagedRecord.objects.get().batch_id)
    out = StringIO()
    call_command("registry", "link", batch_id[:8], stdout=out)
    assert "linked automatically   1" in out.getvalue()

    out = StringIO()
    call_command(
        "registry",
        "train-model",
        "test.1",
        # enough generated people for every training step to find pairs; the
        # training itself is tested at size in test_linkage_training.py
        "--records",
        "1000",
        "--output-dir",
        str(tmp_path / "models"),
        "--no-current",
        stdout=out,
    )
    assert "model test.1" in out.getvalue()
    trained = load_model("test.1", directory=tmp_path / "models")
    assert 0 < trained.lower < trained.upper <= 1
