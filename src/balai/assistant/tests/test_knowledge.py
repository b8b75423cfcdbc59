# SPDX-License-Identifier: EUPL-1.2
"""The knowledge: catalog sections and FAQ entries, retrieval, reindexing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from balai.assistant.constants import INTENTS
from balai.assistant.dialogue import respond
from balai.assistant.knowledge import facts, index
from balai.assistant.tests.factories import FaqEntryFactory
from balai.catalog.loader import SHIPPED_DIRECTORY, clear_cache
from balai.catalog.selectors import service_get, service_list

pytestmark = pytest.mark.django_db


def test_every_service_has_every_section_in_both_languages():
    built = index.current()
    keys = {d.key for d in built.documents}
    for service in service_list():
        for section in facts.SECTIONS:
            assert f"service:{service.slug}:{section}" in keys
    ktp = next(d for d in built.documents if d.key == "service:ktp-el:requirements")
    assert "Kartu Keluarga" in ktp.body_id
    assert "Family card" in ktp.body_en
    assert ktp.url == "/layanan/ktp-el/"


def test_sections_state_only_catalog_facts():
    service = service_get("pbg")
    duration = facts.section(service, "duration", "id")
    assert str(service.sla_working_days) in duration.text
    legal = facts.section(service, "legal", "en")
    assert all(citation in legal.text for citation in service.legal_basis)
    fee = facts.section(service_get("ktp-el"), "fee", "id")
    assert "Gratis" in fee.text  # the catalog's own basis text


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("persyaratan akta kelahiran", "akta-kelahiran"),
        ("persyaratanya akta kelahran", "akta-kelahiran"),  # typos: char n-grams
        ("retribusi reklame baliho", "izin-reklame"),
        ("kartu keluarga baru", "kartu-keluarga"),
    ],
)
def test_retrieval_finds_the_service(query, slug):
    hits = index.current().search(query, kind="service")
    assert hits, query
    assert hits[0].document.slug == slug
    assert hits[0].bm25 >= 0 and 0 < hits[0].score <= 1


def test_saving_an_faq_entry_reindexes():
    before = index.current()
    assert not before.search("kantor buka sabtu", kind="faq")
    entry = FaqEntryFactory()
    after = index.current()
    assert after is not before
    hits = after.search("kantor buka hari sabtu?", kind="faq")
    assert hits[0].document.key == f"faq:{entry.pk}"
    entry.is_published = False
    entry.save()
    assert not index.current().search("kantor buka sabtu", kind="faq")


def test_an_faq_entry_answers_with_its_source(client):
    entry = FaqEntryFactory(
        question_id="Apakah loket KTP buka hari Sabtu?",
        question_en="Is the KTP counter open on Saturday?",
        answer_id="Loket KTP-el buka Sabtu pukul 08.00-12.00.",
        answer_en="The KTP-el counter opens on Saturday 08.00-12.00.",
        service_slug="ktp-el",
        intent="how_to_apply",
        keywords="sabtu libur ktp",
    )
    reply = respond("loket ktp buka hari sabtu gak?")
    assert reply.intent == "how_to_apply"
    assert reply.service == "ktp-el"
    assert reply.text == entry.answer_id
    assert reply.sources[0]["url"] == f"/tanya/faq/{entry.pk}/"
    page = client.get(reply.sources[0]["url"])
    assert page.status_code == 200
    assert entry.answer_id in page.content.decode()


def test_a_catalog_reload_reindexes(settings, tmp_path: Path):
    folder = tmp_path / "services"
    shutil.copytree(SHIPPED_DIRECTORY, folder)
    settings.CATALOG_DIR = str(folder)
    clear_cache()
    try:
        first = respond("berapa lama bikin ktp?")
        assert "5" in first.text
        path = folder / "ktp-el.yaml"
        path.write_text(
            path.read_text().replace("sla_working_days: 5", "sla_working_days: 9")
        )
        clear_cache()  # what the loader does when a file changes
        second = respond("berapa lama bikin ktp?")
        assert "9" in second.text and "5 " not in second.text
    finally:
        clear_cache()


def test_public_pages_are_in_the_knowledge_in_both_languages():
    built = index.current()
    pages = {d.key: d for d in built.documents if d.kind == "page"}
    budget = pages["page:finance:transparency"]
    assert budget.url == "/anggaran/"
    assert "APBD" in budget.body_id and "regional budget" in budget.body_en
    assert budget.title_id == "Anggaran daerah"
    assert "page:documents:verify-upload" in pages
    assert "page:reports:public-list" in pages


@pytest.mark.parametrize(
    ("question", "url", "language"),
    [
        ("di mana saya bisa lihat anggaran daerah?", "/anggaran/", "id"),
        ("where can I see the regional budget", "/anggaran/", "en"),
        ("gmn cara cek keaslian dokumen yg ada qr nya", "/verify/", "id"),
        ("how do I check a document is genuine", "/verify/", "en"),
        ("lupa password akun", "/akun/lupa-sandi/", "id"),
        ("statistik jumlah penduduk per kecamatan", "/statistik/penduduk/", "id"),
    ],
)
def test_questions_about_a_public_page_are_answered_with_it(question, url, language):
    reply = respond(question)
    assert reply.action == "page"
    assert reply.intent in INTENTS  # the API's intents stay the fixed list
    assert [source["url"] for source in reply.sources] == [url]
    assert reply.understanding.language == language
    # the answer is the page's own description, nothing invented
    page = next(d for d in index.current().documents if d.url == url)
    assert reply.text.endswith(page.body_en if language == "en" else page.body_id)


@pytest.mark.parametrize(
    "question", ["cuaca hari ini", "jadwal pertandingan bola", "harga cabai"]
)
def test_pages_do_not_loosen_the_scope_guardrail(question):
    reply = respond(question)
    assert reply.intent == "out_of_scope" and reply.action != "page"
    assert [source["url"] for source in reply.sources] == ["/layanan/"]


def test_a_service_question_still_gets_the_service_not_a_page():
    reply = respond("bikin ktp syaratnya apa")
    assert reply.intent == "requirements"
    assert reply.sources[0]["url"] == "/layanan/ktp-el/"


@pytest.mark.parametrize(
    ("question", "url"),
    [
        ("usulan musrenbang", "/partisipasi/"),  # unsure intent, clear page words
        ("mau ikut jajak pendapat", "/partisipasi/"),
    ],
)
def test_an_unsure_understanding_with_clear_page_words_gets_the_page(question, url):
    reply = respond(question)
    assert reply.action == "page"
    assert [source["url"] for source in reply.sources] == [url]
