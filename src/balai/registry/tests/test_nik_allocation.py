# SPDX-License-Identifier: EUPL-1.2
"""NIK and KK number allocation: structure, serials, exhaustion and concurrency."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import threading
from pathlib import Path

from django.conf import settings
from django.db import connection

import pytest

from balai.core.errors import BalaiError
from balai.regions.nik import parse_kk_number, parse_nik
from balai.registry.constants import ErrorCode, Sex
from balai.registry.models import KkSequence, NikSequence
from balai.registry.services import first_registration, kk_allocate, nik_allocate
from balai.registry.services.nik_allocation import kk_prefix, nik_prefix
from balai.registry.tests.concurrency_child import allocate_niks
from balai.registry.tests.factories import address, person
from balai.security.crypto.blind import blind_index

BORN = dt.date(1990, 8, 17)


def test_a_mans_nik_encodes_district_birth_date_and_serial(officer):
    nik = nik_allocate(district_code="32.73.01", birth_date=BORN, sex=Sex.MALE)
    assert nik == "3273011708900001"
    parsed = parse_nik(nik)
    assert (parsed.sex, parsed.birth_date_hint, parsed.serial) == ("M", BORN, 1)
    assert parsed.warnings == []


def test_a_womans_day_is_plus_40(officer):
    nik = nik_allocate(district_code="327301", birth_date=BORN, sex=Sex.FEMALE)
    assert nik == "3273015708900001"
    assert parse_nik(nik).sex == "F"
    assert parse_nik(nik).birth_day == 17


def test_serials_count_up_per_prefix(officer):
    first = nik_allocate(district_code="32.73.01", birth_date=BORN, sex=Sex.MALE)
    second = nik_allocate(district_code="32.73.01", birth_date=BORN, sex=Sex.MALE)
    other_day = nik_allocate(
        district_code="32.73.01", birth_date=dt.date(1990, 8, 18), sex=Sex.MALE
    )
    woman = nik_allocate(district_code="32.73.01", birth_date=BORN, sex=Sex.FEMALE)
    assert [first[-4:], second[-4:], other_day[-4:], woman[-4:]] == [
        "0001",
        "0002",
        "0001",
        "0001",
    ]


def test_serials_held_by_residents_from_elsewhere_are_skipped(officer):
    first_registration(
        actor=officer,
        person=person(birth_date=BORN),
        address=address(),
        nik="3273011708900001",
    )
    first_registration(
        actor=officer,
        person=person(birth_date=BORN, full_name="Dedi"),
        address=address(),
        nik="3273011708900002",
    )
    nik = nik_allocate(district_code="32.73.01", birth_date=BORN, sex=Sex.MALE)
    assert nik.endswith("0003")


def _sequence(model: type, prefix: str):
    key = blind_index(prefix, context=f"registry.{model.__name__}.prefix")
    return model.objects.filter(key=key)


def test_exhausted_serials_raise_a_clear_error(officer):
    prefix = nik_prefix(district="327301", birth_date=BORN, sex=Sex.MALE)
    nik_allocate(district_code="32.73.01", birth_date=BORN, sex=Sex.MALE)
    _sequence(NikSequence, prefix).update(last=9999)
    with pytest.raises(BalaiError) as caught:
        nik_allocate(district_code="32.73.01", birth_date=BORN, sex=Sex.MALE)
    assert caught.value.code == ErrorCode.SERIALS_EXHAUSTED


def test_the_last_free_serial_is_9999_and_a_taken_one_exhausts(officer):
    prefix = nik_prefix(district="327301", birth_date=BORN, sex=Sex.MALE)
    nik_allocate(district_code="32.73.01", birth_date=BORN, sex=Sex.MALE)
    _sequence(NikSequence, prefix).update(last=9998)
    first_registration(
        actor=officer,
        person=person(birth_date=BORN),
        address=address(),
        nik=prefix + "9999",
    )
    with pytest.raises(BalaiError) as caught:
        nik_allocate(district_code="32.73.01", birth_date=BORN, sex=Sex.MALE)
    assert caught.value.code == ErrorCode.SERIALS_EXHAUSTED


def test_sequences_hold_no_plain_prefix(officer):
    nik_allocate(district_code="32.73.01", birth_date=BORN, sex=Sex.MALE)
    keys = list(NikSequence.objects.values_list("key", flat=True))
    assert len(keys) == 1 and "327301" not in keys[0] and len(keys[0]) == 64


@pytest.mark.parametrize(
    ("district", "born", "sex", "code"),
    [
        ("32.73.99", BORN, Sex.MALE, ErrorCode.UNKNOWN_DISTRICT),
        ("32.73", BORN, Sex.MALE, ErrorCode.UNKNOWN_DISTRICT),
        ("32.73.01.1001", BORN, Sex.MALE, ErrorCode.UNKNOWN_DISTRICT),
        ("", BORN, Sex.MALE, ErrorCode.UNKNOWN_DISTRICT),
        (
            "32.73.01",
            dt.date.today() + dt.timedelta(days=2),
            Sex.MALE,
            ErrorCode.FUTURE_DATE,
        ),
        ("32.73.01", BORN, "X", ErrorCode.INVALID_SEX),
    ],
)
def test_invalid_inputs_are_refused(officer, district, born, sex, code):
    with pytest.raises(BalaiError) as caught:
        nik_allocate(district_code=district, birth_date=born, sex=sex)
    assert caught.value.code == code
    assert NikSequence.objects.count() == 0


def test_family_card_numbers_encode_district_and_issue_date(officer):
    issued = dt.date(2024, 2, 29)
    number = kk_allocate(district_code="31.74.07", issued_on=issued)
    assert number == "3174072902240001"
    parsed = parse_kk_number(number)
    assert parsed.issue_date == issued and parsed.serial == 1
    assert kk_allocate(district_code="31.74.07", issued_on=issued).endswith("0002")
    prefix = kk_prefix(district="317407", issued_on=issued)
    assert _sequence(KkSequence, prefix).get().last == 2


def test_a_rolled_back_allocation_gives_its_serial_back(officer):
    from django.db import transaction

    def allocate_then_fail() -> None:
        with transaction.atomic():
            nik_allocate(district_code="32.73.01", birth_date=BORN, sex=Sex.MALE)
            raise RuntimeError("rollback")

    with pytest.raises(RuntimeError):
        allocate_then_fail()
    nik = nik_allocate(district_code="32.73.01", birth_date=BORN, sex=Sex.MALE)
    assert nik.endswith("0001")


# --- concurrency ----------------------------------------------------------------------

THREADS = 8
PER_THREAD = 10


def _skip_on_sqlite_memory() -> None:
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip(
            "SQLite's in-memory test database is shared between threads through its "
            "shared cache, whose table locks fail at once instead of waiting; the "
            "test runs on PostgreSQL (make test-pg) and on a file-based SQLite test "
            "database (BALAI_TEST_DATABASE_NAME=/tmp/balai-test.sqlite3)."
        )


@pytest.mark.django_db(transaction=True)
def test_threads_allocating_for_the_same_prefix_never_collide(sample_regions):
    _skip_on_sqlite_memory()
    barrier = threading.Barrier(THREADS)
    results: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def work() -> None:
        try:
            barrier.wait()
            mine = [
                nik_allocate(district_code="32.73.01", birth_date=BORN, sex=Sex.FEMALE)
                for _ in range(PER_THREAD)
            ]
            with lock:
                results.extend(mine)
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(results) == THREADS * PER_THREAD
    assert len(set(results)) == THREADS * PER_THREAD
    serials = sorted(int(nik[-4:]) for nik in results)
    assert serials == list(range(1, THREADS * PER_THREAD + 1))


@pytest.mark.django_db(transaction=True)
def test_processes_allocating_for_the_same_prefix_never_collide(sample_regions):
    _skip_on_sqlite_memory()  # other processes cannot see an in-memory database
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        url = f"sqlite:///{db['NAME']}"
    else:
        url = (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
            f"/{db['NAME']}"
        )
    env = {
        "DJANGO_SETTINGS_MODULE": "balai.settings",
        "BALAI_ENV": "test",
        "BALAI_DATABASE_URL": url,
        "BALAI_KEYRING": Path(settings.KEYRING_FILE).read_text(),
        "BALAI_KEYRING_FILE": "",
    }
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    spawn = multiprocessing.get_context("spawn")
    with spawn.Pool(4) as pool:
        batches = pool.starmap(
            allocate_niks, [(env, 15, BORN.isoformat(), str(Sex.MALE))] * 4
        )
    niks = [nik for batch in batches for nik in batch]
    assert len(niks) == 60 and len(set(niks)) == 60
    assert sorted(int(nik[-4:]) for nik in niks) == list(range(1, 61))
