# SPDX-License-Identifier: EUPL-1.2
"""The register partitioned by the province of the NIK on PostgreSQL (``balai
partitions apply``): every resident, family card, membership, life event and version
survives the conversion in place, each resident in its province's partition; ids and
NIKs stay unique over all partitions and the foreign keys that point at residents stay
enforced (through ``registry_resident_keys``); the services, the exchange and the
import work on the converted table; a look-up by NIK reads one partition (EXPLAIN)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

import pytest

from balai.core import partitions
from balai.registry.integration.constants import StagedStatus
from balai.registry.integration.importing.services import import_file
from balai.registry.integration.models import FieldProvenance, StagedRecord
from balai.registry.integration.services import batch_link
from balai.registry.models import (
    Family,
    FamilyMembership,
    LifeEvent,
    LifeEventParticipant,
    Resident,
    ResidentVersion,
    nik_q,
)
from balai.registry.selectors import resident_search
from balai.registry.services import birth_register, data_correct, death_register
from balai.registry.tests.exchange_support import (
    agreement,
    caller,
    fetch,
    insurer,
    issue,
    verify,
)
from balai.registry.tests.factories import couple, person, registered

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="partitioning: PostgreSQL only"
    ),
]

TABLE = "registry_resident"
SPEC = next(spec for spec in partitions.TABLES if spec.table == TABLE)
JAKARTA_NIK = "3174071205900001"  # Kebayoran Baru, born 12-05-1990, male
MAPPING = "src/balai/registry/integration/mappings/bpjs-kesehatan.yaml"
HEADER = (
    "NO_KARTU;NIK;NO_KK;NAMA_PESERTA;TEMPAT_LAHIR;TGL_LAHIR;JENIS_KELAMIN;"
    "ALAMAT;KODE_DESA;NO_HP"
)


def _plan(sql: str, params: list) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def _scalar(sql: str, params: list | None = None) -> object:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return cursor.fetchone()[0]


def _immediate() -> None:
    """Check the deferred foreign keys now (the test's transaction never commits)."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _partition_of(pk: object) -> object:
    return _scalar(f"SELECT tableoid::regclass::text FROM {TABLE} WHERE id = %s", [pk])


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            Resident,
            Family,
            FamilyMembership,
            LifeEvent,
            LifeEventParticipant,
            ResidentVersion,
        )
    }


@pytest.fixture
def partitioned(officer):
    husband, wife, family = couple(officer)
    child = birth_register(
        actor=officer,
        mother=wife,
        child=person(full_name="Putri Pratama", birth_date=dt.date(2020, 2, 2)),
    )
    jakarta = registered(officer, full_name="Andi Wijaya", nik=JAKARTA_NIK)
    before = _counts()
    call_command("partitions", "apply")
    assert partitions.is_partitioned(TABLE)
    return {
        "officer": officer,
        "husband": husband,
        "wife": wife,
        "child": child,
        "family": family,
        "jakarta": jakarta,
        "before": before,
    }


def test_apply_keeps_every_resident_in_its_province(partitioned, capsys):
    assert _counts() == partitioned["before"]
    assert partitioned["before"]["Resident"] == 4
    for name in ("husband", "wife", "child"):
        assert _partition_of(partitioned[name].pk) == f"{TABLE}_p32"
    assert _partition_of(partitioned["jakarta"].pk) == f"{TABLE}_p31"
    names = partitions.partitions(TABLE)
    assert f"{TABLE}_default" in names
    assert len(names) == len(SPEC.value_list()) + 1 == 38 + 1
    assert _scalar(f"SELECT count(*) FROM {SPEC.keys_table}") == 4
    wife = Resident.objects.get(pk=partitioned["wife"].pk)
    assert wife.nik == partitioned["wife"].nik
    assert wife.full_name == "Siti Aminah"
    assert list(partitioned["family"].memberships.values_list("family_id", flat=True))
    call_command("partitions", "apply")  # a second run changes nothing
    out = capsys.readouterr().out
    assert f"{TABLE}: already partitioned" in out
    call_command("partitions", "status")
    status = capsys.readouterr().out
    assert f"{TABLE}: {len(names)} partitions" in status


def test_the_foreign_keys_to_residents_point_at_the_key_table(partitioned):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text FROM pg_constraint WHERE contype = 'f' "
            "AND confrelid = %s::regclass ORDER BY 1",
            [TABLE],
        )
        assert cursor.fetchall() == []
        cursor.execute(
            "SELECT DISTINCT conrelid::regclass::text FROM pg_constraint "
            "WHERE contype = 'f' AND confrelid = %s::regclass ORDER BY 1",
            [SPEC.keys_table],
        )
        owners = {row[0] for row in cursor.fetchall()}
    assert {
        "registry_familymembership",
        "registry_lifeeventparticipant",
        "registry_residentversion",
    } <= owners
    # the resident's own foreign key (its village) stays on the partitioned table
    assert _scalar(
        "SELECT count(*) FROM pg_constraint WHERE contype = 'f' "
        "AND conrelid = %s::regclass",
        [TABLE],
    )


def test_a_lookup_by_nik_reads_one_partition(partitioned):
    nik = partitioned["wife"].nik
    sql, params = (
        Resident.objects.filter(nik_q(nik)).values("id").query.sql_with_params()
    )
    plan = _plan(sql, list(params))
    assert f"{TABLE}_p32" in plan
    others = [p for p in partitions.partitions(TABLE) if p != f"{TABLE}_p32"]
    for other in others:
        assert other not in plan, plan
    everything = _plan(f"SELECT id FROM {TABLE}", [])
    assert all(name in everything for name in partitions.partitions(TABLE))


def test_the_services_work_on_the_partitioned_register(partitioned):
    officer = partitioned["officer"]
    before = partitioned["before"]
    _husband, wife, family = couple(officer)  # two registrations and a marriage
    baby = birth_register(
        actor=officer,
        mother=wife,
        child=person(full_name="Bayu Pratama", birth_date=dt.date(2023, 3, 3)),
    )
    data_correct(
        actor=officer,
        resident=baby,
        changes={"full_name": "Bayu Aji Pratama"},
        reason="Koreksi sesuai akta",
    )
    death_register(
        actor=officer,
        resident=partitioned["jakarta"],
        death_date=dt.date(2024, 1, 1),
    )
    _immediate()  # every foreign key checked now
    after = _counts()
    assert after["Resident"] == before["Resident"] + 3
    assert after["Family"] > before["Family"]
    assert after["LifeEvent"] > before["LifeEvent"]
    assert _scalar(f"SELECT count(*) FROM {SPEC.keys_table}") == 7
    assert Resident.objects.get(pk=baby.pk).full_name == "Bayu Aji Pratama"
    assert Resident.objects.get(pk=partitioned["jakarta"].pk).status == "deceased"
    assert _partition_of(baby.pk) == f"{TABLE}_p{baby.nik[:2]}"
    found = resident_search(actor=officer, nik=wife.nik, purpose="Pelayanan KK")
    assert [r.pk for r in found] == [wife.pk]
    assert family.memberships.count() >= 2


def test_the_exchange_looks_residents_up_by_nik(partitioned):
    api = caller(issue(agreement(insurer(), ["nik", "full_name"])))
    wife = partitioned["wife"]
    answer = verify(api, nik=wife.nik, full_name="Siti Aminah", birth_date="1991-07-03")
    assert answer.json() == {"result": "match"}
    released = fetch(api, wife.nik)
    assert released.status_code == 200, released.content
    assert released.json()["full_name"] == "Siti Aminah"
    assert fetch(api, JAKARTA_NIK[:-1] + "9").status_code == 404


def test_the_import_links_to_the_partitioned_register(partitioned, tmp_path):
    wife = partitioned["wife"]
    village = wife.village_id.replace(".", "")
    line = ";".join(
        [
            "0001",
            wife.nik,
            "",
            "SITI AMINAH",
            "BANDUNG",
            "03-07-1991",
            "P",
            wife.address,
            village,
            "081234567890",
        ]
    )
    path = tmp_path / "peserta.csv"
    path.write_text(f"{HEADER}\n{line}\n", encoding="utf-8")
    batch = import_file(
        source_code="bpjs-kesehatan", path=path, mapping_path=MAPPING, progress=False
    )
    assert batch.rows_staged == 1
    batch_link(batch)
    _immediate()
    record = StagedRecord.objects.get(batch=batch)
    assert record.status == StagedStatus.LINKED
    assert record.resident_id == wife.pk
    assert FieldProvenance.objects.filter(resident_id=wife.pk).exists()


def test_foreign_keys_to_residents_are_still_enforced(partitioned):
    child = partitioned["child"]
    _immediate()
    with (
        pytest.raises(IntegrityError),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"DELETE FROM {TABLE} WHERE id = %s", [child.pk])
    membership = FamilyMembership.objects.filter(resident=child).first()
    assert membership is not None
    with pytest.raises(IntegrityError), transaction.atomic():
        FamilyMembership.objects.filter(pk=membership.pk).update(
            resident_id=uuid.uuid4()
        )
    assert Resident.objects.filter(pk=child.pk).exists()


def test_a_nik_stays_unique_over_all_partitions(partitioned):
    wife = partitioned["wife"]
    columns = [field.column for field in Resident._meta.concrete_fields]
    chosen = {"id": "gen_random_uuid()", "nik_province": "'31'"}
    select = ", ".join(chosen.get(column, f'"{column}"') for column in columns)
    names = ", ".join(f'"{column}"' for column in columns)
    # the same NIK (its blind index) written into another province's partition
    with (
        pytest.raises(IntegrityError),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            f"INSERT INTO {TABLE} ({names}) SELECT {select} FROM {TABLE} WHERE id = %s",
            [wife.pk],
        )
    # and the same id, too
    chosen = {"nik_index": "NULL", "nik_province": "'31'"}
    select = ", ".join(chosen.get(column, f'"{column}"') for column in columns)
    with (
        pytest.raises(IntegrityError),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            f"INSERT INTO {TABLE} ({names}) SELECT {select} FROM {TABLE} WHERE id = %s",
            [wife.pk],
        )
    assert Resident.objects.filter(nik_q(wife.nik)).count() == 1


def test_ensure_adds_a_missing_province_unless_its_rows_wait_in_the_default(
    partitioned,
):
    assert partitions.ensure(SPEC) == []  # every province has its partition
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {TABLE}_p96")  # an empty one, as a new province
    assert partitions.ensure(SPEC) == [f"{TABLE}_p96"]
    jakarta = partitioned["jakarta"]
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {TABLE}_p96")
        # a row of that province lands in the default partition meanwhile
        cursor.execute(
            f"UPDATE {TABLE} SET nik_province = '96' WHERE id = %s", [jakarta.pk]
        )
    assert _partition_of(jakarta.pk) == f"{TABLE}_default"
    assert partitions.ensure(SPEC) == []  # PostgreSQL would refuse it: left alone
    assert f"{TABLE}_p96" not in partitions.partitions(TABLE)
    _immediate()  # the row moved between partitions and kept its key row
    assert (
        _scalar(f"SELECT count(*) FROM {SPEC.keys_table} WHERE id = %s", [jakarta.pk])
        == 1
    )
