# SPDX-License-Identifier: EUPL-1.2
"""Staged records and residents as the linkage engine's record tables.

The engine works on plain DataFrames (see ``integration.linkage``); these functions
decrypt only what a run needs: the batch's waiting records, and the residents who could
possibly match them — those living in the same districts, plus anyone sharing a NIK or a
normalised name and birth date (found through the blind indexes, so a person who moved
away is still a candidate). Nothing here is written anywhere but memory.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from typing import Any

from django.db.models import ExpressionWrapper, F, Q, TextField

import pandas as pd

from balai.registry.constants import ResidentStatus
from balai.registry.integration.constants import StagedStatus
from balai.registry.integration.models import ImportBatch, StagedRecord
from balai.registry.integration.services import decrypting
from balai.registry.models import Resident, niks_q
from balai.security.crypto.fields import EncryptedField

COLUMNS = (
    "unique_id",
    "source",
    "nik",
    "kk_number",
    "full_name",
    "birth_date",
    "birth_place",
    "sex",
    "address",
    "rt",
    "rw",
    "village_code",
    "phone",
    "other_id",
)
STAGED_PREFIX = "s:"
RESIDENT_PREFIX = "r:"
DISTRICT_LENGTH = 8  # "32.73.01"


def _blank(value: object) -> str | None:
    text = "" if value is None else str(value).strip()
    return text or None


# columns with few distinct values (a source, a sex, an RT, a village, a birth date
# shared by many): each distinct value is kept once, not once per row
SHARED = frozenset(
    ("source", "sex", "rt", "rw", "village_code", "birth_place", "birth_date")
)


def _sharing(append: Callable[[object], None]) -> Callable[[object], None]:
    """``append`` that stores each distinct value once (the first one seen)."""
    seen: dict[object, object] = {}

    def add(value: object) -> None:
        append(seen.setdefault(value, value))

    return add


def _person(values: list[Any]) -> tuple[str | None, ...]:
    """NIK, KK, name, birth date (ISO), birthplace, sex, address, RT, RW and village
    as the frame holds them: blanks are None, the date as text."""
    nik, kk, name, born, place, sex, address, rt, rw, village = values
    return (
        _blank(nik),
        _blank(kk),
        _blank(name),
        born.isoformat() if born else None,
        _blank(place),
        _blank(sex),
        _blank(address),
        _blank(rt),
        _blank(rw),
        _blank(village),
    )


def _frame(rows: Iterable[tuple]) -> pd.DataFrame:
    """Rows (tuples in ``COLUMNS``' order) as one frame, built column by column:
    no dictionary per row, no list of all rows besides the columns, and one string
    per distinct value in the ``SHARED`` columns (at 200,000 records the frame
    lives through the whole run)."""
    columns: list[list] = [[] for _ in COLUMNS]
    appends = [
        _sharing(column.append) if name in SHARED else column.append
        for name, column in zip(COLUMNS, columns, strict=True)
    ]
    for row in rows:
        for append, value in zip(appends, row, strict=True):
            append(value)
    return _columns_frame(dict(zip(COLUMNS, columns, strict=True)))


def _columns_frame(columns: dict[str, list]) -> pd.DataFrame:
    return pd.DataFrame(
        {name: pd.Series(columns[name], dtype=object) for name in COLUMNS}
    )


# the staged rows' plain columns, then the encrypted ones, read as ciphertext
STAGED_PLAIN = ("source_system", "sex", "rt", "rw", "village_code")
STAGED_ENCRYPTED = (
    "nik",
    "kk_number",
    "full_name",
    "birth_date",
    "birth_place",
    "address",
    "phone",
    "other_id",
)


def _context(name: str) -> str:
    field = StagedRecord._meta.get_field(name)
    if not isinstance(field, EncryptedField):
        raise TypeError(f"StagedRecord.{name} is not encrypted")
    return field.context


def _ciphertext(name: str) -> ExpressionWrapper:
    """The column as stored (the token), without the field's decryption."""
    return ExpressionWrapper(F(name), output_field=TextField())


def raw_key() -> ExpressionWrapper:
    """The primary key as the database returns it, without Django's conversion to
    a ``UUID`` per row (on SQLite its 32 hex digits; see ``key_text``)."""
    return ExpressionWrapper(F("pk"), output_field=TextField())


def key_text(value: object) -> str:
    """A key read through ``raw_key`` as ``str(UUID)`` writes it: SQLite's 32 hex
    digits get their hyphens by slicing (a million records read their keys twice
    per link: building a ``UUID`` each took ~10 s); a ``UUID`` (PostgreSQL) is
    written as it is."""
    if isinstance(value, str) and len(value) == 32:
        return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"
    return str(value)


def staged_frame(
    batch: ImportBatch,
    *,
    statuses=(StagedStatus.STAGED,),
    workers: int | None = None,
) -> pd.DataFrame:
    """The batch's records waiting for linkage (ids prefixed ``s:``).

    Only the compared columns are read (``values_list``: no model instances, never
    the encrypted original row or the warnings), as ciphertext, and decrypted column
    by column in chunks (``decrypting``): in a pool of ``workers`` processes
    (default: ``decrypting.auto_workers``, none for a small batch), else inline; the
    frame is the same either way.
    """
    records = StagedRecord.objects.filter(batch=batch, status__in=statuses).order_by(
        "row_number"
    )
    if workers is None:
        workers = decrypting.auto_workers(records.count())
    contexts = [_context(name) for name in STAGED_ENCRYPTED]
    rows = records.annotate(
        key=raw_key(),
        **{f"cipher_{name}": _ciphertext(name) for name in STAGED_ENCRYPTED},
    ).values_list("key", *STAGED_PLAIN, *(f"cipher_{n}" for n in STAGED_ENCRYPTED))
    source = batch.source.code
    columns: dict[str, list] = {name: [] for name in COLUMNS}
    seen: dict[str, dict] = {name: {} for name in SHARED}
    plain = len(STAGED_PLAIN) + 1

    def add(name: str, values: Iterable[Any]) -> None:
        """``values`` at the end of column ``name``; one string per distinct value
        in a ``SHARED`` column (the first seen), as ``_sharing`` keeps them."""
        if name in SHARED:
            keep = seen[name].setdefault
            columns[name].extend([keep(value, value) for value in values])
        else:
            columns[name].extend(values)

    def collect(chunk: list[tuple], futures: list[Future]) -> None:
        # column by column (a million records: a call per value cost ~10 s)
        keys, systems, *others = zip(*chunk, strict=True)
        add("unique_id", [STAGED_PREFIX + key_text(key) for key in keys])
        add("source", [system or source for system in systems])
        for name, values in zip(
            ("sex", "rt", "rw", "village_code"), others, strict=True
        ):
            add(
                name,
                [
                    (value.strip() or None) if type(value) is str else _blank(value)
                    for value in values
                ],
            )
        for name, future in zip(STAGED_ENCRYPTED, futures, strict=True):
            add(name, future.result())

    pending: deque[tuple[list[tuple], list[Future]]] = deque()
    with decrypting.Decryptor(workers) as decryptor:
        for chunk in _chunked(rows.iterator(chunk_size=5000), decrypting.CHUNK):
            tokens = list(zip(*(row[plain:] for row in chunk), strict=True))
            futures = [
                decryptor.submit((context, list(column)))
                for context, column in zip(contexts, tokens, strict=True)
            ]
            pending.append(([row[:plain] for row in chunk], futures))
            del chunk, tokens
            while len(pending) >= decryptor.ahead:
                collect(*pending.popleft())
        while pending:
            collect(*pending.popleft())
    return _columns_frame(columns)


def _chunked(rows: Iterable[tuple], size: int) -> Iterator[list[tuple]]:
    chunk: list[tuple] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# Values per statement in the candidate lookups: below SQLite's limit of 32,766 bound
# variables (a 200,000-record batch once sent ~400,000 in one statement and failed).
CANDIDATE_CHUNK = 5_000


def _candidate_filters(staged: pd.DataFrame) -> list[Q] | None:
    """Filters whose union is every resident who could match a staged record: the
    staged districts, then their NIKs and their name + birth date indexes in chunks of
    ``CANDIDATE_CHUNK`` values; None means "everyone"."""
    districts = {
        code[:DISTRICT_LENGTH]
        for code in staged["village_code"].dropna()
        if len(code) >= DISTRICT_LENGTH
    }
    if not districts:
        return None
    filters: list[Q] = []
    for start in range(0, len(districts), CANDIDATE_CHUNK // 10):
        where = Q()
        for district in sorted(districts)[start : start + CANDIDATE_CHUNK // 10]:
            where |= Q(village__code__startswith=district)
        filters.append(where)
    niks = sorted({nik for nik in staged["nik"].dropna().unique() if nik})
    for start in range(0, len(niks), CANDIDATE_CHUNK):
        filters.append(niks_q(niks[start : start + CANDIDATE_CHUNK]))
    field = Resident._meta.get_field("name_birth_index")
    pairs = staged[["full_name", "birth_date"]].dropna().itertuples(index=False)
    indexes = (field.index_of((name, birth)) for name, birth in pairs)
    ordered = sorted({index for index in indexes if index is not None})
    for start in range(0, len(ordered), CANDIDATE_CHUNK):
        chunk = ordered[start : start + CANDIDATE_CHUNK]
        filters.append(Q(name_birth_index__in=chunk))
    return filters


def register_frame(staged: pd.DataFrame) -> pd.DataFrame:
    """Residents alive in the register who could match the staged records (``r:``)."""
    residents = Resident.objects.filter(status=ResidentStatus.ALIVE)
    if not residents.exists():  # a first import: no blind indexes to compute
        return _frame(())
    columns = (
        "pk",
        "nik",
        "kk_number",
        "full_name",
        "birth_date",
        "birth_place",
        "sex",
        "address",
        "rt",
        "rw",
        "village_id",
    )
    filters = _candidate_filters(staged)
    if filters is None:
        rows: Iterable[tuple[Any, ...]] = residents.values_list(*columns).iterator(
            chunk_size=5000
        )
    else:  # each resident once, however many of the filters it meets
        found: dict[Any, tuple[Any, ...]] = {}
        for where in filters:
            for row in residents.filter(where).values_list(*columns):
                found.setdefault(row[0], row)
        rows = [found[pk] for pk in sorted(found)]
    return _frame(
        (
            f"{RESIDENT_PREFIX}{pk}",
            "register",
            *_person(person),
            None,  # phone
            None,  # other_id: the register has no other agency's identifiers
        )
        for pk, *person in rows
    )
