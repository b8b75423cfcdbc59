# SPDX-License-Identifier: EUPL-1.2
"""The classifier without Django: features, reproducible training, artefacts."""

from __future__ import annotations

import numpy as np
import pytest

from balai.sentiment.ml import classifier, data, training
from balai.sentiment.ml.features import is_sarcasm_marked, markers, prepare
from balai.sentiment.ml.model import LABELS, TunedModel


def _small() -> data.Dataset:
    """Balai's own training examples plus, when the shared data is here, 200 SmSA
    rows; always the same rows in the same order."""
    dataset = data.public_service("train")
    try:
        root = data.data_dir()
    except data.DataMissing:
        return dataset
    smsa = data.smsa("train", root)
    head = data.Dataset("smsa-head", smsa.texts[:200], smsa.labels[:200])
    return head + dataset


def test_prepare_normalises_marks_negation_and_adds_markers():
    assert prepare("pelayanannya gak ramah bgt") == (
        "pelayanannya tidak tidak_ramah tidak_banget"
    )
    assert "__quote__" in prepare('"segera ditindaklanjuti" katanya. udah setahun')
    assert "__irony__" in prepare('"segera ditindaklanjuti" katanya. udah setahun')


def test_sarcasm_markers():
    assert is_sarcasm_marked("hebat, antre 5 jam cuma buat tanda tangan")
    assert is_sarcasm_marked("makasih lho pemkot, jalan rusak jadi kolam")
    assert not is_sarcasm_marked("petugasnya ramah dan cepat")
    tokens = ["antre", "5", "jam", "haha"]
    assert "__duration__" in markers("antre 5 jam haha", tokens)
    assert "__laugh_complaint__" in markers("antre 5 jam haha", tokens)


def test_training_is_reproducible():
    dataset = _small()
    first = training.train(dataset, version="t1")
    second = training.train(dataset, version="t2")
    assert first.fingerprint() == second.fingerprint()
    probe = data.public_service("heldout").texts
    assert first.labels(probe) == second.labels(probe)
    np.testing.assert_array_equal(
        first.probabilities(probe), second.probabilities(probe)
    )
    assert first.card["data_digest"] == second.card["data_digest"]


def test_different_data_gives_a_different_model():
    dataset = _small()
    other = data.Dataset(
        "fewer", dataset.texts[:-20], dataset.labels[:-20], domain=dataset.domain - 20
    )
    assert training.train(dataset).fingerprint() != training.train(other).fingerprint()


def test_predictions_carry_label_score_probabilities_and_uncertainty():
    model = training.train(_small())
    [confident, *_rest] = model.predict(["pelayanannya cepat dan ramah, mantap"])
    assert confident.label in LABELS
    assert set(confident.probabilities) == set(LABELS)
    assert sum(confident.probabilities.values()) == pytest.approx(1.0, abs=1e-3)
    assert 0 <= confident.uncertainty <= 1
    assert confident.score == max(confident.probabilities.values())
    assert model.predict([]) == []


def test_domain_rows_are_weighted_and_corrections_come_last(tmp_path):
    dataset = data.public_service("train") + data.Dataset(
        "corrections", ["antrean parah"], ["negative"], domain=1
    )
    weights = training.sample_weights(dataset)
    assert weights == [training.DOMAIN_WEIGHT] * len(dataset)
    with pytest.raises(ValueError, match="domain rows must come last"):
        _ = dataset + data.Dataset("general", ["x"], ["neutral"])


def test_save_and_load_round_trip(tmp_path):
    model = training.train(_small(), version="round-trip")
    classifier.save(model, tmp_path)
    loaded = classifier.load(directory=tmp_path)
    probe = ["jalan rusak belum diperbaiki", "terima kasih petugas"]
    assert loaded.labels(probe) == model.labels(probe)
    assert loaded.version == "round-trip"


def test_the_shipped_fast_model_loads_and_has_a_card():
    model = classifier.load()
    card = classifier.read_card()
    assert card["models"]["fast"]["weights_fingerprint"] == model.fingerprint()
    assert card["models"]["fast"]["evaluation"]["smsa-test"]["macro_f1"] > 75
    labels = model.labels(
        [
            "antre dari pagi sampai sore, petugasnya jutek 😡",
            "terima kasih, ktp saya jadi dalam sehari, pelayanannya ramah",
            "jam berapa kantor dukcapil buka hari sabtu?",
        ]
    )
    assert labels == ["negative", "positive", "neutral"]


def test_public_service_data_has_a_held_out_split_never_trained_on():
    train = data.public_service("train")
    held = data.public_service("heldout")
    assert len(train) + len(held) >= 300
    assert not set(train.texts) & set(held.texts)
    assert set(held.labels) == set(LABELS)


def test_the_shipped_quality_model_is_the_tuned_encoder_and_meets_the_goal():
    model = classifier.load(quality=True)
    card = classifier.read_card()["models"]["quality"]
    assert isinstance(model, TunedModel)
    assert card["weights_fingerprint"] == model.fingerprint()
    assert card["evaluation"]["smsa-test"]["macro_f1"] >= 85.0  # issue #18's goal
    assert card["fine_tuning"]["epochs"] == training.TUNED_EPOCHS
    assert model.alpha == training.TUNED_ALPHA
    labels = model.labels(
        [
            "antre dari pagi sampai sore, petugasnya jutek 😡",
            "terima kasih, ktp saya jadi dalam sehari, pelayanannya ramah",
            "jam berapa kantor dukcapil buka hari sabtu?",
            "hebat ya, aplikasinya error terus dari kemarin",
        ]
    )
    assert labels == ["negative", "positive", "neutral", "negative"]
