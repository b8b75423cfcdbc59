# SPDX-License-Identifier: EUPL-1.2
"""The independent agency-file generator (bench/gen_agency_files.py) and the end-to-end
bench's scoring of ``balai registry links`` output.

The generator must stay what the bench claims it is: its truth consistent, its rates as
documented, each source in its own formats, nothing borrowed from the project's
generator; and its file must be importable with the mapping written from
docs/import.md (``bench/mappings/agency-mix.yaml``), villages resolved by name.
"""

from __future__ import annotations

import ast
import csv
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[5] / "bench"
N = 3000


def _module(name: str):
    sys.path.insert(0, str(BENCH))
    try:
        return __import__(name)
    finally:
        sys.path.remove(str(BENCH))


@pytest.fixture(scope="module")
def gen():
    return _module("gen_agency_files")


@pytest.fixture(scope="module")
def rows(gen):
    return gen.generate(N, seed=7)


def test_truth_is_consistent(gen, rows):
    assert len(rows) == N
    assert len({row["ID"] for row in rows}) == N
    persons = Counter(row["_person"] for row in rows)
    # 15% of the records are extra records of a person already recorded
    assert sum(count - 1 for count in persons.values()) == round(0.15 * N)
    assert len(persons) == N - round(0.15 * N)
    # the same person keeps the same sex in every source's own code
    male = {"L", "Laki-laki", "1", "Pria"}
    sexes: dict[int, set[bool]] = {}
    for row in rows:
        sexes.setdefault(row["_person"], set()).add(row["JK"] in male)
    assert all(len(seen) == 1 for seen in sexes.values())
    # deterministic for a seed, different for another
    assert gen.generate(200, seed=7) == gen.generate(200, seed=7)
    assert gen.generate(200, seed=7) != gen.generate(200, seed=8)


def test_each_source_has_its_own_formats(rows):
    forms = {
        "SIKS": (r"\d{2}-\d{2}-\d{4}", {"L", "P"}, r"08\d{8,11}"),
        "PCARE": (
            r"\d{4}-\d{2}-\d{2}",
            {"Laki-laki", "Perempuan"},
            r"\+62 8\d\d-\d{4}-\d+",
        ),
        "SIDESA": (r"\d{1,2} [A-Z][a-z]+ \d{4}", {"1", "2"}, r"628\d{8,11}"),
        "SIMPUS": (r"\d{2}/\d{2}/\d{4}", {"Pria", "Wanita"}, r"08\d\d \d{4} \d+"),
    }
    seen = Counter(row["SUMBER"] for row in rows)
    assert set(seen) == set(forms) and min(seen.values()) > N * 0.1
    for row in rows:
        date, sexes, phone = forms[row["SUMBER"]]
        assert row["TGL_LAHIR"] == "" or re.fullmatch(date, row["TGL_LAHIR"]), row
        assert row["JK"] in sexes, row
        assert row["NO_HP"] == "" or re.fullmatch(phone, row["NO_HP"]), row
        assert row["NIK"] == "" or re.fullmatch(r"\d{16}", row["NIK"]), row
    # RT/RW inside PCARE's address, in their own columns elsewhere
    pcare = [row for row in rows if row["SUMBER"] == "PCARE"]
    assert all(" RT " in row["ALAMAT"] and row["RT"] == "" for row in pcare)
    assert all(row["KAB_KOTA"] == "" for row in rows if row["SUMBER"] == "SIMPUS")


def test_duplicates_carry_the_documented_errors(rows):
    by_person: dict[int, list[dict]] = {}
    for row in rows:
        by_person.setdefault(row["_person"], []).append(row)
    nik_pairs = [
        (a["NIK"], b["NIK"])
        for group in by_person.values()
        for a in group
        for b in group[1:]
        if a is not b and a["NIK"] and b["NIK"]
    ]
    differ = [pair for pair in nik_pairs if pair[0] != pair[1]]
    # mistyped or transposed NIKs exist but are the exception
    assert 0 < len(differ) < 0.25 * len(nik_pairs)
    one_side = [
        1
        for group in by_person.values()
        if len(group) > 1 and len({bool(row["NIK"]) for row in group}) == 2
    ]
    assert len(one_side) > 0.1 * len([g for g in by_person.values() if len(g) > 1])
    names = [row["NAMA"] for row in rows]
    assert any(re.match(r"(?i)(m\.|moh\.|muh\.|muhamad|mochammad) ", n) for n in names)
    villages = [row["DESA"] for row in rows]
    assert any(v.startswith("DESA ") for v in villages)
    assert any(v.startswith(("Kel. ", "Kelurahan ")) for v in villages)
    assert any("oe" in v or "dj" in v or "tj" in v for v in villages)
    # moves: a person seen in two villages
    assert any(
        len({row["DESA"].upper()[-6:] for row in g}) > 1 for g in by_person.values()
    )


def test_namesakes_share_a_common_name_and_birth_date_elsewhere(gen):
    generator = gen.Generator(3)
    while len(generator.persons) < 20000:
        generator.household()
    pairs = 0
    for group in generator.by_single.values():
        born: dict[tuple, set[str]] = {}
        for person in group:
            born.setdefault(person.born, set()).add(person.village.regency)
        pairs += sum(1 for regencies in born.values() if len(regencies) > 1)
    assert pairs > 50


def test_it_shares_no_code_with_the_project_generator():
    tree = ast.parse((BENCH / "gen_agency_files.py").read_text(encoding="utf-8"))
    imported = {
        node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
    } | {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    assert not any(name.startswith("balai") for name in imported), imported


def test_write_makes_a_plain_csv_and_a_truth_file(gen, tmp_path):
    rows = gen.generate(300, seed=1)
    gen.write(rows, tmp_path / "data.csv", tmp_path / "truth.csv")
    text = (tmp_path / "data.csv").read_text(encoding="utf-8")
    assert '"' not in text  # no quoting: the importer's fast reader takes it
    with (tmp_path / "data.csv").open(encoding="utf-8") as handle:
        read = list(csv.DictReader(handle, delimiter=";"))
    assert [row["ID"] for row in read] == [row["ID"] for row in rows]
    truth = (tmp_path / "truth.csv").read_text(encoding="utf-8").splitlines()
    assert truth[0] == "ID;PERSON" and len(truth) == 301


@pytest.mark.django_db
def test_the_file_imports_with_the_documented_mapping(gen, tmp_path):
    from django.core.management import call_command

    from balai.registry.integration.importing.services import import_file
    from balai.registry.integration.models import StagedRecord

    # the whole Kemendagri table: the generator's twelve regencies are all over it
    call_command("load_regions", verbosity=0)
    rows = gen.generate(400, seed=5)
    gen.write(rows, tmp_path / "data.csv", tmp_path / "truth.csv")
    batch = import_file(
        source_code="gabungan",
        path=tmp_path / "data.csv",
        mapping_path=BENCH / "mappings/agency-mix.yaml",
        progress=False,
    )
    assert batch.rows_total == 400
    assert batch.rows_staged >= 390, batch.rows_rejected
    systems = set(
        StagedRecord.objects.filter(batch=batch).values_list("source_system", flat=True)
    )
    assert systems == {"siks", "pcare", "sidesa", "simpus"}
    villages = batch.villages
    assert villages["resolved"] >= 0.85 * villages["asked"], villages


def test_score_links_reads_clusters_and_review_candidates(tmp_path):
    bench = _module("bench_linkage_agency")
    (tmp_path / "truth.csv").write_text(
        "ID;PERSON\nA;1\nB;1\nC;1\nD;2\nE;3\n", encoding="utf-8"
    )
    header = (
        "record_id,row_number,status,cluster_id,resident_id,link,"
        "match_probability,candidates\n"
    )
    (tmp_path / "links.csv").write_text(
        header
        + "a,1,new,a,,,,\n"
        + "b,2,duplicate,a,,,,\n"
        + "c,3,review,c,,,,record:a:0.700000\n"
        + "d,4,new,d,,,,\n"
        + "e,5,review,e,,,,record:d:0.400000\n",
        encoding="utf-8",
    )
    score = bench.score_links(tmp_path / "links.csv", str(tmp_path))
    # auto: A-B only (true); truth: A-B, A-C, B-C
    assert (score["auto"]["tp"], score["auto"]["fp"], score["auto"]["fn"]) == (1, 0, 2)
    # review accepted: A-B-C joined (3 true), D-E joined (1 false)
    both = score["auto_review"]
    assert (both["tp"], both["fp"], both["fn"]) == (3, 1, 0)
    assert score["review_records"] == 2 and score["review_pairs"] == 2
