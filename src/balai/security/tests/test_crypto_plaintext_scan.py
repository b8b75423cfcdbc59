# SPDX-License-Identifier: EUPL-1.2
"""THE PLAINTEXT SCAN: known people go in; the raw database holds none of their data.

On SQLite the test database is copied to a file and its bytes are searched; on
PostgreSQL a ``pg_dump`` of the test database is (pg_dump must be installed there).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection
from django.test import Client
from django.urls import reverse

import pytest

from balai.accounts import services
from balai.accounts.models import User
from balai.notifications.models import Message
from balai.notifications.services import message_send
from balai.security.monitoring.models import SecurityEvent

PEOPLE = [
    {
        "nik": "3273015703570001",
        "full_name": "Wulandari Kusumaningtyas",
        "email": "wulandari.kusumaningtyas@contoh-rahasia.id",
        "phone": "+6281398765432",
        "birth_date": dt.date(1957, 3, 17),
    },
    {
        "nik": "3174072911880002",
        "full_name": "Bambang Sutrisnoputro",
        "email": "bambang.sutrisnoputro@contoh-rahasia.id",
        "phone": "+6285712349876",
        "birth_date": dt.date(1988, 11, 29),
    },
]


def _nik_spellings(nik: str) -> set[str]:
    region = f"{nik[:2]}.{nik[2:4]}.{nik[4:6]}"
    return {
        nik,
        f"{region}.{nik[6:12]}.{nik[12:]}",
        f"{nik[:6]}.{nik[6:12]}.{nik[12:]}",
        " ".join(nik[i : i + 4] for i in range(0, 16, 4)),
        nik[:12],  # region + birth date, the identifying part
    }


def _phone_spellings(phone: str) -> set[str]:
    local = phone.removeprefix("+62")
    return {
        phone,
        phone[1:],
        "0" + local,
        local,
        f"0{local[:3]}-{local[3:7]}-{local[7:]}",
        f"0{local[:3]} {local[3:7]} {local[7:]}",
    }


def _forbidden(people: list[dict]) -> set[str]:
    """Spellings of their data; short fragments would match random base64 by chance."""
    needles: set[str] = set()
    for person in people:
        needles |= _nik_spellings(person["nik"])
        needles |= _phone_spellings(person["phone"])
        name = person["full_name"]
        needles |= {name, name.upper(), name.lower(), *name.split()}
        email = person["email"]
        needles |= {email, email.upper(), email.split("@")[0]}
        born = person["birth_date"]
        needles |= {born.isoformat(), born.strftime("%d-%m-%Y")}
    return {needle for needle in needles if len(needle) >= 6}


def _store_people() -> list[dict]:
    """Store PEOPLE directly and one citizen through sign-up; return all of them."""
    for person in PEOPLE:
        user = User(**person, is_active=True)
        user.set_password("Sandi-Uji-2026!")
        user.full_clean(exclude=["password"])
        user.save()
        message_send(
            channel="email",
            recipient=person["email"],
            template="welcome",
            context={"name": person["full_name"]},
            user_id=str(user.pk),
        )
        message_send(
            channel="sms",
            recipient=person["phone"],
            template="generic",
            context={"subject": "Balai", "body": f"NIK {person['nik']} terdaftar."},
            user_id=str(user.pk),
        )
    # a sign-up through the service too (the path citizens take)
    services.citizen_signup(
        nik="3273016801900003",
        full_name="Sri Rejekiningsih",
        birth_date=dt.date(1990, 1, 28),
        password="Sandi-Uji-2026!",
        phone="0813 1122 3344",
    )
    signed_up = {
        "nik": "3273016801900003",
        "full_name": "Sri Rejekiningsih",
        "email": "sri.rejekiningsih@tidak-ada.id",  # never stored; must stay absent
        "phone": "+6281311223344",
        "birth_date": dt.date(1990, 1, 28),
    }
    return [*PEOPLE, signed_up]


def _database_bytes(tmp_path: Path) -> bytes:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(tmp_path / "copy.sqlite3")
        connection.connection.backup(target)
        target.close()
        return (tmp_path / "copy.sqlite3").read_bytes()
    assert connection.vendor == "postgresql", connection.vendor
    pg_dump = shutil.which("pg_dump")
    assert pg_dump, "pg_dump is needed for the PostgreSQL plaintext scan"
    settings = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": settings.get("PASSWORD") or ""}
    result = subprocess.run(
        [
            pg_dump,
            "-h",
            settings.get("HOST") or "127.0.0.1",
            "-p",
            str(settings.get("PORT") or 5432),
            "-U",
            settings.get("USER") or "postgres",
            settings["NAME"],
        ],
        capture_output=True,
        env=env,
        timeout=300,
        check=True,
    )
    return result.stdout


def _log_in(client: Client, people: list[dict]) -> None:
    """A good login by email, a bad one by phone: the failure is recorded (as a
    security event with a masked, keyed identifier)."""
    login = reverse("accounts:login")
    ok = client.post(
        login, {"username": people[0]["email"], "password": "Sandi-Uji-2026!"}
    )
    assert ok.status_code == 302
    client.logout()
    bad = client.post(login, {"username": people[1]["phone"], "password": "salah"})
    assert bad.status_code == 200
    assert SecurityEvent.objects.filter(kind="login_failed").count() == 1


@pytest.mark.django_db(transaction=True)
def test_no_personal_data_in_plaintext_in_the_database(tmp_path, client):
    people = _store_people()
    _log_in(client, people)
    assert User.objects.count() == 3 and Message.objects.count() == 5
    # the data is really there, and readable through the application
    stored = {u.nik: u for u in User.objects.all()}
    assert stored["3273015703570001"].full_name == "Wulandari Kusumaningtyas"
    assert any("Wulandari" in m.body for m in Message.objects.all())

    raw = _database_bytes(tmp_path)
    assert len(raw) > 10_000
    # the dump or file is the real thing, and plaintext columns do show up in it
    assert b"accounts_user" in raw and b"signup_code" in raw
    haystack = raw.lower()
    found = sorted(
        needle for needle in _forbidden(people) if needle.lower().encode() in haystack
    )
    assert found == [], f"plaintext personal data in the database: {found}"
