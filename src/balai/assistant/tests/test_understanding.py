# SPDX-License-Identifier: EUPL-1.2
"""Understanding: entities, service names, the classifier and the issue's rules."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from balai.assistant.constants import INTENTS
from balai.assistant.nlu import classifier, entities, training
from balai.assistant.nlu.services import resolve
from balai.assistant.nlu.understand import understand
from balai.catalog.selectors import service_list


def test_entities():
    found = entities.extract(
        "permohonan pmh 2026 123 dan NOP 32.73.010.001.002.0003.0, laporan lpr-7k2m9qxa"
    )
    assert found.application_number == "PMH-2026-000123"
    assert found.nop == "327301000100200030"
    assert found.report_id == "LPR-7K2M9QXA"
    assert entities.format_nop(found.nop) == "32.73.010.001.002.0003.0"
    assert entities.extract("nop 327301000100200030").nop == "327301000100200030"
    assert entities.extract("telepon 0812345678").as_dict() == {}


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("akte lahir", "akta-kelahiran"),
        ("bikin ktp", "ktp-el"),
        ("imb rumah", "pbg"),
        ("surat miskin", "sktm"),
        ("kk baru", "kartu-keluarga"),
        ("akta perkawnan", "akta-perkawinan"),  # a typo in a two-word name
        ("surat domisli", "surat-domisili"),
        ("pajak bumi dan bangunan", "pbb-p2"),
        ("billboard permit", "izin-reklame"),
        ("cuaca besok", None),
    ],
)
def test_service_names(text, slug):
    assert resolve(text).slug == slug


def test_every_catalog_service_is_reachable_by_its_names():
    for service in service_list():
        assert resolve(service.name.id).slug == service.slug, service.name.id
        assert resolve(service.name.en).slug == service.slug, service.name.en


def test_the_model_knows_exactly_the_intents_of_the_issue():
    model = classifier.load()
    assert sorted(model.labels) == sorted(INTENTS)
    card = classifier.read_card()
    assert card["version"] == model.version
    assert card["data_digest"] == training.digest(training.examples())


def test_training_and_evaluation_data_are_apart():
    rows = resources.files("balai.assistant").joinpath("data", "eval.jsonl")
    evaluation = {
        json.loads(line)["text"].strip().lower()
        for line in rows.read_text("utf-8").splitlines()
    }
    trained = {example.text.strip().lower() for example in training.examples()}
    assert not evaluation & trained


@pytest.mark.parametrize(
    ("text", "intent", "service"),
    [
        ("syarat bikin ktp apa aja", "requirements", "ktp-el"),
        ("berapa biaya akte lahir", "fee", "akta-kelahiran"),
        ("lampu jalan depan rumah mati", "complaint", "pengaduan"),
        ("ktp saya tidak dicetak cetak sudah tiga bulan", "complaint", "ktp-el"),
        ("cek tagihan pbb saya", "tax_bill", "pbb-p2"),
        ("laporan saya LPR-7K2M9QXA gimana", "status_report", "pengaduan"),
        ("halo selamat pagi", "greeting", None),
        ("saya mau bicara dengan petugas", "handoff", None),
        ("cuaca besok hujan gak", "out_of_scope", None),
        ("bagaimana cara bikin paspor", "out_of_scope", None),
        ("PMH-2026-000123 sudah sampai mana", "status_application", None),
    ],
)
def test_intent_and_service_rules(text, intent, service):
    understood = understand(text)
    assert (understood.intent, understood.service) == (intent, service)


def test_an_application_number_takes_the_service_of_a_visible_application():
    seen = understand(
        "status PMH-2026-000123 gimana",
        application_service=lambda n: "kia" if n == "PMH-2026-000123" else None,
    )
    assert (seen.intent, seen.service) == ("status_application", "kia")
    unseen = understand(
        "status PMH-2026-000999 gimana", application_service=lambda n: None
    )
    assert unseen.service is None


def test_context_carries_the_service_and_the_question():
    first = understand("apa syarat bikin ktp")
    state = {"service": first.service, "intent": first.intent}
    follow = understand("berapa biayanya?", state=state)
    assert (follow.intent, follow.service, follow.from_context) == (
        "fee",
        "ktp-el",
        True,
    )
    other = understand("kalau kk?", state={"service": "ktp-el", "intent": "fee"})
    assert (other.intent, other.service) == ("fee", "kartu-keluarga")
    slot = understand("PMH-2026-000042", state={"pending": "application_number"})
    assert slot.intent == "status_application"


@pytest.mark.parametrize(
    ("text", "intent", "service"),
    [
        ("halo min, mau tanya syarat ktp", "requirements", "ktp-el"),  # opener
        ("nib", "how_to_apply", "nib"),  # a bare service name
        ("akta kelahiran", "how_to_apply", "akta-kelahiran"),
    ],
)
def test_openers_and_bare_service_names(text, intent, service):
    understood = understand(text)
    assert (understood.intent, understood.service) == (intent, service)


@pytest.mark.django_db
def test_a_message_without_words_falls_back():
    from balai.assistant.dialogue import respond

    reply = respond("???")
    assert reply.fallback
