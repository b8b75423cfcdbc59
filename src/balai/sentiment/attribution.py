# SPDX-License-Identifier: EUPL-1.2
"""Which catalog service, agency and region a post is about.

Services: every service's names (both languages) and search keywords, read through
the catalog's selectors and normalised with ``balai.text`` like the posts, are looked
up as whole-word phrases; the longest phrase wins, and a tie between services of one
agency still names the agency. Agencies: their codes and names from the catalog plus
the everyday names people use ("dukcapil", "samsat", "pu") and subject words
("sampah" → environment office). Regions: a place name after a cue word ("kecamatan
coblong", "kota bandung") is searched through the regions selectors; a regency or
city named on its own is matched against an in-memory list of their names.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache

from balai import text as T
from balai.catalog import selectors as catalog
from balai.regions import selectors as regions

# everyday names and subjects → agency code (codes of catalog/constants AGENCY_NAMES)
AGENCY_ALIASES: dict[str, str] = {
    "dukcapil": "disdukcapil",
    "disdukcapil": "disdukcapil",
    "capil": "disdukcapil",
    "catatan sipil": "disdukcapil",
    "ktp": "disdukcapil",
    "e-ktp": "disdukcapil",
    "ktp-el": "disdukcapil",
    "kartu keluarga": "disdukcapil",
    "akta": "disdukcapil",
    "kia": "disdukcapil",
    "dpmptsp": "dpmptsp",
    "ptsp": "dpmptsp",
    "perizinan": "dpmptsp",
    "izin usaha": "dpmptsp",
    "nib": "dpmptsp",
    "oss": "dpmptsp",
    "pbg": "dpmptsp",
    "imb": "dpmptsp",
    "bapenda": "bapenda",
    "pajak daerah": "bapenda",
    "pbb": "bapenda",
    "diskominfo": "diskominfo",
    "kominfo": "diskominfo",
    "aplikasi layanan kota": "diskominfo",
    "dinas pu": "dinas-pu",
    "pupr": "dinas-pu",
    "jalan rusak": "dinas-pu",
    "jalan berlubang": "dinas-pu",
    "lampu jalan": "dinas-pu",
    "drainase": "dinas-pu",
    "trotoar": "dinas-pu",
    "jembatan": "dinas-pu",
    "dlh": "dlh",
    "sampah": "dlh",
    "tps": "dlh",
    "kebersihan": "dlh",
    "bank sampah": "dlh",
    "kelurahan dago": "kelurahan-dago",
}
_GENERIC = (
    "surat izin kartu akta pajak layanan pelayanan pengaduan permohonan dokumen "
    "data online baru lama"
)
GENERIC = frozenset(_GENERIC.split())
_CUE = re.compile(
    r"\b(kelurahan|desa|kecamatan|kabupaten|kota|provinsi)\s+([a-z]+(?:\s[a-z]+)?)"
)
MAX_PHRASE = 5


@dataclass(frozen=True)
class Attribution:
    service_slug: str = ""
    agency_code: str = ""
    region_code: str = ""


_lock = threading.Lock()
_index: dict[str, object] = {}


def _phrase(value: str) -> tuple[str, ...]:
    # "ktp-el", "e-ktp": hyphenated names match their parts as well
    return tuple(T.tokens(value.replace("-", " ")))


def _service_index() -> dict[tuple[str, ...], set[str]]:
    with _lock:
        built = _index.get("services")
        if built is None:
            phrases: dict[tuple[str, ...], set[str]] = {}
            for service in catalog.service_list():
                if service.kind == "report":
                    continue  # "pengaduan" lists every subject; agencies decide those
                names = [service.name.id, service.name.en, *service.keywords]
                for value in names:
                    phrase = _phrase(value)
                    if not phrase or len(phrase) > MAX_PHRASE:
                        continue
                    if len(phrase) == 1 and phrase[0] in GENERIC:
                        continue
                    phrases.setdefault(phrase, set()).add(service.slug)
            _index["services"] = built = phrases
    return built  # type: ignore[return-value]


def _agency_index() -> dict[tuple[str, ...], str]:
    with _lock:
        built = _index.get("agencies")
        if built is None:
            phrases = {_phrase(alias): code for alias, code in AGENCY_ALIASES.items()}
            for code, name in catalog.agency_display_names().items():
                phrases.setdefault(_phrase(code), code)
                for value in (getattr(name, "id", ""), getattr(name, "en", "")):
                    if value:
                        phrases.setdefault(_phrase(value), code)
            phrases.pop((), None)
            _index["agencies"] = built = phrases
    return built  # type: ignore[return-value]


def _regency_index() -> dict[str, str]:
    with _lock:
        built = _index.get("regencies")
        if built is None:
            names: dict[str, list[str]] = {}
            for region in regions.region_list(level=2):
                names.setdefault(region.search_name, []).append(region.code)
            # a bare name shared by a city and a regency (Bandung) names the city
            built = {name: sorted(codes)[-1] for name, codes in names.items()}
            _index["regencies"] = built
    return built  # type: ignore[return-value]


def known_agency_codes() -> list[str]:
    """Every agency code attribution can produce, sorted."""
    codes = set(AGENCY_ALIASES.values()) | set(catalog.services_by_agency())
    return sorted(codes)


def agency_names() -> dict[str, object]:
    """Display names (bilingual Text or str) of every known agency code."""
    return catalog.agency_display_names(known_agency_codes())


def reset() -> None:
    """Forget the indexes (after the catalog or the regions change)."""
    with _lock:
        _index.clear()
    _cue_region.cache_clear()


def _ngrams(tokens: list[str]) -> list[tuple[str, ...]]:
    grams: list[tuple[str, ...]] = []
    for size in range(min(MAX_PHRASE, len(tokens)), 0, -1):
        grams.extend(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))
    return grams


def _service(grams: list[tuple[str, ...]]) -> tuple[str, str]:
    index = _service_index()
    for gram in grams:  # longest first
        slugs = index.get(gram)
        if not slugs:
            continue
        if len(slugs) == 1:
            slug = next(iter(slugs))
            return slug, catalog.service_get(slug).agency
        agencies = {catalog.service_get(slug).agency for slug in slugs}
        if len(agencies) == 1:
            return "", agencies.pop()
    return "", ""


def _agency(grams: list[tuple[str, ...]]) -> str:
    index = _agency_index()
    for gram in grams:
        code = index.get(gram)
        if code:
            return code
    return ""


@lru_cache(maxsize=4096)
def _cue_region(kind: str, candidate: str) -> str:
    """The region a cue names ("kecamatan coblong"), or "": one search per distinct
    cue and process, like the regency index (a batch of posts names the same few
    places again and again; each search scans the region names, ≈4 ms)."""
    found = regions.region_search(f"{kind} {candidate}", limit=5)
    exact = [r for r in found if r.search_name == candidate]
    return exact[0].code if exact else ""


def _region(normalised: str, tokens: list[str]) -> str:
    for match in _CUE.finditer(normalised):
        kind, name = match.groups()
        for candidate in (name, name.split()[0]):
            cued = _cue_region(kind, candidate)
            if cued:
                return cued
    regencies = _regency_index()
    for gram in _ngrams(tokens):
        if len(gram) <= 3:
            code = regencies.get(" ".join(gram))
            if code:
                return code
    return ""


def attribute(text: str) -> Attribution:
    """The service, agency and region a post names ("" for each not found)."""
    normalised = T.normalise(text)
    tokens = [
        t
        for t in normalised.replace("-", " ").split()
        if t[0] != "<" and any(c.isalnum() for c in t)
    ]
    grams = _ngrams(tokens)
    slug, agency = _service(grams)
    if not agency:
        agency = _agency(grams)
    return Attribution(
        service_slug=slug, agency_code=agency, region_code=_region(normalised, tokens)
    )
