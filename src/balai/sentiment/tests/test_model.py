# SPDX-License-Identifier: EUPL-1.2
"""The classifier without Django: features, reproducible training, artefacts."""

from __future__ import annotations

import numpy as np
import pytest

from balai.sentiment.ml import classifier, data, training
from balai.sentiment.ml.features import is_sarcasm_marked, markers, prepare
from balai.sentiment.ml.model import LABELS


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


def test_quality_model_fuses_e5_embeddings_with_the_fast_model():
    fast = training.train(_small())
    train = data.public_service("train")
    texts, labels = train.texts[::4], train.labels[::4]  # ~66 texts: e5 is slow here
    subset = data.Dataset("subset", texts, labels, domain=len(texts))
    vectors = classifier.embed(subset.texts)
    assert vectors.shape == (len(texts), 384)
    quality = training.train_quality(fast, subset, vectors)
    probe = ["antre berjam-jam, petugasnya cuek", "terima kasih, cepat sekali"]
    embedded = classifier.embed(probe)
    fused = quality.probabilities(probe, embeddings=embedded)
    head_only = quality.head.predict_proba(embedded) / quality.priors
    head_only /= head_only.sum(axis=1, keepdims=True)
    expected = 0.5 * head_only + 0.5 * fast.probabilities(probe)
    np.testing.assert_allclose(fused, expected, rtol=1e-6)
    assert quality.labels(probe, embeddings=embedded) == ["negative", "positive"]
    with pytest.raises(ValueError, match="one embedding per text"):
        quality.probabilities(probe)
    again = training.train_quality(fast, subset, vectors)
    assert again.fingerprint() == quality.fingerprint()


def test_the_embedding_cache_is_kept_per_text_and_resumes_after_an_interruption(
    tmp_path,
):
    texts = [f"teks nomor {i}" for i in range(7)]
    dataset = data.Dataset("d", texts, ["neutral"] * 7)
    calls: list[list[str]] = []

    def fake_embed(batch):
        calls.append(list(batch))
        if len(calls) == 2:
            raise KeyboardInterrupt  # stopped while embedding the second block
        return _numbered(batch, [])

    with pytest.raises(KeyboardInterrupt):
        training.cached_embeddings(dataset, fake_embed, tmp_path, block=3)
    assert len(list(tmp_path.glob("block-*.npz"))) == 1  # the first block was kept
    calls.clear()
    vectors = training.cached_embeddings(
        dataset, lambda batch: _numbered(batch, calls), tmp_path, block=3
    )
    assert calls == [texts[3:6], texts[6:]]  # only what was missing
    assert vectors.shape == (7, 3)
    np.testing.assert_array_equal(vectors[:3, 1], [0, 1, 2])
    # another data set sharing texts reuses them; nothing is embedded again
    calls.clear()
    other = data.Dataset("o", [texts[5], texts[0]], ["neutral", "neutral"])
    again = training.cached_embeddings(other, lambda b: _numbered(b, calls), tmp_path)
    assert calls == []
    np.testing.assert_array_equal(again, vectors[[5, 0]])
    assert not list(tmp_path.glob("partial-*"))


def _numbered(batch, calls):
    calls.append(list(batch))
    return np.array([[len(t), i, 1.0] for i, t in enumerate(batch)], np.float32)


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


def test_the_e5_head_sees_every_smsa_training_row_unless_capped(tmp_path, monkeypatch):
    (tmp_path / "smsa").mkdir()
    train = [f"ulasan nomor {i}\tpositive" for i in range(5)]
    (tmp_path / "smsa" / "train_preprocess.tsv").write_text("\n".join(train) + "\n")
    (tmp_path / "smsa" / "valid_preprocess.tsv").write_text("jelek sekali\tnegative\n")
    balai = data.public_service("train")
    everything = training.e5_training_data(tmp_path)
    assert training.E5_SMSA_TRAIN_ROWS is None
    assert everything.texts[:6] == [f"ulasan nomor {i}" for i in range(5)] + [
        "jelek sekali"
    ]
    assert len(everything) == 6 + len(balai)
    assert everything.name.startswith("smsa-train+smsa-valid")
    monkeypatch.setattr(training, "E5_SMSA_TRAIN_ROWS", 3)
    capped = training.e5_training_data(tmp_path)
    assert capped.texts[:4] == [
        "ulasan nomor 0",
        "ulasan nomor 1",
        "ulasan nomor 2",
        "jelek sekali",
    ]
    assert capped.name.startswith("smsa-train[:3]+")
    assert capped.domain == len(balai)
