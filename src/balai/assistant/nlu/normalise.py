# SPDX-License-Identifier: EUPL-1.2
"""The assistant's view of a message: ``balai.text.normalise`` (slang, elongation,
emoji, English detection) plus a few service-desk spellings and typos, entities masked.

``prepare`` feeds the intent classifier, ``terms`` the retrieval index (content words
only, with service synonyms folded so "akte lahir" meets "akta kelahiran").
"""

from __future__ import annotations

import re
from functools import lru_cache

from balai import text as balai_text
from balai.assistant.nlu import entities

# Service-desk spellings, typos and contractions IndoCollex does not carry.
FIXES: dict[str, str] = {
    "brp": "berapa",
    "brapa": "berapa",
    "berpa": "berapa",
    "brpa": "berapa",
    "bayar": "bayar",
    "byr": "bayar",
    "biyaya": "biaya",
    "biaya2": "biaya",
    "syarat2": "syarat",
    "sarat": "syarat",
    "syrat": "syarat",
    "persyaratn": "persyaratan",
    "persaratan": "persyaratan",
    "pesyaratan": "persyaratan",
    "syaratnya": "syarat",
    "brkas": "berkas",
    "dokumn": "dokumen",
    "dokumen2": "dokumen",
    "lama": "lama",
    "lamanya": "lama",
    "brp lama": "berapa lama",
    "gmn": "bagaimana",
    "gimana": "bagaimana",
    "gmana": "bagaimana",
    "bgmn": "bagaimana",
    "gmna": "bagaimana",
    "caranya": "cara",
    "carany": "cara",
    "cra": "cara",
    "ngurus": "mengurus",
    "ngurusin": "mengurus",
    "urus": "mengurus",
    "bikin": "membuat",
    "bkin": "membuat",
    "buat": "membuat",
    "mbikin": "membuat",
    "akte": "akta",
    "akt": "akta",
    "ktp-el": "ktp",
    "e-ktp": "ktp",
    "ektp": "ktp",
    "ijin": "izin",
    "imb": "pbg",
    "permohonanku": "permohonan saya",
    "pengajuanku": "pengajuan saya",
    "laporanku": "laporan saya",
    "aduanku": "aduan saya",
    "tagihanku": "tagihan saya",
    "pajakku": "pajak saya",
    "mksh": "terima kasih",
    "makasih": "terima kasih",
    "makasi": "terima kasih",
    "trims": "terima kasih",
    "thx": "thanks",
    "tq": "terima kasih",
    "ty": "thanks",
    "hlo": "halo",
    "hallo": "halo",
    "hai": "halo",
    "hi": "halo",
    "hy": "halo",
    "pgn": "ingin",
    "pengen": "ingin",
    "pingin": "ingin",
    "mo": "mau",
    "petugas2": "petugas",
    "cs": "petugas",
    "admin": "petugas",
    "operator": "petugas",
    "orng": "orang",
    "manusia": "orang",
    "sdh": "sudah",
    "blm": "belum",
    "udh": "sudah",
    "dmn": "di mana",
    "dimn": "di mana",
    "dmana": "di mana",
    "dimana": "di mana",
    "kpn": "kapan",
    "kapn": "kapan",
    "jln": "jalan",
    "jl": "jalan",
    "lampu2": "lampu",
    "sampah2": "sampah",
    "bolong": "berlubang",
    "lobang": "lubang",
    "bocor": "bocor",
    "tagihn": "tagihan",
    "tunggakn": "tunggakan",
    "nunggak": "tunggakan",
}
_MULTI = re.compile(r"\s+")

# Words that carry no topic (retrieval only; the classifier keeps them).
STOPWORDS = frozenset(
    """
    yang dan di ke dari ini itu untuk dengan ada akan saya aku kamu anda kami kita
    apa apakah bagaimana berapa kapan mana siapa mengapa kenapa bisa mau ingin
    tolong mohon dong sih ya kak pak bu min nya lah kah pun juga sudah belum tidak
    harus adalah atau jika kalau agar supaya tentang terima kasih halo selamat pagi
    siang sore malam the a an of to for in on is are do does how what when where
    which my i me can you please and or with about need get
    """.split()  # noqa: SIM905 (a word list)
)
# Folded for retrieval: both the texts indexed and the queries.
FOLD: dict[str, str] = {
    "kelahiran": "lahir",
    "melahirkan": "lahir",
    "birth": "lahir",
    "born": "lahir",
    "kematian": "mati",
    "meninggal": "mati",
    "death": "mati",
    "died": "mati",
    "perkawinan": "nikah",
    "pernikahan": "nikah",
    "menikah": "nikah",
    "kawin": "nikah",
    "marriage": "nikah",
    "persyaratan": "syarat",
    "requirements": "syarat",
    "requirement": "syarat",
    "documents": "dokumen",
    "document": "dokumen",
    "berkas": "dokumen",
    "biayanya": "biaya",
    "tarif": "biaya",
    "fee": "biaya",
    "fees": "biaya",
    "cost": "biaya",
    "retribusi": "biaya",
    "gratis": "biaya",
    "free": "biaya",
    "ongkos": "biaya",
    "duration": "lama",
    "long": "lama",
    "waktu": "lama",
    "days": "hari",
    "prosedur": "cara",
    "langkah": "cara",
    "steps": "cara",
    "apply": "cara",
    "procedure": "cara",
    "mendaftar": "cara",
    "daftar": "cara",
    "keluarga": "keluarga",
    "family": "keluarga",
}


@lru_cache(maxsize=8192)
def prepare(text: str) -> str:
    """Normalised, lower-case text for the classifier (entities as placeholders)."""
    masked = entities.mask(text.replace("?", " ? "))
    words = balai_text.normalise(masked).split()
    fixed = " ".join(FIXES.get(word, word) for word in words)
    return _MULTI.sub(" ", fixed).strip()


def terms(text: str) -> list[str]:
    """Content words of ``text`` for retrieval: normalised, folded, no stopwords."""
    out = []
    for word in prepare(text).split():
        if not any(ch.isalnum() for ch in word) or word in STOPWORDS:
            continue
        for part in word.split("-"):
            if part and part not in STOPWORDS:
                out.append(part)
                if part in FOLD:  # both: the word for n-grams, the fold for BM25
                    out.append(FOLD[part])
    return out
