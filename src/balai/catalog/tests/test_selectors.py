# SPDX-License-Identifier: EUPL-1.2
"""Selectors: list, get, search with everyday words, browse by life event and agency."""

from __future__ import annotations

import pytest

from balai.catalog import selectors
from balai.catalog.definitions import Text
from balai.core.errors import BalaiError


def test_service_list_is_sorted_by_indonesian_name():
    names = [service.name.id.lower() for service in selectors.service_list()]
    assert names == sorted(names)
    assert len(names) == 14


def test_service_get_returns_the_definition_or_raises_service_not_found():
    assert selectors.service_get("sktm").agency == "kelurahan-dago"
    with pytest.raises(selectors.ServiceNotFound) as caught:
        selectors.service_get("paspor")
    assert isinstance(caught.value, BalaiError)
    assert caught.value.code == "service_not_found"
    assert caught.value.status == 404


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("akte lahir", "akta-kelahiran"),
        ("akta kelahrian", "akta-kelahiran"),
        ("bikin ktp", "ktp-el"),
        ("ktp ilang", "ktp-el"),
        ("e-ktp", "ktp-el"),
        ("surat pindahan", "surat-pindah"),
        ("ijin usaha", "nib"),
        ("imb", "pbg"),
        ("surat miskin", "sktm"),
        ("kartu keluaga", "kartu-keluarga"),
        ("kk hilang", "kartu-keluarga"),
        ("meninggal dunia", "akta-kematian"),
        ("nikah", "akta-perkawinan"),
        ("baliho", "izin-reklame"),
        ("pajak rumah", "pbb-p2"),
        ("jalan rusak", "pengaduan"),
        ("birth certificate", "akta-kelahiran"),
        ("building permit", "pbg"),
        ("AKTE   KEMATIAN!!", "akta-kematian"),
    ],
)
def test_search_finds_services_by_everyday_words(query, slug):
    found = selectors.service_search(query)
    assert found, query
    assert found[0].slug == slug


def test_search_ranks_and_limits():
    assert [s.slug for s in selectors.service_search("akte lahir")][:1] == [
        "akta-kelahiran"
    ]
    assert len(selectors.service_search("surat", limit=2)) == 2


@pytest.mark.parametrize("query", ["", "   ", "xyzzy qwerty", "cara bikin"])
def test_search_without_meaningful_words_finds_nothing(query):
    assert selectors.service_search(query) == []


def test_life_events_and_services_by_life_event():
    events = dict(selectors.life_events())
    assert events["kelahiran"] == Text("Kelahiran anak", "Having a baby")
    born = {s.slug for s in selectors.services_by_life_event("kelahiran")}
    assert born == {"akta-kelahiran", "kia"}
    assert selectors.services_by_life_event("liburan") == []
    used = {code for s in selectors.service_list() for code in s.life_events}
    assert used <= set(events)


def test_services_by_agency_groups_every_service_once():
    grouped = selectors.services_by_agency()
    assert {s.slug for s in grouped["dpmptsp"]} == {"pbg", "nib", "izin-reklame"}
    assert {s.slug for s in grouped["kelurahan-dago"]} == {"sktm", "surat-domisili"}
    assert grouped["bapenda"][0].slug == "pbb-p2"
    assert sum(len(services) for services in grouped.values()) == 14


def test_agency_names_are_bilingual_without_queries(django_assert_num_queries, db):
    with django_assert_num_queries(0):
        names = selectors.agency_display_names()
    assert str(names["disdukcapil"]).startswith("Dinas Kependudukan")
    assert names["disdukcapil"].en == "Population and Civil Registration Office"
