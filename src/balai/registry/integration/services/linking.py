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

import time
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import pandas as pd

from balai.core.errors import BalaiError
from balai.registry.integration.constants import BatchStatus, StagedStatus
from balai.registry.integration.models import (
    ImportBatch,
    LinkageRun,
    MatchCandidate,
    StagedRecord,
)
from balai.registry.integration.services.frames import (
    RESIDENT_PREFIX,
    STAGED_PREFIX,
    register_frame,
    staged_frame,
)
from balai.registry.integration.services.merges import merge_perform
from balai.security import audit

if TYPE_CHECKING:
    from balai.registry.integration.linkage import LinkageModel

REVIEW_CANDIDATES = 3  # the best residents shown side by side per record


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
    started = time.perf_counter()
    staged = staged_frame(batch)
    if staged.empty:
        raise NothingToLink(_("No records of this batch are waiting for linkage."))
    register = register_frame(staged)
    result = linkage.link(staged, register, model)
    cross, within = _pairs(result.pairs)

    records = {
        str(record.pk): record
        for record in StagedRecord.objects.filter(
            batch=batch, status=StagedStatus.STAGED
        )
    }
    rows = {pk: record.row_number for pk, record in records.items()}
    within = [p for p in within if p["staged"] in rows and p["other"] in rows]
    heads = _clusters(within, rows, result.classify)
    in_batch = _batch_candidates(within, heads, rows)
    by_record: dict[str, list[dict]] = defaultdict(list)
    for pair in cross:
        if pair["staged"] in records:
            by_record[pair["staged"]].append(pair)

    with transaction.atomic():
        run = LinkageRun.objects.create(
            batch=batch,
            model_version=model.version,
            upper_threshold=model.upper,
            lower_threshold=model.lower,
            model_card=result.card,
        )
        counts = {"linked": 0, "review": 0, "new": 0, "duplicates": 0}
        for pk, head in heads.items():
            record = records[pk]
            record.status = StagedStatus.DUPLICATE
            record.duplicate_of_id = records[head].pk
            record.save(update_fields=["status", "duplicate_of", "updated_at"])
            counts["duplicates"] += 1
        ordered = sorted(
            (pk for pk in records if pk not in heads), key=lambda pk: rows[pk]
        )
        for pk in ordered:
            outcome = _decide_record(
                run,
                records[pk],
                by_record[pk],
                [(records[p["other"]], p) for p in in_batch.get(pk, [])],
                result.classify,
            )
            counts[outcome] += 1
        for name, value in counts.items():
            setattr(run, name, value)
        run.seconds = round(time.perf_counter() - started, 3)
        run.finished_at = timezone.now()
        run.save()
        batch.status = BatchStatus.LINKED
        batch.save(update_fields=["status", "updated_at"])
        audit.record(
            actor=actor,
            action="integration.link",
            target=batch,
            purpose=f"integration {batch.source.code}",
            changes=sorted(k for k, v in counts.items() if v),
        )
    return run


def _decide_record(
    run: LinkageRun,
    record: StagedRecord,
    pairs: list[dict],
    in_batch: list[tuple[StagedRecord, dict]],
    classify: Any,
) -> str:
    """Auto-link, queue for review or mark as a new-resident candidate.

    Residents and earlier records of the same batch are candidates alike: the best
    three of each kind are kept; the record links automatically only to a single
    resident above the upper threshold, and waits for review when any candidate of
    either kind is left in the review band.
    """
    pairs = sorted(pairs, key=lambda pair: pair["probability"], reverse=True)
    pairs = [p for p in pairs if classify(p["probability"]) != "new"]
    in_batch = sorted(in_batch, key=lambda item: item[1]["probability"], reverse=True)
    if not pairs and not in_batch:
        record.status = StagedStatus.NEW
        record.save(update_fields=["status", "updated_at"])
        return "new"
    candidates = [
        MatchCandidate.objects.create(
            run=run,
            staged=record,
            resident_id=pair["resident"],
            match_probability=pair["probability"],
            match_weight=pair["weight"],
            comparisons=_comparisons(pair["comparisons"]),
        )
        for pair in pairs[:REVIEW_CANDIDATES]
    ]
    for other, pair in in_batch[:REVIEW_CANDIDATES]:
        MatchCandidate.objects.create(
            run=run,
            staged=record,
            other=other,
            match_probability=pair["probability"],
            match_weight=pair["weight"],
            comparisons=_comparisons(pair["comparisons"]),
        )
    if pairs:
        best = pairs[0]
        ambiguous = len(pairs) > 1 and classify(pairs[1]["probability"]) == "auto"
        resident = candidates[0].resident
        if classify(best["probability"]) == "auto" and not ambiguous and resident:
            merge_perform(
                staged=record,
                resident=resident,
                candidate=candidates[0],
                automatic=True,
            )
            return "linked"
    record.status = StagedStatus.REVIEW
    record.save(update_fields=["status", "updated_at"])
    return "review"


__all__ = ["NothingToLink", "batch_link"]
