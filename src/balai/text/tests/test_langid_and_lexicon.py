# SPDX-License-Identifier: EUPL-1.2
import pytest

from balai import text
from balai.text import slang


@pytest.mark.parametrize(
    ("sample", "language"),
    [
        ("Pelayanan di kantor kelurahan sangat lambat", "id"),
        ("gak bisa login aplikasinya", "id"),
        ("Mengurus KTP memakan waktu berhari-hari", "id"),
        ("The online service has been down since morning", "en"),
        ("Thanks for the quick response, very helpful", "en"),
        ("Processing of my application is taking forever", "en"),
        ("", "id"),
        ("KTP", "id"),
    ],
)
def test_detect_language(sample, language):
    assert text.detect_language(sample) == language


def test_language_accuracy_on_a_mixed_sample():
    indonesian = [
        "antrean panjang sekali di samsat hari ini",
        "petugasnya ramah dan membantu",
        "jalan rusak belum diperbaiki sejak bulan lalu",
        "terima kasih pak lurah atas bantuannya",
        "kenapa bayar pbb online selalu gagal",
    ]
    english = [
        "the queue at the office was very long",
        "staff were friendly and helpful today",
        "why does the payment keep failing",
        "road repairs have not started yet",
        "thank you for fixing the street lights",
    ]
    assert [text.detect_language(s) for s in indonesian] == ["id"] * 5
    assert [text.detect_language(s) for s in english] == ["en"] * 5


def test_lexicon_merges_indocollex_and_the_supplement():
    lexicon = slang.lexicon()
    assert len(slang.indocollex()) > 2600
    assert lexicon["ngeliat"] == "melihat"  # IndoCollex
    assert lexicon["akte"] == "akta"  # supplement
    assert lexicon["bgt"] == "banget"  # supplement wins over IndoCollex's "sekali"
    assert "is" not in lexicon  # English word removed
    assert "anjay" not in lexicon  # coarse mapping removed
    assert all(key == key.lower() and value for key, value in lexicon.items())


def test_lexicon_is_read_only():
    with pytest.raises(TypeError):
        slang.lexicon()["baru"] = "x"  # type: ignore[index]


def test_the_indocollex_licence_ships_beside_the_file():
    from importlib import resources

    data = resources.files("balai.text").joinpath("data")
    assert "MIT" in data.joinpath("LICENSE-indocollex.txt").read_text("utf-8")
    assert data.joinpath("indocollex.tsv").is_file()


def test_no_django_needed():
    import subprocess
    import sys

    code = (
        "import sys; import balai.text as t; t.normalise('yg bagusss'); "
        "assert 'django' not in sys.modules, 'balai.text imported django'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
