# SPDX-License-Identifier: EUPL-1.2
from django.utils import translation

import pytest

from balai.core.errors import BalaiError
from balai.sentiment.files import parse_upload
from balai.sentiment.privacy import pseudonymise


def test_pseudonyms_are_keyed_stable_and_not_the_handle(settings, tmp_path):
    first = pseudonymise("@Warga_Bdg", platform="x")
    assert first == pseudonymise("warga_bdg", platform="X")  # case and @ ignored
    assert len(first) == 64 and "warga" not in first
    assert first != pseudonymise("warga_bdg", platform="instagram")
    assert pseudonymise("", platform="x") == ""

    # another keyring (another installation) gives another pseudonym
    from balai.security.crypto.keyring import generate, reset_cache

    other = tmp_path / "other.json"
    other.write_text(generate().to_json())
    other.chmod(0o600)
    settings.KEYRING_FILE = str(other)
    reset_cache()
    assert pseudonymise("warga_bdg", platform="x") != first


def test_csv_and_jsonl_uploads_parse():
    rows = parse_upload(
        "posts.csv", b'ID,Text,Author\n1,antre lama,@a\n2,"bagus, cepat",@b\n'
    )
    assert rows == [
        {"id": "1", "text": "antre lama", "author": "@a"},
        {"id": "2", "text": "bagus, cepat", "author": "@b"},
    ]
    rows = parse_upload("posts.jsonl", b'{"id": 1, "text": "ok"}\n\n{"text": "x"}\n')
    assert [r["text"] for r in rows] == ["ok", "x"]


@pytest.mark.parametrize(
    ("name", "raw", "fragment"),
    [
        ("posts.txt", b"text\nx", "Upload a .csv or .jsonl file."),
        ("posts.csv", b"id,isi\n1,x\n", "header row with a text column"),
        ("posts.jsonl", b'{"text": "a"}\n{broken\n', "Line 2 is not valid JSON."),
        ("posts.jsonl", b"[1, 2]\n", "Line 1 is not a JSON object."),
        ("posts.csv", b"\xff\xfe\x00", "not UTF-8"),
        ("posts.jsonl", b"\n\n", "holds no posts"),
    ],
)
def test_bad_files_are_refused_with_a_reason(name, raw, fragment):
    with translation.override("en"), pytest.raises(BalaiError) as caught:
        parse_upload(name, raw)
    assert fragment in caught.value.message
