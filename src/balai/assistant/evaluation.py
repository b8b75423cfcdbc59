# SPDX-License-Identifier: EUPL-1.2
"""``balai assistant evaluate``: intent accuracy and macro-F1, service accuracy, a
per-style breakdown, the confusion matrix, fallback rate and latency p50/p95 over a
JSONL file of ``{"text", "intent", "service", "style"?}`` lines.

Each line is answered as a new conversation by the full dialogue (understanding and
reply), so latency covers what a caller waits for, without HTTP.
"""

from __future__ import annotations

import json
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from balai.assistant.constants import INTENTS, ErrorCode
from balai.core.errors import BalaiError


@dataclass(frozen=True)
class Case:
    text: str
    intent: str
    service: str | None
    style: str


@dataclass
class Result:
    total: int = 0
    intent_accuracy: float = 0.0
    macro_f1: float = 0.0
    service_accuracy: float = 0.0
    fallback_rate: float = 0.0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    per_style: dict[str, dict[str, float]] = field(default_factory=dict)
    per_intent: dict[str, dict[str, float]] = field(default_factory=dict)
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in vars(self).items() if k != "errors"}


def read_cases(path: Path) -> list[Case]:
    cases = []
    try:
        lines = path.read_text("utf-8").splitlines()
    except OSError as exc:
        raise BalaiError(str(exc), code=ErrorCode.BAD_EVALUATION_FILE) from exc
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            cases.append(
                Case(
                    text=str(row["text"]),
                    intent=str(row["intent"]),
                    service=row.get("service") or None,
                    style=str(row.get("style") or "-"),
                )
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise BalaiError(
                f"line {number}: needs JSON with text, intent and service",
                code=ErrorCode.BAD_EVALUATION_FILE,
            ) from exc
    return cases


def _f1(
    gold: list[str], predicted: list[str]
) -> tuple[float, dict[str, dict[str, float]]]:
    per: dict[str, dict[str, float]] = {}
    for label in INTENTS:
        tp = sum(g == p == label for g, p in zip(gold, predicted, strict=True))
        fp = sum(
            p == label and g != label for g, p in zip(gold, predicted, strict=True)
        )
        fn = sum(
            g == label and p != label for g, p in zip(gold, predicted, strict=True)
        )
        if tp + fp + fn == 0:
            continue
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = (
            2 * precision * recall / (precision + recall) if precision + recall else 0.0
        )
        per[label] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "support": float(tp + fn),
        }
    macro = sum(v["f1"] for v in per.values()) / len(per) if per else 0.0
    return round(macro, 4), per


def _percentile(values: list[float], fraction: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return round(ordered[index], 2)


def evaluate(cases: list[Case], *, user: Any = None) -> Result:
    from balai.assistant.dialogue import respond

    result = Result(total=len(cases))
    if not cases:
        return result
    respond("halo")  # load the model and build the index outside the timings
    gold, predicted, times = [], [], []
    services_right = fallbacks = 0
    styles: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    for case in cases:
        started = time.perf_counter()
        reply = respond(case.text, user=user)
        times.append((time.perf_counter() - started) * 1000)
        intent_ok = reply.intent == case.intent
        service_ok = (reply.service or None) == case.service
        gold.append(case.intent)
        predicted.append(reply.intent)
        services_right += service_ok
        fallbacks += reply.fallback
        styles[case.style].append((intent_ok, service_ok))
        confusion[case.intent][reply.intent] += 1
        if not (intent_ok and service_ok):
            result.errors.append(
                {
                    "text": case.text,
                    "intent": case.intent,
                    "got_intent": reply.intent,
                    "service": case.service,
                    "got_service": reply.service,
                    "confidence": reply.confidence,
                }
            )
    total = len(cases)
    result.intent_accuracy = round(
        sum(g == p for g, p in zip(gold, predicted, strict=True)) / total, 4
    )
    result.macro_f1, result.per_intent = _f1(gold, predicted)
    result.service_accuracy = round(services_right / total, 4)
    result.fallback_rate = round(fallbacks / total, 4)
    result.p50_ms = _percentile(times, 0.5)
    result.p95_ms = _percentile(times, 0.95)
    result.per_style = {
        style: {
            "n": float(len(rows)),
            "intent_accuracy": round(sum(r[0] for r in rows) / len(rows), 4),
            "service_accuracy": round(sum(r[1] for r in rows) / len(rows), 4),
        }
        for style, rows in sorted(styles.items())
    }
    result.confusion = {g: dict(row) for g, row in confusion.items()}
    return result


def format_result(result: Result, *, errors: int = 0) -> str:
    lines = [
        f"messages          {result.total}",
        f"intent accuracy   {result.intent_accuracy:.3f}",
        f"intent macro-F1   {result.macro_f1:.3f}",
        f"service accuracy  {result.service_accuracy:.3f}",
        f"fallback rate     {result.fallback_rate:.3f}",
        f"latency p50/p95   {result.p50_ms:.1f} / {result.p95_ms:.1f} ms",
        "",
        "per style         n   intent  service",
    ]
    for style, row in result.per_style.items():
        lines.append(
            f"  {style:<14}{int(row['n']):>4}   {row['intent_accuracy']:.3f}   "
            f"{row['service_accuracy']:.3f}"
        )
    lines += ["", "per intent             P      R      F1   n"]
    for intent, row in result.per_intent.items():
        lines.append(
            f"  {intent:<19}{row['precision']:.3f}  {row['recall']:.3f}  "
            f"{row['f1']:.3f}  {int(row['support'])}"
        )
    present = [
        i
        for i in INTENTS
        if i in result.confusion or any(i in r for r in result.confusion.values())
    ]
    short = {i: i[:6] for i in present}
    lines += ["", "confusion (rows: expected, columns: answered)"]
    lines.append(" " * 20 + " ".join(f"{short[i]:>6}" for i in present))
    for gold in present:
        counts = result.confusion.get(gold, {})
        cells = " ".join(f"{counts.get(i, 0):>6}" for i in present)
        lines.append(f"  {gold:<18}{cells}")
    if errors and result.errors:
        lines += ["", f"first {min(errors, len(result.errors))} errors"]
        for error in result.errors[:errors]:
            lines.append(
                f"  {error['text']!r}: {error['intent']}/{error['service']} → "
                f"{error['got_intent']}/{error['got_service']} ({error['confidence']})"
            )
    return "\n".join(lines)
