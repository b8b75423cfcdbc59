# SPDX-License-Identifier: EUPL-1.2
"""Demo FAQ entries: the hand-written ones of ``data/faq.yaml`` plus, for every catalog
service, one entry per section (requirements, fee, duration, how to apply, legal
basis, overview) and one per document, answered with the catalog's own facts in both
languages. About 200 in all; idempotent (entries are matched by their question).
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from balai.assistant.knowledge import facts
from balai.assistant.knowledge.index import bump_faq_version
from balai.assistant.models import FaqEntry
from balai.catalog.definitions import ServiceDefinition
from balai.catalog.selectors import service_list
from balai.core.yamlfiles import safe_load

# section → (intent, Indonesian question, English question)
SECTION_QUESTIONS = {
    "requirements": (
        "requirements",
        "Apa saja persyaratan {id}?",
        "What are the requirements for the {en}?",
    ),
    "fee": ("fee", "Berapa biaya {id}?", "How much does the {en} cost?"),
    "duration": (
        "duration",
        "Berapa lama proses {id}?",
        "How long does the {en} take?",
    ),
    "how_to_apply": (
        "how_to_apply",
        "Bagaimana cara mengajukan {id}?",
        "How do I apply for the {en}?",
    ),
    "legal": ("", "Apa dasar hukum {id}?", "What is the legal basis of the {en}?"),
    "overview": ("", "Apa itu {id}?", "What is the {en}?"),
}


def hand_written() -> list[dict[str, Any]]:
    raw = resources.files("balai.assistant").joinpath("data", "faq.yaml")
    rows = safe_load(raw.read_text("utf-8"))
    return [
        {
            "question_id": row["q"],
            "question_en": row["qe"],
            "answer_id": row["a"],
            "answer_en": row["ae"],
            "service_slug": row.get("s") or "",
            "intent": row.get("i") or "",
            "keywords": row.get("k") or "",
        }
        for row in rows
    ]


def _short(text: str) -> str:
    return (
        text[0].lower() + text[1:] if text[:2].isalpha() and text[1].islower() else text
    )


def from_catalog(service: ServiceDefinition) -> list[dict[str, Any]]:
    rows = []
    names = {"id": service.name.id, "en": _short(service.name.en)}
    for section, (intent, question_id, question_en) in SECTION_QUESTIONS.items():
        rows.append(
            {
                "question_id": question_id.format(**names),
                "question_en": question_en.format(**names),
                "answer_id": facts.section(service, section, "id").text,
                "answer_en": facts.section(service, section, "en").text,
                "service_slug": service.slug,
                "intent": intent,
                "keywords": " ".join(service.keywords[:6]),
            }
        )
    for document in service.requirements:
        rows.append(
            {
                "question_id": f"Apakah {_short(document.name.id)} diperlukan untuk "
                f"{service.name.id}?",
                "question_en": f"Is the {_short(document.name.en)} needed for the "
                f"{names['en']}?",
                "answer_id": _document_answer(document, "id"),
                "answer_en": _document_answer(document, "en"),
                "service_slug": service.slug,
                "intent": "requirements",
                "keywords": document.code.replace("-", " "),
            }
        )
    return rows


def _document_answer(document: Any, lang: str) -> str:
    from django.utils.translation import override

    with override(lang):
        text = (
            _("Yes, it is required.")
            if document.required
            else _("Only in some cases; see the note.")
        )
        note = facts.pick(document.note, lang) if document.note else ""
    return f"{text} {note}".strip()


def faq_rows() -> list[dict[str, Any]]:
    rows = hand_written()
    for service in service_list():
        rows.extend(from_catalog(service))
    return rows


@transaction.atomic
def seed_faq(context: Any) -> None:
    rows = faq_rows()
    known = set(FaqEntry.objects.values_list("question_id", flat=True))
    new = [FaqEntry(**row) for row in rows if row["question_id"] not in known]
    for entry in new:
        entry.full_clean()
    FaqEntry.objects.bulk_create(new)
    transaction.on_commit(bump_faq_version)
    context.write(
        f"assistant: {len(new)} FAQ entries added ({len(rows)} in the demo set)"
    )
