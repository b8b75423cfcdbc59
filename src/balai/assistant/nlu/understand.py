# SPDX-License-Identifier: EUPL-1.2
"""One message understood: intent (with confidence and ranking), service, entities,
language — the classifier's answer corrected by the issue's rules and the context.

Service rules (issue 17): greetings, handoff and out-of-scope questions name no
service; PBB bills are ``pbb-p2``; complaints about public works and the status of such
a report are ``pengaduan`` unless a specific service is named; a status question with
an application number but no service named takes the service of that application when
the caller may see it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from balai.assistant.constants import (
    NO_SERVICE_INTENTS,
    REPORT_SLUG,
    SERVICE_INTENTS,
    TAX_SLUG,
)
from balai.assistant.nlu import classifier, entities, training
from balai.assistant.nlu.normalise import prepare, terms
from balai.assistant.nlu.services import resolve
from balai.text import detect_language

# the slot a pending question waits for → the intent an answer to it continues
SLOT_INTENTS = {
    "application_number": "status_application",
    "report_id": "status_report",
    "nop": "tax_bill",
}
YES = frozenset(
    {
        "ya",
        "iya",
        "y",
        "yes",
        "ok",
        "oke",
        "boleh",
        "betul",
        "benar",
        "setuju",
        "lanjut",
        "yup",
        "yap",
        "sure",
    }
)
NO = frozenset({"tidak", "no", "batal", "jangan", "nope", "enggak"})


@dataclass(frozen=True)
class Understanding:
    text: str
    language: str
    intent: str
    confidence: float
    ranking: tuple[tuple[str, float], ...]
    service: str | None
    named_service: str | None
    ambiguous_services: tuple[str, ...]
    entities: entities.Entities
    from_context: bool = False
    notes: dict[str, Any] = field(default_factory=dict)


def _only_entity(text: str, found: entities.Entities) -> str:
    """The slot an entity-only message fills ("PMH-2026-000123"), or ""."""
    rest = [w for w in terms(entities.mask(text)) if not w.startswith("nomor")]
    if len(rest) > 2:
        return ""
    if found.application_number:
        return "application_number"
    if found.report_id:
        return "report_id"
    if found.nop:
        return "nop"
    return ""


_OPENER = re.compile(
    r"^\s*(?:(?:halo|hallo|hai|hi|hello|hey|permisi|assalamu.?alaikum|pagi|siang|"
    r"sore|malam|selamat (?:pagi|siang|sore|malam)|good (?:morning|afternoon|evening)|"
    r"min|kak|pak|bu|mas|mbak|gan|admin|asisten(?: balai)?|mau tanya|numpang tanya|"
    r"tanya|ingin bertanya|saya ingin bertanya|i have a question)\b[\s,.!:;-]*)+",
    re.IGNORECASE,
)


def strip_opener(text: str) -> str:
    """``text`` without a leading greeting ("halo min, mau tanya ..."), when
    something of substance (two words or more) follows it."""
    rest = _OPENER.sub("", text, count=1).strip()
    return rest if len(rest.split()) >= 2 else text


def _unknown_words(text: str) -> list[str]:
    """Content words of ``text`` that neither ask about a service nor name one."""
    known = training.intent_vocabulary()
    unknown = []
    for word in terms(entities.mask(text)):
        if len(word) < 3 or word in known or word.isdigit() or word.startswith("nomor"):
            continue
        if process.extractOne(word, known, scorer=fuzz.ratio, score_cutoff=80):
            continue
        unknown.append(word)
    return unknown


def understand(
    text: str,
    *,
    state: dict[str, Any] | None = None,
    application_service: Callable[[str], str | None] | None = None,
) -> Understanding:
    """What ``text`` asks, in the context ``state`` of the conversation so far.

    ``application_service(number)`` gives the service of an application the caller
    may see (None otherwise); without it, numbers resolve to no service.
    """
    state = state or {}
    prepared = prepare(text)
    found = entities.extract(text)
    prediction = classifier.load().predict([strip_opener(text)])[0]
    intent, confidence, ranking = (
        prediction.intent,
        prediction.confidence,
        prediction.ranking,
    )
    match = resolve(text, prepared=prepared)
    named = match.slug
    from_context = False
    notes: dict[str, Any] = {}

    # entities and pending slots
    slot = _only_entity(text, found)
    pending = state.get("pending", "")
    if slot:
        intent, confidence, from_context = SLOT_INTENTS[slot], 1.0, bool(pending)
        if slot == "nop":
            named = TAX_SLUG
    # a NOP with a service word ("tagihan pbb nop ...") asks about its bill, not
    # how to apply for PBB
    elif found.nop and (intent == "tax_bill" or intent in SERVICE_INTENTS):
        intent, confidence, named = "tax_bill", max(confidence, 0.6), TAX_SLUG
    elif pending == "service" and named and confidence < 0.6:
        intent, from_context = state.get("intent", intent), True
    # a bare service name after a service question continues that question
    elif (
        named
        and len(terms(text)) <= 3
        and confidence < 0.6
        and state.get("intent") in SERVICE_INTENTS
    ):
        intent, from_context = state["intent"], True
    # a bare service name ("nib", "akta kelahiran"): how to get it
    elif (
        named
        and match.strong
        and match.bare
        and named != REPORT_SLUG  # "sampah", "jalan rusak": a complaint topic
        and not state.get("intent")
    ):
        intent, confidence = "how_to_apply", max(confidence, 0.5)
    if not any(ch.isalnum() for ch in prepared):
        notes["no_words"] = True
    if found.application_number and intent in {"requirements", "fee", "duration"}:
        notes["number_seen"] = True

    service: str | None
    if intent in NO_SERVICE_INTENTS:
        service = None
    elif intent == "tax_bill":
        service = TAX_SLUG
    elif intent == "status_report":
        service = REPORT_SLUG
    elif intent == "complaint":
        service = named if named and match.strong else REPORT_SLUG
    elif intent == "status_application":
        if named and named not in {REPORT_SLUG}:
            service = named
        elif found.application_number and application_service is not None:
            service = application_service(found.application_number)
        else:
            service = None
    else:  # requirements, fee, duration, how_to_apply
        service = named
        if service is None and not match.ambiguous:
            unknown = _unknown_words(text)
            if unknown:
                # a service question about something the catalog does not hold
                notes["unknown_words"] = unknown
                intent, service = "out_of_scope", None
                confidence = max(dict(ranking).get("out_of_scope", 0.0), 0.5)
            elif state.get("service"):
                service, from_context = state["service"], True
    return Understanding(
        text=text,
        language=detect_language(text),
        intent=intent,
        confidence=round(float(confidence), 4),
        ranking=ranking,
        service=service,
        named_service=named,
        ambiguous_services=tuple(match.scores) if match.ambiguous else (),
        entities=found,
        from_context=from_context,
        notes=notes,
    )
