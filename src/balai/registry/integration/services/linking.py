# SPDX-License-Identifier: EUPL-1.2
"""Linking a staged batch to the register with the shipped Splink model.

For every waiting record of a batch the engine returns scored pairs, both against
residents and against other records of the same batch. Records that duplicate an
earlier row of their batch (above the automatic threshold, in a cluster where no pair
is weak: see ``_clusters``) become ``duplicate`` and follow their first row. Same-batch
pairs between different clusters become candidates naming the earlier record. Each
remaining record is then, by its candidates:

* ``auto`` — linked at once to its best resident (a Merge marked automatic, provenance
  per field), unless two residents both pass the upper threshold: an ambiguity goes
  to review;
* ``review`` — its candidates (best three residents, best three earlier records of the
  batch) wait in the officers' queue with weights;
* ``new`` — nothing scored above the lower threshold: a candidate for a new resident.

Automatic links never change the register's own data; only an officer's decision may
fill an empty field. One audit entry records the run (the engine reads residents of
the batch's districts, not one by one on anyone's screen).
"""

from __future__ import annotations

import logging
import math
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import pandas as pd

from balai.core.errors import BalaiError
from balai.registry.integration.constants import (
    BatchStatus,
    CandidateDecision,
    StagedStatus,
)
from balai.registry.integration.importing.bulk import (
    insert_rows,
    update_keys,
    update_rows,
)
from balai.registry.integration.models import (
    FieldProvenance,
    ImportBatch,
    LinkageRun,
    MatchCandidate,
    Merge,
    StagedRecord,
)
from balai.registry.integration.services.frames import (
    RESIDENT_PREFIX,
    STAGED_PREFIX,
    key_text,
    raw_key,
    register_frame,
    staged_frame,
)
from balai.registry.integration.services.merges import PROVENANCE_FIELDS
from balai.security import audit
from balai.security.audit.service import record_many

logger = logging.getLogger(__name__)

if TYPE_CHECKING:
    from balai.registry.integration.linkage import LinkageModel

REVIEW_CANDIDATES = 3  # the best residents shown side by side per record
WRITE_CHUNK = 2000  # rows per set-based statement


class NothingToLink(BalaiError):
    code = "nothing_to_link"


def _pairs(result_pairs: pd.DataFrame) -> tuple[list[dict], list[dict]]:
    """Split scored pairs into staged↔resident and staged↔staged, ids unprefixed."""
    cross: list[dict] = []
    within: list[dict] = []
    for pair in result_pairs.to_dict("records"):
        left, right = str(pair["unique_id_l"]), str(pair["unique_id_r"])
        if left.startswith(RESIDENT_PREFIX):
            left, right = right, left
        if not left.startswith(STAGED_PREFIX):
            continue  # resident↔resident: not this run's business
        item = {
            "staged": left.removeprefix(STAGED_PREFIX),
            "probability": float(pair["match_probability"]),
            "weight": float(pair["match_weight"]),
            "comparisons": list(pair.get("comparisons") or []),
            "capped": bool(pair.get("capped", False)),
        }
        if right.startswith(RESIDENT_PREFIX):
            item["resident"] = right.removeprefix(RESIDENT_PREFIX)
            cross.append(item)
        else:
            item["other"] = right.removeprefix(STAGED_PREFIX)
            within.append(item)
    return cross, within


def _clusters(
    within: list[dict], rows: dict[str, int], classify: Any
) -> dict[str, str]:
    """Record id → the first row (lowest row number) of its within-batch cluster.

    Automatic pairs join clusters strongest first, but two clusters join only when
    every pair across them was scored at or above the review threshold and none was
    capped by the household rule: A–B and B–C strong with A–C weak (or never even
    compared) keeps A and C apart, so no chain joins two people through a third.
    """
    scored: dict[frozenset[str], bool] = {}
    for pair in within:
        key = frozenset((pair["staged"], pair["other"]))
        scored[key] = scored.get(key, True) and not pair.get("capped", False)
    head: dict[str, str] = {node: node for node in rows}
    members: dict[str, list[str]] = {node: [node] for node in rows}
    strong = sorted(
        (p for p in within if classify(p["probability"]) == "auto"),
        key=lambda p: (-p["probability"], rows[p["staged"]], rows[p["other"]]),
    )
    for pair in strong:
        a, b = head[pair["staged"]], head[pair["other"]]
        if a == b:
            continue
        if not all(
            scored.get(frozenset((x, y)), False) for x in members[a] for y in members[b]
        ):
            continue
        first, second = sorted((a, b), key=lambda node: rows[node])
        for node in members.pop(second):
            head[node] = first
            members[first].append(node)
    return {node: first for node, first in head.items() if first != node}


def _batch_candidates(
    within: list[dict], heads: dict[str, str], rows: dict[str, int]
) -> dict[str, list[dict]]:
    """Later cluster head → its scored pairs with earlier heads (one per head, best).

    Every same-batch pair at or above the review threshold whose records did not end
    up in one cluster becomes a candidate on the later row's head, naming the earlier
    row's head, exactly like a batch-to-register pair names a resident.
    """
    best: dict[tuple[str, str], dict] = {}
    for pair in within:
        a = heads.get(pair["staged"], pair["staged"])
        b = heads.get(pair["other"], pair["other"])
        if a == b:
            continue
        earlier, later = sorted((a, b), key=lambda node: rows[node])
        key = (later, earlier)
        if key not in best or pair["probability"] > best[key]["probability"]:
            best[key] = {**pair, "staged": later, "other": earlier}
    out: dict[str, list[dict]] = defaultdict(list)
    for (later, _earlier), pair in best.items():
        out[later].append(pair)
    return out


def _comparisons(items: list[dict]) -> list[dict]:
    return [
        {
            "comparison": str(item.get("comparison", "")),
            "label": str(item.get("label", "")),
            "weight": round(float(item.get("weight", 0.0)), 3),
        }
        for item in items
    ]


@dataclass
class _Plan:
    """What a run decided, before anything is written."""

    counts: dict[str, int] = field(
        default_factory=lambda: {"linked": 0, "review": 0, "new": 0, "duplicates": 0}
    )
    status: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    duplicate_of: dict[str, str] = field(default_factory=dict)
    candidates: list[MatchCandidate] = field(default_factory=list)
    links: list[tuple[str, str, MatchCandidate]] = field(default_factory=list)


def _plan(
    run: LinkageRun,
    ordered: list[str],
    heads: dict[str, str],
    by_record: dict[str, list[dict]],
    in_batch: dict[str, list[dict]],
    classify: Any,
) -> _Plan:
    """Every record's outcome and candidates, decided in memory (see the module).

    Residents and earlier records of the same batch are candidates alike: the best
    three of each kind are kept; a record links automatically only to a single
    resident above the upper threshold, and waits for review when any candidate of
    either kind is left in the review band.
    """
    plan = _Plan()
    for pk, head in heads.items():
        plan.duplicate_of[pk] = head
        plan.counts["duplicates"] += 1
    for pk in ordered:
        if pk not in by_record and pk not in in_batch:  # most records: no pair at all
            plan.status[StagedStatus.NEW].append(pk)
            plan.counts["new"] += 1
            continue
        pairs = sorted(
            by_record.get(pk, ()), key=lambda p: p["probability"], reverse=True
        )
        pairs = [p for p in pairs if classify(p["probability"]) != "new"]
        others = sorted(
            in_batch.get(pk, []), key=lambda p: p["probability"], reverse=True
        )
        if not pairs and not others:
            plan.status[StagedStatus.NEW].append(pk)
            plan.counts["new"] += 1
            continue
        ambiguous = len(pairs) > 1 and classify(pairs[1]["probability"]) == "auto"
        auto = bool(pairs) and classify(pairs[0]["probability"]) == "auto"
        auto = auto and not ambiguous
        for index, pair in enumerate(pairs[:REVIEW_CANDIDATES]):
            candidate = _candidate(run, pk, pair, resident=pair["resident"])
            if auto and index == 0:
                candidate.decision = CandidateDecision.AUTO
                candidate.decided_at = run.created_at
                plan.links.append((pk, pair["resident"], candidate))
            elif auto:
                _set_aside(candidate, run, _("Another resident was chosen."))
            plan.candidates.append(candidate)
        for pair in others[:REVIEW_CANDIDATES]:
            candidate = _candidate(run, pk, pair, other=pair["other"])
            if auto:
                _set_aside(candidate, run, _("The record was linked to a resident."))
            plan.candidates.append(candidate)
        if auto:
            plan.counts["linked"] += 1
        else:
            plan.status[StagedStatus.REVIEW].append(pk)
            plan.counts["review"] += 1
    return plan


def _candidate(
    run: LinkageRun,
    staged: str,
    pair: dict,
    *,
    resident: str | None = None,
    other: str | None = None,
) -> MatchCandidate:
    return MatchCandidate(
        run=run,
        staged_id=staged,
        resident_id=resident,
        other_id=other,
        match_probability=pair["probability"],
        match_weight=pair["weight"],
        comparisons=_comparisons(pair["comparisons"]),
    )


def _set_aside(candidate: MatchCandidate, run: LinkageRun, reason: str) -> None:
    candidate.decision = CandidateDecision.REJECTED
    candidate.decided_at = run.created_at
    candidate.reason = reason


def _chunks(items: list[Any], size: int = WRITE_CHUNK) -> Any:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _provenance_value(value: Any) -> str:
    """A frame cell as provenance text ("" for None/NaN)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def _update_records(
    plan: _Plan, rows: dict[str, int], now: Any
) -> list[tuple[str, str, str | None]]:
    """The staged records' outcomes, each record written once, by its key alone.

    Records that only change status (new, review) go set-based, one UPDATE per chunk;
    duplicates (their head and, when the head was linked, its resident) and records
    linked to a resident take their own values in one prepared UPDATE per row
    (``update_rows``). The filter is the key alone: with ``batch_id = %s`` next to
    the keys SQLite walked the batch's index, every row of the batch per statement
    (a 200,000-record batch spent ~25 s there). Rows go in file order (``rows``,
    record → row number), the order they were stored in: half the time of a random
    order on SQLite. Returns the duplicates as ``(record, head, resident or None)``,
    grouped by head."""
    for status, pks in plan.status.items():
        for chunk in _chunks(pks):
            update_keys(StagedRecord, chunk, {"status": status, "updated_at": now})
    linked_heads = {pk: resident for pk, resident, _c in plan.links}
    by_head: dict[str, list[str]] = defaultdict(list)
    for pk, head in plan.duplicate_of.items():
        by_head[head].append(pk)
    followers = [  # a duplicate follows its head to the resident
        (pk, head, linked_heads.get(head))
        for head, pks in by_head.items()
        for pk in pks
    ]
    duplicates = [
        (
            pk,
            StagedStatus.DUPLICATE if resident is None else StagedStatus.LINKED,
            head,
            resident,
            now,
        )
        for pk, head, resident in sorted(followers, key=lambda f: rows[f[0]])
    ]
    for chunk in _chunks(duplicates):
        update_rows(
            StagedRecord,
            ("status", "duplicate_of_id", "resident_id", "updated_at"),
            chunk,
        )
    links = [
        (pk, StagedStatus.LINKED, resident, now)
        for pk, resident, _ in sorted(plan.links, key=lambda link: rows[link[0]])
    ]
    for chunk in _chunks(links):
        update_rows(StagedRecord, ("status", "resident_id", "updated_at"), chunk)
    return followers


def _write(
    batch: ImportBatch,
    run: LinkageRun,
    plan: _Plan,
    staged: pd.DataFrame,
    rows: dict[str, int],
    actor: Any,
) -> None:
    """The plan in set-based writes: one statement per chunk and kind, never one
    save per record (candidates, statuses, duplicates, merges, provenance, audit)."""
    now = timezone.now()
    insert_rows(MatchCandidate, plan.candidates, now)
    followers = _update_records(plan, rows, now)
    merged: list[tuple[str, str, MatchCandidate | None]] = [*plan.links]
    merged += [
        (pk, resident, None)
        for pk, _head, resident in followers
        if resident is not None
    ]
    position = {uid: index for index, uid in enumerate(staged["unique_id"])}
    values = {
        name: staged[name].tolist() if name in staged.columns else None
        for name in PROVENANCE_FIELDS
    }
    merges: list[Merge] = []
    provenance: list[FieldProvenance] = []
    for pk, resident, candidate in merged:
        merge = Merge(
            candidate=candidate,
            staged_id=pk,
            resident_id=resident,
            automatic=True,
            filled=[],
        )
        merges.append(merge)
        row = position[STAGED_PREFIX + pk]
        for name in PROVENANCE_FIELDS:
            column = values[name]
            text = _provenance_value(None if column is None else column[row])
            if text:
                provenance.append(
                    FieldProvenance(
                        resident_id=resident,
                        field=name,
                        value=text,
                        source_id=batch.source_id,
                        staged_id=pk,
                        merge=merge,
                        observed_at=batch.created_at,
                    )
                )
    insert_rows(Merge, merges, now)
    for chunk in _chunks(provenance):
        insert_rows(FieldProvenance, chunk, now)
    if merges:
        record_many(
            actor=actor,
            action="integration.merge",
            subject_ids=sorted({str(merge.resident_id) for merge in merges}),
            object_type="registry.resident",
            purpose=f"integration {batch.source.code}",
        )


def batch_link(
    batch: ImportBatch,
    *,
    actor: Any = None,
    model: LinkageModel | None = None,
) -> LinkageRun:
    """Link the batch's waiting records; returns the run with its counts."""
    from balai.registry.integration import linkage  # DuckDB and Splink load lazily

    if batch.status not in (BatchStatus.STAGED, BatchStatus.LINKED):
        raise NothingToLink(_("This batch has not finished staging yet."))
    model = model or linkage.load_model()
    started, cpu = time.perf_counter(), time.process_time()
    staged = staged_frame(batch)
    if staged.empty:
        raise NothingToLink(_("No records of this batch are waiting for linkage."))
    phases = {"frame": time.perf_counter() - started}
    cpus = {"frame": time.process_time() - cpu}
    register = register_frame(staged)
    phases["register"] = time.perf_counter() - started - sum(phases.values())
    cpus["register"] = time.process_time() - cpu - sum(cpus.values())
    result = linkage.link(staged, register, model)
    phases["engine"] = time.perf_counter() - started - sum(phases.values())
    cpus["engine"] = time.process_time() - cpu - sum(cpus.values())
    cross, within = _pairs(result.pairs)

    rows = {
        key_text(pk): number
        for pk, number in StagedRecord.objects.filter(
            batch=batch, status=StagedStatus.STAGED
        )
        .annotate(key=raw_key())
        .values_list("key", "row_number")
    }
    within = [p for p in within if p["staged"] in rows and p["other"] in rows]
    heads = _clusters(within, rows, result.classify)
    in_batch = _batch_candidates(within, heads, rows)
    by_record: dict[str, list[dict]] = defaultdict(list)
    for pair in cross:
        if pair["staged"] in rows:
            by_record[pair["staged"]].append(pair)
    ordered = sorted((pk for pk in rows if pk not in heads), key=lambda pk: rows[pk])

    with transaction.atomic():
        run = LinkageRun.objects.create(
            batch=batch,
            model_version=model.version,
            upper_threshold=model.upper,
            lower_threshold=model.lower,
            model_card=result.card,
        )
        plan = _plan(run, ordered, heads, by_record, in_batch, result.classify)
        _write(batch, run, plan, staged, rows, actor)
        for name, value in plan.counts.items():
            setattr(run, name, value)
        run.seconds = round(time.perf_counter() - started, 3)
        phases["decide_write"] = run.seconds - sum(phases.values())
        cpus["decide_write"] = time.process_time() - cpu - sum(cpus.values())
        logger.info(  # where a run's time goes (docs/linkage.md, measured figures);
            # CPU: this process's threads (DuckDB's too), not a decrypting pool's
            "integration.link.phases batch=%s records=%d %s cpu %s",
            batch.pk,
            len(staged),
            " ".join(f"{name}={value:.1f}s" for name, value in phases.items()),
            " ".join(f"{name}={value:.1f}s" for name, value in cpus.items()),
        )
        run.finished_at = timezone.now()
        run.save()
        batch.status = BatchStatus.LINKED
        batch.save(update_fields=["status", "updated_at"])
        audit.record(
            actor=actor,
            action="integration.link",
            target=batch,
            purpose=f"integration {batch.source.code}",
            changes=sorted(k for k, v in plan.counts.items() if v),
        )
    return run


__all__ = ["NothingToLink", "batch_link"]
