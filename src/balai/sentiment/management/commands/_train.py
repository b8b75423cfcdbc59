# SPDX-License-Identifier: EUPL-1.2
"""The train and evaluate actions of ``balai sentiment``."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, OutputWrapper

from balai.sentiment.ml import classifier, data, evaluation, training


def _root(options: dict[str, Any]) -> Path:
    try:
        return data.data_dir(options.get("data") or settings.SENTIMENT_DATA_DIR or None)
    except data.DataMissing as exc:
        raise CommandError(str(exc)) from exc


def _report(
    out: OutputWrapper, model: Any, root: Path, options: dict[str, Any], started: float
) -> None:
    results = evaluation.evaluate(model, root)
    model.card["evaluation"] = {
        r.name: {"macro_f1": r.macro_f1, "accuracy": r.accuracy, "matrix": r.matrix}
        for r in results
    }
    model.card["seconds"] = round(time.perf_counter() - started, 1)
    out.write(evaluation.format_results(results, title=model.version))


def train(out: OutputWrapper, options: dict[str, Any]) -> None:
    root = _root(options)
    corrections: list[tuple[str, str]] = []
    if not options["no_corrections"]:
        from balai.sentiment.selectors import corrections_for_training

        corrections = corrections_for_training()
    dataset = training.training_data(root, corrections)
    out.write(
        f"training data: {dataset.name} — {len(dataset)} texts "
        f"({len(corrections)} officer corrections), digest {dataset.digest()}"
    )
    target = Path(options["output"]) if options["output"] else classifier.PACKAGED
    cards: dict[str, Any] = {}
    started = time.perf_counter()
    fast = training.train(dataset)
    _report(out, fast, root, options, started)
    classifier.save(fast, target)
    cards["fast"] = fast.card
    if options["quality"]:
        started = time.perf_counter()
        out.write(
            f"fine-tuning e5 on the same {len(dataset)} texts "
            f"({training.TUNED_EPOCHS} epochs, 8-12 minutes each on two cores)"
        )
        try:
            quality = training.train_tuned(fast, dataset)
        except RuntimeError as exc:  # PyTorch missing
            raise CommandError(str(exc)) from exc
        _report(out, quality, root, options, started)
        classifier.save(quality, target, quality=True)
        cards["quality"] = quality.card
    previous = classifier.read_card(target)
    previous.setdefault("models", {}).update(cards)
    classifier.save_card(previous, target)
    classifier.reset_cache()


def evaluate(out: OutputWrapper, options: dict[str, Any]) -> None:
    root = _root(options)
    directory = classifier.model_dir(
        options["model_dir"] or settings.SENTIMENT_MODEL_DIR or None
    )
    try:
        model = classifier.load(quality=not options["fast"], directory=directory)
    except FileNotFoundError as exc:
        raise CommandError(str(exc)) from exc
    results = evaluation.evaluate(model, root)
    out.write(evaluation.format_results(results, title=model.version))
