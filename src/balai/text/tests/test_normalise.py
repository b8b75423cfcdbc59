# SPDX-License-Identifier: EUPL-1.2
import pytest

from balai import text
from balai.text.normalise import normalise_word


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("bagusss", "bagus"),
        ("mantaaap", "mantap"),
        ("BAGUSSSS BANGETTT", "bagus banget"),
        ("saat itu maaf", "saat itu maaf"),
        ("menunggu tunggu tinggi", "menunggu tunggu tinggi"),
        ("lamaaa bgt", "lama banget"),
        ("kereeen", "keren"),
        ("hmmmmm", "hm"),
    ],
)
def test_elongation_collapses_without_breaking_real_double_letters(raw, expected):
    assert text.normalise(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("yg", "yang"),
        ("gak", "tidak"),
        ("ga", "tidak"),
        ("nggak", "tidak"),
        ("enggak", "tidak"),
        ("tdk", "tidak"),
        ("udh", "sudah"),
        ("blm", "belum"),
        ("bgt", "banget"),
        ("kmrn", "kemarin"),
        ("skrg", "sekarang"),
        ("dmn", "di mana"),
        ("gmn", "bagaimana"),
        ("knp", "kenapa"),
        ("bikin", "membuat"),
        ("akte", "akta"),
        ("antri", "antre"),
        ("tp", "tetapi"),
        ("ngeliat", "melihat"),  # from IndoCollex itself
    ],
)
def test_slang_and_abbreviations_expand(raw, expected):
    assert text.normalise(raw) == expected


def test_slang_can_be_switched_off():
    assert text.normalise("yg gak bagusss", slang=False) == "yg gak bagus"


def test_keep_case_keeps_words_not_rewritten():
    assert text.normalise("Dukcapil Bandung yg cepat", keep_case=True) == (
        "Dukcapil Bandung yang cepat"
    )


def test_urls_mentions_and_emails_become_placeholders():
    out = text.normalise(
        "@dukcapil_bdg cek https://t.co/AbC123 atau www.bandung.go.id/layanan, "
        "email ke warga.kita@example.com"
    )
    assert out == "<user> cek <url> atau <url> , email ke <email>"


def test_emot_placeholders_are_understood():
    assert text.normalise("[USERNAME] lihat [URL]") == "<user> lihat <url>"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("#PelayananPublik", "pelayanan publik"),
        ("#KTPElektronik2024", "ktp elektronik 2024"),
        ("#pelayananpublik", "pelayanan publik"),
        ("#zxqvbnm", "zxqvbnm"),
    ],
)
def test_hashtags_are_split(raw, expected):
    assert text.normalise(raw) == expected


def test_emoji_and_emoticons_become_tokens():
    assert text.normalise("mantap 👍👍 tapi antre 😡 :(") == (
        "mantap <emo_good> <emo_good> tapi antre <emo_angry> <emo_sad>"
    )
    assert text.normalise("ok 👍🏽") == "ok <emo_good>"  # skin tone dropped
    assert text.normalise("🦜") == "<emo_other>"


def test_laughter_and_reduplication():
    assert text.normalise("wkwkwkwk hahaha") == "haha haha"
    assert text.normalise("hati2 antre2") == "hati-hati antre-antre"


def test_punctuation_is_split_and_runs_collapse():
    assert text.normalise("Lama!!! Kenapa??") == "lama ! kenapa ?"


def test_nfkc_and_html_entities():
    assert text.normalise("ｂａｇｕｓ &amp; ramah") == "bagus & ramah"


def test_english_text_is_not_rewritten_by_the_slang_lexicon():
    # IndoCollex maps "is"→"adalah", "it"→"itu": never applied to English text.
    assert text.normalise("It is slow and the staff is rude") == (
        "it is slow and the staff is rude"
    )


def test_empty_and_odd_input():
    assert text.normalise("") == ""
    assert text.normalise("   ") == ""
    assert text.normalise("!!!") == "!"
    assert text.normalise("bagu" + "s" * 5000) == "bagus"


def test_tokens_drop_punctuation_and_keep_placeholders():
    assert text.tokens("Gak bisa login!!! @bpjs 😡") == [
        "tidak", "bisa", "login", "<user>", "<emo_angry>",
    ]  # fmt: skip


def test_normalise_word_is_cached_and_pure():
    assert normalise_word("bgt") == normalise_word("bgt") == "banget"
