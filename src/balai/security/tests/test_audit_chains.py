# SPDX-License-Identifier: EUPL-1.2
"""Several audit hash chains (``AUDIT_CHAINS``): one head per chain, verify walks all.

At national scale one chain would serialise every audited write of the country on its
head row; with N chains entries are spread by data subject and each chain is sealed
under its own head (docs/scaling.md, "Audit at national scale").
"""

from __future__ import annotations

import uuid
import zlib
from collections import Counter

from django.core.management import call_command

import pytest

from balai.security.audit import record, seal_pending
from balai.security.audit.chain import CHAIN_VERSION, canonical_fields
from balai.security.audit.seal import pending_chains
from balai.security.audit.service import chain_of
from balai.security.audit.verify import verify_chain
from balai.security.models import AuditEntry, AuditHead
from balai.security.tests.audit_support import (
    TABLE,
    as_database_administrator,
    officer,
    verify_failure,
)

pytestmark = pytest.mark.django_db

CHAINS = 4


@pytest.fixture
def chains(settings):
    settings.AUDIT_CHAINS = CHAINS
    return CHAINS


def _subject_in_chain(chain: int) -> uuid.UUID:
    """A random data subject whose entries go to ``chain`` of CHAINS (as chain_of
    places them), so that a handful of reads reaches every chain every time."""
    while True:
        subject = uuid.uuid4()
        if 1 + zlib.crc32(str(subject).encode("ascii")) % CHAINS == chain:
            return subject


def _reads(count: int, *, subject: uuid.UUID | None = None) -> list[AuditEntry]:
    """``count`` person reads about ``subject``, else about subjects spread round
    robin over the CHAINS chains (random subjects could leave a chain empty)."""
    actor = officer()
    entries = [
        record(
            actor=actor,
            action="person.read",
            object_type="registry.resident",
            object_id=str(number),
            subject_id=subject or _subject_in_chain(number % CHAINS + 1),
            purpose=f"check {number}",
        )
        for number in range(count)
    ]
    return entries


def test_entries_spread_over_the_chains_and_each_has_its_own_head(chains):
    entries = _reads(40)
    per_chain = Counter(entry.chain for entry in entries)
    assert set(per_chain) == set(range(1, chains + 1))  # 40 subjects reach all 4
    assert all(entry.chain == chain_of(entry, chains) for entry in entries)
    assert sorted(pending_chains()) == list(range(1, chains + 1))

    assert seal_pending() == 40
    heads = {head.pk: head.last_seq for head in AuditHead.objects.all()}
    assert heads == dict(per_chain)
    for chain, count in per_chain.items():
        seqs = list(
            AuditEntry.objects.filter(chain=chain)
            .order_by("seq")
            .values_list("seq", flat=True)
        )
        assert seqs == list(range(1, count + 1))  # gap-free within each chain

    result = verify_chain()
    assert (result.ok, result.checked, result.chains) == (True, 40, chains)
    assert {chain: seq for chain, (seq, _hash) in result.heads.items()} == heads


def test_one_subjects_entries_share_a_chain(chains):
    subject = uuid.uuid4()
    entries = _reads(5, subject=subject)
    assert len({entry.chain for entry in entries}) == 1
    probe = AuditEntry(subject_id=subject)
    assert entries[0].chain == chain_of(probe, chains)  # stable, not Python's hash


def test_the_chain_number_is_covered_by_the_hash(chains):
    entry = _reads(1)[0]
    assert entry.chain_version == CHAIN_VERSION == 4
    assert canonical_fields(entry)["chain"] == entry.chain


def test_tampering_in_one_chain_is_found_and_named(chains):
    entries = _reads(40)
    seal_pending()
    victim = next(e for e in entries if e.chain == 3)
    victim.refresh_from_db()
    with as_database_administrator() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} SET purpose = 'nothing to see' WHERE id = %s",
            [victim.id],
        )
    result = verify_chain()
    assert (result.ok, result.chain, result.first_bad_id, result.code) == (
        False,
        3,
        victim.seq,
        "modified",
    )
    # the chains before it were walked in full
    assert set(result.heads) == {1, 2, 3}
    error = verify_failure()
    assert f"entry {victim.seq} of chain 3" in str(error)


def test_moving_an_entry_to_another_chain_breaks_both(chains):
    entries = _reads(40)
    seal_pending()
    moved = AuditEntry.objects.get(pk=next(e.pk for e in entries if e.chain == 2))
    target = AuditHead.objects.get(pk=4)
    with as_database_administrator() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} SET chain = 4, seq = %s WHERE id = %s",
            [target.last_seq + 1, moved.id],
        )
    result = verify_chain()
    assert not result.ok
    assert result.chain == 2  # the gap in chain 2 is found first
    assert result.code in {"deleted", "truncated"}


def test_a_deleted_tail_of_one_chain_is_found(chains):
    _reads(40)
    seal_pending()
    head = AuditHead.objects.get(pk=4)
    with as_database_administrator() as cursor:
        cursor.execute(
            f"DELETE FROM {TABLE} WHERE chain = 4 AND seq = %s", [head.last_seq]
        )
    result = verify_chain()
    assert (result.ok, result.chain, result.code) == (False, 4, "truncated")


def test_checkpoints_per_chain(chains):
    _reads(20)
    seal_pending()
    result = verify_chain()
    seq, good = result.heads[2]
    assert verify_chain(checkpoints={(2, seq): good}).ok
    bad = verify_chain(checkpoints={(2, seq): "ab" * 32})
    assert (bad.ok, bad.chain, bad.code) == (False, 2, "checkpoint")


def test_the_command_prints_every_head_and_accepts_chain_checkpoints(chains, capsys):
    _reads(20)
    seal_pending()
    call_command("audit", "verify")
    out = capsys.readouterr().out
    heads = verify_chain().heads
    assert f"{CHAINS} chains" in out
    for chain, (seq, entry_hash) in heads.items():
        assert f"{chain}/{seq}:{entry_hash}" in out
    seq, entry_hash = heads[3]
    call_command("audit", "verify", "--checkpoint", f"3/{seq}:{entry_hash}")


def test_back_to_one_chain_seals_and_verifies_the_old_chains(chains, settings):
    _reads(12)
    settings.AUDIT_CHAINS = 1
    later = _reads(3)
    assert {entry.chain for entry in later} == {1}
    assert seal_pending() == 15  # the periodic seal finds every chain's entries
    assert verify_chain().ok


def test_sealing_one_chain_does_not_touch_the_others(chains):
    entries = _reads(40)
    first = next(e.chain for e in entries)
    sealed = seal_pending(chains=[first])
    assert sealed == sum(1 for e in entries if e.chain == first)
    moved = {h.pk for h in AuditHead.objects.all() if h.last_seq}
    assert moved == {first}
    assert first not in pending_chains()
