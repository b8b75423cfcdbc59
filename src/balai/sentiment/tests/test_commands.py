# SPDX-License-Identifier: EUPL-1.2
import json
import sys
from io import StringIO

from django.core.management import CommandError, call_command

import pytest

from balai.sentiment.ml import data, training
from balai.sentiment.models import Post, Topic


@pytest.mark.parametrize("fast", [False, True])
def test_classify_writes_one_line_per_input_line(tmp_path, fast):
    source = tmp_path / "in.jsonl"
    lines = [
        {"id": 7, "text": "pelayanannya cepat dan ramah, terima kasih"},
        {"id": "b", "text": "aplikasi error terus dari pagi, kecewa"},
        {"id": "c", "text": ""},
    ]
    source.write_text("\n".join(json.dumps(line) for line in lines) + "\n\n")
    target = tmp_path / "out" / "labels.jsonl"
    out = StringIO()
    extra = ["--fast"] if fast else []
    call_command(
        "sentiment", "classify", str(source), "--output", str(target), *extra,
        stdout=out,
    )  # fmt: skip
    rows = [json.loads(line) for line in target.read_text().splitlines()]
    assert [r["id"] for r in rows] == [7, "b", "c"]
    assert [r["label"] for r in rows[:2]] == ["positive", "negative"]
    assert all(set(r) == {"id", "label", "score"} for r in rows)
    assert all(0 <= r["score"] <= 1 for r in rows)
    path = "fast" if fast else "quality"  # the quality model unless --fast
    assert f"3 posts classified by {path}-" in out.getvalue()


def test_classify_falls_back_to_the_fast_model_when_no_quality_model_is_installed(
    tmp_path, settings
):
    import shutil

    from balai.sentiment.ml import classifier

    models = tmp_path / "models"
    models.mkdir()
    shutil.copy(classifier.PACKAGED / classifier.FAST, models / classifier.FAST)
    settings.SENTIMENT_MODEL_DIR = str(models)
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text('{"id": 1, "text": "jalan rusak parah"}\n')
    out = StringIO()
    call_command(
        "sentiment", "classify", str(source), "--output", str(target), stdout=out
    )
    assert "1 posts classified by fast-" in out.getvalue()
    assert json.loads(target.read_text())["label"] == "negative"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"id": 1, "text": "ok"}\n{oops\n', "in.jsonl:2: not valid JSON"),
        ('{"text": "no id"}\n', "needs an object with an id"),
        ('{"id": 1, "text": 5}\n', "text must be a string"),
    ],
)
def test_classify_stops_on_a_bad_line_and_writes_nothing(tmp_path, content, message):
    source = tmp_path / "in.jsonl"
    source.write_text(content)
    target = tmp_path / "out.jsonl"
    with pytest.raises(CommandError, match=message):
        call_command("sentiment", "classify", str(source), "--output", str(target))
    assert not target.exists()


def test_classify_missing_file(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command(
            "sentiment",
            "classify",
            str(tmp_path / "x"),
            "--output",
            str(tmp_path / "y"),
        )


def test_evaluate_prints_macro_f1_confusion_and_anchors():
    try:
        data.data_dir()
    except data.DataMissing:
        pytest.skip("shared sentiment data not present")
    out = StringIO()
    call_command("sentiment", "evaluate", "--fast", stdout=out)
    text = out.getvalue()
    for name in ("smsa-test", "emot-test", "public-service-heldout"):
        assert f"{name}: macro-F1" in text
    assert (
        "confusion" in text and "IndoBERT-large" in text and "goal of issue #18" in text
    )


def test_evaluate_without_data_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="no smsa/ folder"):
        call_command("sentiment", "evaluate", "--data", str(tmp_path))


def _small_data(tmp_path):
    """The shared data files cut to their first rows, in the same layout."""
    try:
        root = data.data_dir()
    except data.DataMissing:
        pytest.skip("shared sentiment data not present")
    small = tmp_path / "data"
    for folder, names, keep in (
        ("smsa", ["train_preprocess.tsv"], 100),
        ("smsa", ["valid_preprocess.tsv"], 24),
        ("smsa", ["test_preprocess.tsv"], 24),
        ("emot", ["test_preprocess.csv"], 16),
    ):
        (small / folder).mkdir(parents=True, exist_ok=True)
        for name in names:
            lines = (root / folder / name).read_text(encoding="utf-8").splitlines()
            (small / folder / name).write_text("\n".join(lines[:keep]) + "\n", "utf-8")
    return small


@pytest.mark.django_db
def test_train_writes_models_that_evaluate_and_classify_use(tmp_path, monkeypatch):
    small = _small_data(tmp_path)
    # one epoch over ~170 texts: the command's path is the same as for SmSA's 12,000,
    # where fine-tuning takes about half an hour
    monkeypatch.setattr(training, "TUNED_EPOCHS", 1)
    shipped = data.public_service

    def a_sixth(split: str) -> data.Dataset:
        full = shipped(split)
        texts, labels = full.texts[::6], full.labels[::6]
        return data.Dataset(full.name, texts, labels, domain=len(texts))

    monkeypatch.setattr(data, "public_service", a_sixth)
    models = tmp_path / "models"
    out = StringIO()
    call_command(
        "sentiment", "train", "--quality", "--data", str(small), "--output",
        str(models), stdout=out,
    )  # fmt: skip
    card = json.loads((models / "card.json").read_text())
    assert set(card["models"]) == {"fast", "quality"}
    fast_f1 = card["models"]["fast"]["evaluation"]["smsa-test"]["macro_f1"]
    quality = card["models"]["quality"]
    assert quality["alpha"] == training.TUNED_ALPHA
    assert quality["fine_tuning"]["epochs"] == 1
    assert quality["fine_tuning"]["history"][0]["epoch"] == 1
    assert quality["examples"] == card["models"]["fast"]["examples"]
    again = StringIO()
    call_command(
        "sentiment", "evaluate", "--fast", "--data", str(small), "--model-dir",
        str(models), stdout=again,
    )  # fmt: skip
    assert f"smsa-test: macro-F1 {fast_f1:.1f}" in again.getvalue()
    tuned = StringIO()
    call_command(
        "sentiment", "evaluate", "--data", str(small), "--model-dir", str(models),
        stdout=tuned,
    )  # fmt: skip
    tuned_f1 = quality["evaluation"]["smsa-test"]["macro_f1"]
    assert f"smsa-test: macro-F1 {tuned_f1:.1f}" in tuned.getvalue()


@pytest.mark.django_db
def test_training_the_quality_model_without_pytorch_is_a_clear_error(
    tmp_path, monkeypatch
):
    small = _small_data(tmp_path)
    monkeypatch.setitem(sys.modules, "torch", None)  # as if it were not installed
    with pytest.raises(CommandError, match="fine-tuning needs PyTorch"):
        call_command(
            "sentiment", "train", "--quality", "--data", str(small), "--output",
            str(tmp_path / "models"), stdout=StringIO(),
        )  # fmt: skip


@pytest.mark.django_db
def test_import_topics_and_spikes_commands(tmp_path):
    source = tmp_path / "posts.jsonl"
    rows = [
        {"id": str(i), "text": f"antrean online dukcapil error lagi hari ke {i}"}
        for i in range(12)
    ] + [
        {
            "id": f"j{i}",
            "text": f"jalan berlubang di depan sekolah nomor {i} rusak parah",
        }
        for i in range(12)
    ]
    source.write_text("\n".join(json.dumps(r) for r in rows))
    out = StringIO()
    call_command("sentiment", "import", str(source), stdout=out)
    assert "24 posts imported" in out.getvalue()
    assert Post.objects.count() == 24
    call_command("sentiment", "topics", "--days", "30", stdout=out)
    assert Topic.objects.count() >= 1
    call_command("sentiment", "spikes", stdout=out)
    assert "new spike alerts" in out.getvalue()
    with pytest.raises(CommandError, match="--day must be"):
        call_command("sentiment", "spikes", "--day", "kemarin")
    with pytest.raises(CommandError):
        call_command("sentiment", "import", str(tmp_path / "missing.csv"))
