# SPDX-License-Identifier: EUPL-1.2
"""List entries written by the database (``sqlencode``) are byte for byte those that
``fastlist`` encodes in Python and the generic path renders: every status, both
formats, English names, photos and media URLs, empty and null fields, markup,
quotes, every control character, emoji, Javanese script, U+2028 and DEL; entries
the database cannot write exactly (a date before year 1000, odd ``media_urls``) are
flagged and encoded in Python. ``test_open311_fast_path.py`` compares whole
answers over 500+ query strings with the database encoding on (its default).
"""

from __future__ import annotations

import datetime as dt
import random
import uuid

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from balai.reports.api.open311 import fastlist, lists, rowcache, sqlencode
from balai.reports.models import Photo, Report
from balai.reports.tests.factories import category
from balai.reports.tests.test_open311_fast_path import (
    _answer,
    _build,
    _every_report_queries,
    _explain,
    _queries,
)

pytestmark = pytest.mark.django_db

CONTROL = "".join(chr(code) for code in range(1, 32)) + '"\\/'
BASE = "http://testserver/id/laporan/"
PHOTO_BASE = (BASE, "/foto/", "/")


def _python_entries(public_ids: list[str], fmt: str, *, english: bool) -> dict:
    rows = fastlist.rows_by_public_id(public_ids, extensions=False)
    ids = [row[0] for row in rows]

    def url(public_id: str, photo_id: str) -> str:
        return f"{PHOTO_BASE[0]}{public_id}{PHOTO_BASE[1]}{photo_id}{PHOTO_BASE[2]}"

    found = fastlist.items(rows, fastlist.photos(ids), url, None, english=english)
    encode = fastlist.xml_row if fmt == "xml" else fastlist.json_row
    return {item.public_id: encode(item) for item in found}


def _visible() -> list[str]:
    return list(
        Report.objects.filter(is_hidden=False).values_list("public_id", flat=True)
    )


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize("english", [False, True])
def test_each_entry_is_the_python_encoders_bytes(fmt, english):
    _build(random.Random(20261207))
    extra = category("kontrol", name_id=CONTROL + " ID", name_en=CONTROL + " EN")
    for n, text in enumerate([CONTROL, "é🚧ꦗꦮ\u2028\x7f", "<&>", "", " "]):
        Report.objects.create(
            public_id=f"LPR-C{n:07d}",
            category=extra,
            description=text or "x",
            address=text,
            address_id=text,
            zipcode=text[:10],
            status_notes=text,
            lat=None if n % 2 else 1 / 3,
            lon=None if n % 2 else -(2**-30),
            media_urls=[text, "https://m.example.org/x"] if n < 4 else [],
        )
    public_ids = _visible()
    made, odd = sqlencode.entries(
        public_ids, fmt=fmt, english=english, photo_base=PHOTO_BASE
    )
    assert odd == []
    expected = _python_entries(public_ids, fmt, english=english)
    assert set(made) == set(expected) == set(public_ids)
    for public_id in public_ids:
        assert made[public_id] == expected[public_id], public_id
    # hidden reports are never written
    hidden = list(Report.objects.filter(is_hidden=True).values_list("public_id"))
    assert hidden
    assert sqlencode.entries(
        [h[0] for h in hidden], fmt=fmt, english=english, photo_base=PHOTO_BASE
    ) == ({}, [])


def test_what_the_database_cannot_write_exactly_is_encoded_in_python(
    client, settings, monkeypatch
):
    """A due date in year 999 (strftime writes ``999``, not ``0999``) and
    ``media_urls`` whose first item is not text are flagged, then encoded by
    ``fastlist``: the answers stay the generic path's bytes."""
    settings.OPEN311_CACHE_SECONDS = 0
    cat = category("aneh", name_id="Aneh")
    old = Report.objects.create(
        public_id="LPR-ODD0001",
        category=cat,
        description="tua",
        due_at=dt.datetime(999, 5, 1, 3, 4, 5, tzinfo=dt.UTC),
    )
    numbers = Report.objects.create(
        public_id="LPR-ODD0002", category=cat, description="n", media_urls=[5, "x"]
    )
    plain = Report.objects.create(
        public_id="LPR-ODD0003", category=cat, description="biasa"
    )
    ids = [old.public_id, numbers.public_id, plain.public_id]
    for fmt in ("json", "xml"):
        made, odd = sqlencode.entries(
            ids, fmt=fmt, english=False, photo_base=PHOTO_BASE
        )
        assert sorted(odd) == sorted([old.public_id, numbers.public_id])
        assert list(made) == [plain.public_id]
        path = f"/open311/v2/requests.{fmt}?service_request_id={','.join(ids)}"
        monkeypatch.setattr(lists, "REFERENCE", True)
        reference = _answer(client.get(path))
        monkeypatch.setattr(lists, "REFERENCE", False)
        rowcache.clear()
        fast = _answer(client.get(path))
        if fast != reference:
            _explain(path, reference, fast)
        assert b"999-05-01T03:04:05Z" in reference["body"]


def test_whole_answers_match_with_and_without_the_database_encoding(
    client, settings, monkeypatch
):
    """Both ways of the fast path and the generic path, over the fast-path tests'
    query strings (every status, format, language, page and filter), with photos
    by position."""
    settings.OPEN311_CACHE_SECONDS = 0
    settings.OPEN311_ROW_CACHE_SIZE = 0  # every entry encoded for each answer
    rng = random.Random(77)
    _build(rng)
    report = Report.objects.get(public_id="LPR-F0000002")
    for position in (2, 0, 1):  # the first URL is position 0's, not the oldest
        Photo.objects.create(
            id=uuid.UUID(int=rng.getrandbits(128)),
            report=report,
            file=f"reports/photos/p{position}.jpg",
            width=1,
            height=1,
            size=1,
            position=position,
        )
    queries = _every_report_queries() + rng.sample(_queries(rng), 150)
    encoded = 0
    for path, headers in queries:
        answers = []
        for reference, database in ((True, False), (False, False), (False, True)):
            monkeypatch.setattr(lists, "REFERENCE", reference)
            monkeypatch.setattr(lists, "DATABASE_ENCODES", database)
            with CaptureQueriesContext(connection) as run:
                answers.append(_answer(client.get(path, **headers)))
            encoded += database and any(
                "json_quote" in q["sql"] or "to_json" in q["sql"]
                for q in run.captured_queries
            )
        for other in answers[1:]:
            if other != answers[0]:
                _explain(path, answers[0], other)
    assert encoded >= 20
