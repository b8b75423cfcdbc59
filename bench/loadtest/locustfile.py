# SPDX-License-Identifier: EUPL-1.2
"""Mixed traffic for ``make loadtest`` (driven by ``bench/loadtest/run.py``).

Six kinds of users, each request named by its kind so locust's statistics are per
kind: citizens browsing the portal and catalogue, citizens applying through the API,
reports sent from the PWA, Open311 clients, exchange API clients (an agency's NIK
lookups) and officers working their inbox. Fixtures come from ``prepare.py`` (the
JSON file in ``BALAI_LOADTEST_FIXTURES``). Every request carries
``X-Forwarded-Proto: https``, as the TLS proxy in front of production sets it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import uuid

from locust import HttpUser, between, task

with open(os.environ["BALAI_LOADTEST_FIXTURES"], encoding="utf-8") as _handle:
    FIX = json.load(_handle)

PROXY = {"X-Forwarded-Proto": "https"}
LOOKUP = "/api/v1/registry/residents/lookup/"


class _Balai(HttpUser):
    abstract = True
    wait_time = between(0.5, 2.0)

    def _get(self, path: str, kind: str, **headers: str) -> None:
        self.client.get(path, name=kind, headers={**PROXY, **headers})


class CitizenBrowsing(_Balai):
    weight = 4

    @task(3)
    def portal(self) -> None:
        self._get("/", "citizen browse")
        self._get("/layanan/", "citizen browse")

    @task(2)
    def a_service(self) -> None:
        self._get("/layanan/akta-kelahiran/", "citizen browse")

    @task(1)
    def public_reports(self) -> None:
        self._get("/laporan/", "citizen browse")


class CitizenApplying(_Balai):
    weight = 2

    def on_start(self) -> None:
        self.auth = {"Authorization": f"Bearer {random.choice(FIX['citizen_tokens'])}"}

    @task(2)
    def apply(self) -> None:
        family = random.choice(FIX["families"])
        born = dt.date.today() - dt.timedelta(days=random.randint(1, 50))
        answers = {
            "child_name": "Putri Ayu Lestari",
            "child_sex": "F",
            "birth_date": born.isoformat(),
            "birth_place": "Bandung",
            "birth_facility": "rumah-sakit",
            "birth_attendant": "bidan",
            "birth_order": 1,
            "reporter_relationship": "ibu",
            "declaration": True,
            **family,
        }
        self.client.post(
            "/api/v1/applications/",
            json={
                "service": "akta-kelahiran",
                "answers": answers,
                "idempotency_key": uuid.uuid4().hex,
            },
            name="citizen apply",
            headers={**PROXY, **self.auth},
        )

    @task(1)
    def my_applications(self) -> None:
        self._get("/api/v1/applications/", "citizen apply", **self.auth)


class PwaReporter(_Balai):
    weight = 2

    @task
    def report(self) -> None:
        token = self.client.get("/lapor/token/", name="pwa report", headers=PROXY)
        if token.status_code != 200:
            return
        csrf = token.json()["csrf_token"]
        cookie = token.cookies.get("csrftoken") or csrf
        lat, lon = FIX["inside"]
        self.client.post(
            "/lapor/kirim/",
            data={
                "service_code": "jalan-berlubang",
                "description": "Lubang besar di jalan, berbahaya bagi motor",
                "lat": f"{lat + random.uniform(-0.002, 0.002):.6f}",
                "lon": f"{lon + random.uniform(-0.002, 0.002):.6f}",
                "address": "Jl. Dago No. 10",
                "anonymous": "on",
                "client_token": str(uuid.uuid4()),
                # the seeded category's questions (reports/seed_questions.py)
                "a:jalan-berlubang:ukuran": "besar",
                "a:jalan-berlubang:kedalaman": "15",
            },
            name="pwa report",
            headers={
                **PROXY,
                "Accept": "application/json",
                "X-CSRFToken": csrf,
                "Cookie": f"csrftoken={cookie}",
                "Origin": f"https://{self.host.split('://', 1)[1]}",
                "Referer": f"https://{self.host.split('://', 1)[1]}/lapor/",
            },
        )


class Open311Client(_Balai):
    weight = 2

    @task(2)
    def services(self) -> None:
        self._get("/open311/v2/services.json", "open311")

    @task(2)
    def requests(self) -> None:
        self._get("/open311/v2/requests.json", "open311")

    @task(1)
    def post_request(self) -> None:
        lat, lon = FIX["inside"]
        self.client.post(
            "/open311/v2/requests.json",
            data={
                "api_key": FIX["open311_key"],
                "service_code": "jalan-berlubang",
                "lat": f"{lat + random.uniform(-0.002, 0.002):.6f}",
                "long": f"{lon + random.uniform(-0.002, 0.002):.6f}",
                "address_string": "Jl. Dago No. 12",
                "description": "Jalan berlubang cukup dalam di depan sekolah",
                "attribute[ukuran]": "besar",
                "attribute[kedalaman]": "15",
            },
            name="open311",
            headers=PROXY,
        )


class ExchangeClient(_Balai):
    weight = 2

    @task
    def lookup(self) -> None:
        self.client.post(
            LOOKUP,
            json={"nik": random.choice(FIX["niks"])},
            name="exchange lookup",
            headers={
                **PROXY,
                "Authorization": f"Bearer {FIX['exchange_credential']}",
                "X-Purpose": FIX["exchange_purpose"],
            },
        )


class Officer(_Balai):
    weight = 1

    def on_start(self) -> None:
        self.auth = {"Authorization": f"Bearer {FIX['officer_token']}"}

    @task(3)
    def inbox(self) -> None:
        self._get("/api/v1/applications/", "officer inbox", **self.auth)

    @task(1)
    def counts(self) -> None:
        self._get("/api/v1/applications/counts/", "officer inbox", **self.auth)
