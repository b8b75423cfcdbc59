# SPDX-License-Identifier: EUPL-1.2
"""Which catalog service a message names: official names, the catalog's keywords and
the everyday names people use ("akte lahir", "bikin ktp", "imb", "surat miskin").

Phrases are matched on the normalised text, longest first; single words and pairs
also match with a typo (rapidfuzz ratio ≥ 90, five letters a word or more, names
only). Names score 3 (a quarter more per extra word), life-event
words ("lahir", "meninggal", "nikah") 1; the best-scoring slug wins, a tie is
ambiguous (None). Only slugs present in the loaded catalog are answered.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from balai.assistant.nlu.normalise import prepare

# everyday names → slug (normalised form: what ``prepare`` makes of them)
ALIASES: dict[str, tuple[str, ...]] = {
    "akta-kelahiran": (
        "akta lahir",
        "akta kelahiran",
        "surat lahir",
        "akta anak",
        "birth certificate",
        "akta kelahiran anak",
        "akta lahiran",
        "akta kelahran",
        "akta kelhiran",
        "akta klahiran",
        "akta lair",
        "akte lair",
        "register a birth",
        "new baby",
        "newborn",
        "baby",
        "bayi",
        "anak baru lahir",
        "akta bayi",
    ),
    "akta-kematian": (
        "akta kematian",
        "akta mati",
        "surat kematian",
        "akta meninggal",
        "death certificate",
        "register a death",
        "surat keterangan kematian",
        "akta kmatian",
        "akta kematin",
    ),
    "akta-perkawinan": (
        "akta perkawinan",
        "akta nikah",
        "akta kawin",
        "catat nikah",
        "catat perkawinan",
        "pencatatan perkawinan",
        "pencatatan nikah",
        "marriage certificate",
        "register a marriage",
        "akta pernikahan",
        "akta prkawinan",
    ),
    "ktp-el": (
        "ktp",
        "ktp el",
        "ktp elektronik",
        "kartu tanda penduduk",
        "identity card",
        "id card",
        "kartu identitas",
        "rekam ktp",
        "perekaman",
        "ktpnya",
        "ktp ku",
    ),
    "kartu-keluarga": (
        "kartu keluarga",
        "kk",
        "family card",
        "kk baru",
        "kknya",
        "kartu kk",
        "kartu keluaga",
        "kartu kluarga",
    ),
    "kia": (
        "kia",
        "kartu identitas anak",
        "kartu anak",
        "ktp anak",
        "child identity card",
        "child id card",
        "kartu identitas anak kia",
    ),
    "surat-pindah": (
        "surat pindah",
        "skpwni",
        "pindah domisili",
        "pindah alamat",
        "pindah rumah",
        "pindah kota",
        "pindah keluar",
        "moving out",
        "moving house",
        "move house",
        "relocation letter",
        "surat keterangan pindah",
        "mutasi penduduk",
        "pindahan",
    ),
    "surat-domisili": (
        "surat domisili",
        "keterangan domisili",
        "sk domisili",
        "skd",
        "surat keterangan domisili",
        "domisili",
        "proof of residence",
        "residence letter",
        "certificate of domicile",
        "surat tinggal",
    ),
    "sktm": (
        "sktm",
        "surat miskin",
        "surat tidak mampu",
        "keterangan tidak mampu",
        "surat keterangan tidak mampu",
        "keluarga tidak mampu",
        "orang tidak mampu",
        "certificate of low income",
        "low income letter",
        "poverty letter",
        "poverty certificate",
        "surat keterangan miskin",
    ),
    "nib": (
        "nib",
        "nomor induk berusaha",
        "izin usaha",
        "business license",
        "business licence",
        "business registration number",
        "oss",
        "izin dagang",
        "izin berusaha",
        "daftar usaha",
        "siup",
        "izin umkm",
        "umkm",
    ),
    "pbg": (
        "pbg",
        "persetujuan bangunan gedung",
        "izin mendirikan bangunan",
        "izin bangunan",
        "izin membangun",
        "izin bangun rumah",
        "building permit",
        "building approval",
        "simbg",
        "izin renovasi",
        "izin bangun",
    ),
    "izin-reklame": (
        "izin reklame",
        "reklame",
        "baliho",
        "billboard",
        "papan reklame",
        "spanduk",
        "papan nama",
        "signboard",
        "advertising permit",
        "iklan luar ruang",
        "neon box",
        "videotron",
        "pasang iklan",
    ),
    "pbb-p2": (
        "pbb",
        "pbb p2",
        "pajak bumi",
        "pajak bumi dan bangunan",
        "pajak tanah",
        "pajak rumah",
        "property tax",
        "land and building tax",
        "sppt",
        "nop",
        "nomornop",
        "pajak properti",
    ),
    "pengaduan": (
        "pengaduan",
        "aduan",
        "lapor",
        "laporan warga",
        "pengaduan warga",
        "complaint",
        "nomorlpr",
    ),
}
# life-event words: weaker evidence than a name
WEAK: dict[str, tuple[str, ...]] = {
    "akta-kelahiran": ("lahir", "kelahiran", "melahirkan", "birth", "born"),
    "akta-kematian": ("meninggal", "kematian", "wafat", "died", "death", "mati"),
    "akta-perkawinan": (
        "nikah",
        "menikah",
        "perkawinan",
        "kawin",
        "married",
        "marriage",
    ),
    "surat-pindah": ("pindah", "moving", "move"),
    "nib": ("usaha", "business", "berusaha", "dagang", "jualan"),
    "pbg": ("bangunan", "membangun", "renovasi", "gedung", "building"),
    "sktm": ("miskin", "tidak mampu", "beasiswa", "keringanan"),
}
# verbs of reporting: a report unless a life event is named ("melaporkan kematian")
REPORTING = ("melaporkan", "melapor", "mengadu", "mengadukan", "report", "reported")
STRONG, WEAK_SCORE, REPORTING_SCORE, LONGER = 3.0, 1.0, 0.9, 0.25
FUZZY_MIN = 90
FUZZY_MIN_LEN = 5


@dataclass(frozen=True)
class ServiceMatch:
    slug: str | None
    scores: dict[str, float]
    ambiguous: bool = False
    bare: bool = False  # the message is nothing but service names

    @property
    def strong(self) -> bool:
        """Named by a name or keyword, not only by a life-event word."""
        return bool(self.slug) and self.scores.get(self.slug or "", 0.0) >= STRONG - 0.5


@lru_cache(maxsize=1)
def _tables(
    catalog_key: str, slugs: tuple[str, ...], extra: tuple[tuple[str, str, str], ...]
) -> tuple[dict[str, dict[str, float]], list[str], int]:
    phrases: dict[str, dict[str, float]] = defaultdict(dict)

    def add(phrase: str, slug: str, score: float) -> None:
        norm = prepare(phrase)
        if not norm or slug not in slugs:
            return
        if score >= STRONG - 0.5:  # a longer name is more specific
            score += LONGER * (len(norm.split()) - 1)
        phrases[norm][slug] = max(score, phrases[norm].get(slug, 0.0))

    for slug, names in ALIASES.items():
        for name in names:
            add(name, slug, STRONG)
    for slug, words in WEAK.items():
        for word in words:
            add(word, slug, WEAK_SCORE)
    for word in REPORTING:
        add(word, "pengaduan", REPORTING_SCORE)
    for slug, phrase, kind in extra:
        add(phrase, slug, STRONG if kind == "name" else STRONG - 0.5)
    for slug in slugs:
        add(slug.replace("-", " "), slug, STRONG)
    weak = {prepare(word) for words in WEAK.values() for word in words}
    singles = sorted(
        p for p in phrases if " " not in p and len(p) >= FUZZY_MIN_LEN and p not in weak
    )
    longest = max((len(p.split()) for p in phrases), default=1)
    return dict(phrases), singles, longest


def _catalog_tables() -> tuple[dict[str, dict[str, float]], list[str], int]:
    from balai.catalog.selectors import service_list

    services = service_list()
    slugs = tuple(sorted(s.slug for s in services))
    extra: list[tuple[str, str, str]] = []
    for service in services:
        extra.append((service.slug, service.name.id, "name"))
        extra.append((service.slug, service.name.en, "name"))
        short = (
            service.name.id.split("(")[-1].rstrip(")") if "(" in service.name.id else ""
        )
        if short:
            extra.append((service.slug, short, "name"))
        extra.extend((service.slug, keyword, "keyword") for keyword in service.keywords)
    return _tables(str(tuple(id(s) for s in services)), slugs, tuple(extra))


def resolve(text: str, *, prepared: str | None = None) -> ServiceMatch:
    """The service ``text`` names, with the score of every candidate."""
    phrases, singles, longest = _catalog_tables()
    pairs = [p for p in phrases if p.count(" ") == 1]
    words = (prepared if prepared is not None else prepare(text)).split()
    scores: dict[str, float] = defaultdict(float)
    used = [False] * len(words)
    for size in range(min(longest, len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            if any(used[start : start + size]):
                continue
            gram = " ".join(words[start : start + size])
            found = phrases.get(gram)
            if found is None and size == 1 and len(gram) >= FUZZY_MIN_LEN:
                best = process.extractOne(
                    gram, singles, scorer=fuzz.ratio, score_cutoff=FUZZY_MIN
                )
                found = phrases.get(best[0]) if best else None
            elif found is None and size == 2 and len(gram) >= 2 * FUZZY_MIN_LEN:
                best = process.extractOne(
                    gram, pairs, scorer=fuzz.ratio, score_cutoff=FUZZY_MIN
                )
                found = phrases.get(best[0]) if best else None
            if found is None:
                continue
            for position in range(start, start + size):
                used[position] = True
            for slug, score in found.items():
                scores[slug] += score
    if not scores:
        return ServiceMatch(None, {})
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    bare = all(
        taken or not any(ch.isalnum() for ch in word)
        for word, taken in zip(words, used, strict=True)
    )
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return ServiceMatch(None, dict(ranked), ambiguous=True, bare=bare)
    return ServiceMatch(ranked[0][0], dict(ranked), bare=bare)
