# SPDX-License-Identifier: EUPL-1.2
"""The dialogue: from an understood message and the conversation's state to a reply.

Policies, in order: greeting, handoff and out-of-scope answers; slot filling for the
transactional intents (ask for the number, then look it up with the caller's rights);
a confidence fallback below ``FALLBACK_THRESHOLD``; a clarification when the two best
intents are close; for service questions without a service, ask which one; otherwise
the catalog section (or a matching FAQ entry) with its source. Nothing is stated that
the catalog or the FAQ does not hold.
"""

from __future__ import annotations

import re
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from balai.assistant import transactions
from balai.assistant.constants import (
    CLARIFY_BELOW,
    CLARIFY_MARGIN,
    FALLBACK_THRESHOLD,
    PAGE_REPLY,
    REPORT_SLUG,
    SERVICE_INTENTS,
)
from balai.assistant.knowledge import facts
from balai.assistant.knowledge.index import Hit, current
from balai.assistant.nlu.entities import format_nop, mask
from balai.assistant.nlu.understand import NO, YES, Understanding, understand
from balai.catalog.selectors import ServiceNotFound, service_get

FAQ_MIN_SCORE = 0.55
# a public page answers only when the question shares its words (BM25) and their
# spelling (character n-grams) clearly, and no catalog service fits better
PAGE_MIN_BM25 = 8.0
PAGE_MIN_CHARS = 0.2
SECTION_OF = {
    "requirements": "requirements",
    "fee": "fee",
    "duration": "duration",
    "how_to_apply": "how_to_apply",
}


@dataclass
class Reply:
    text: str
    intent: str
    service: str | None
    confidence: float
    sources: list[dict[str, str]] = field(default_factory=list)
    fallback: bool = False
    # "", ask_number, ask_service, clarify, handoff, confirm_report, page
    action: str = ""
    suggestions: list[str] = field(default_factory=list)
    state: dict[str, Any] = field(default_factory=dict)
    understanding: Understanding | None = None


def intent_label(intent: str) -> str:
    labels = {
        "requirements": _("the requirements"),
        "fee": _("the fee"),
        "duration": _("how long it takes"),
        "how_to_apply": _("how to apply"),
        "status_application": _("the status of an application"),
        "status_report": _("the status of a report"),
        "tax_bill": _("a PBB bill"),
        "complaint": _("making a complaint"),
        "greeting": _("a greeting"),
        "handoff": _("talking to an officer"),
        "out_of_scope": _("something else"),
    }
    return labels.get(intent, intent)


def _source(title: str, url: str) -> dict[str, str]:
    return {"title": title, "url": url}


def _service_source(slug: str, lang: str) -> dict[str, str]:
    service = service_get(slug)
    return _source(facts.pick(service.name, lang), facts.service_url(service))


def _faq_hit(u: Understanding, service: str | None) -> Hit | None:
    for hit in current().search(u.text, limit=3, kind="faq"):
        document = hit.document
        if hit.score < FAQ_MIN_SCORE:
            return None
        if document.slug and service and document.slug != service:
            continue
        if document.section and document.section != u.intent:
            continue
        return hit
    return None


def _faq_reply(hit: Hit, u: Understanding, reply: Reply) -> Reply:
    document = hit.document
    english = u.language == "en"
    reply.text = document.body_en if english else document.body_id
    title = document.title_en if english else document.title_id
    reply.sources = [_source(title, document.url)]
    if document.slug:
        with suppress(ServiceNotFound):
            reply.sources.append(_service_source(document.slug, u.language))
    return reply


def _page_reply(u: Understanding, reply: Reply) -> Reply | None:
    """Answer with a public page (the budget, document verification, My data...)
    when the question is clearly about one; None otherwise."""
    index = current()
    pages = index.search(u.text, limit=1, kind="page")
    if not pages:
        return None
    hit = pages[0]
    if hit.bm25 < PAGE_MIN_BM25 or hit.chars < PAGE_MIN_CHARS:
        return None
    services = index.search(u.text, limit=1, kind="service")
    if services and services[0].score > hit.score:
        return None
    document = hit.document
    english = u.language == "en"
    title = document.title_en if english else document.title_id
    reply.text = f"{title}: {document.body_en if english else document.body_id}"
    reply.sources = [_source(title, document.url)]
    # the intent stays what was understood (the API's intents are a fixed list);
    # the action says the answer is a page
    reply.fallback, reply.action = False, PAGE_REPLY
    reply.service = None
    reply.state["pending"] = ""
    return reply


def _suggest_services(text: str, lang: str) -> list[dict[str, str]]:
    seen: list[str] = []
    for hit in current().search(text, limit=12, kind="service"):
        if hit.document.slug not in seen:
            seen.append(hit.document.slug)
        if len(seen) == 3:
            break
    return [_service_source(slug, lang) for slug in seen]


def _service_answer(u: Understanding, reply: Reply, slug: str) -> Reply:
    service = service_get(slug)
    if service.kind != "application" and u.intent in {"requirements", "duration"}:
        pass  # report and tax entries still carry their sections
    section = facts.section(service, SECTION_OF[u.intent], u.language)
    reply.text = f"{section.title}: {section.text}"
    reply.sources = [_source(section.title, section.url)]
    reply.state.update(service=slug, pending="")
    return reply


def _status_application(u: Understanding, reply: Reply, user: Any) -> Reply:
    number = u.entities.application_number
    latest = None if number else transactions.latest_application(user, u.service or "")
    if latest is not None:  # "is my KTP ready?" from a signed-in applicant
        number, latest_found = latest
        reply.state["pending"] = ""
        reply.text = _("Application %(number)s: %(status)s.") % {
            "number": number,
            "status": latest_found.status,
        }
        reply.sources = [_source(number, latest_found.url)]
        return reply
    if not number:
        reply.text = _(
            "Please send your application number (it looks like PMH-2026-000123)."
        )
        reply.action, reply.state["pending"] = "ask_number", "application_number"
        return reply
    reply.state["pending"] = ""
    if not getattr(user, "is_authenticated", False):
        reply.text = _(
            "Please sign in first: application details are shown only to the "
            "applicant. Then open My applications or ask me again."
        )
        reply.sources = [_source(_("Log in"), reverse("accounts:login"))]
        return reply
    found = transactions.application_by_number(user, number)
    if found is None:
        reply.text = _(
            "I cannot find application %(number)s among the applications you may "
            "see. Check the number on your receipt."
        ) % {"number": number}
        return reply
    reply.service = found.service
    reply.text = _("Application %(number)s: %(status)s.") % {
        "number": number,
        "status": found.status,
    }
    reply.sources = [_source(number, found.url)]
    return reply


def _status_report(u: Understanding, reply: Reply) -> Reply:
    public_id = u.entities.report_id
    if not public_id:
        reply.text = _(
            "Please send your report number (it looks like LPR-7K2M9QXA); you "
            "find it in the confirmation of your report."
        )
        reply.action, reply.state["pending"] = "ask_number", "report_id"
        return reply
    reply.state["pending"] = ""
    found = transactions.report_by_id(public_id)
    if found is None:
        reply.text = _("I cannot find report %(id)s. Check the number.") % {
            "id": public_id
        }
        return reply
    reply.text = _("Report %(id)s: %(status)s.") % {
        "id": public_id,
        "status": found.status,
    }
    reply.sources = [_source(public_id, found.url)]
    return reply


_YEAR = re.compile(r"(?<!\d)(20\d{2})(?!\d)")


def _tax_year(text: str) -> int | None:
    """The tax year named in ``text`` ("PBB 2024"), or None; the NOP and other
    numbers are masked first (a NOP's serial can read like a year)."""
    found = _YEAR.search(mask(text))
    return int(found.group(1)) if found else None


def _tax_line(fact: transactions.TaxBillFact, lang: str) -> str:
    """One bill as the public inquiry page shows it: status, and today's amount
    (with late interest) when unpaid."""
    values: dict[str, Any] = {"nop": format_nop(fact.nop), "year": fact.year}
    if fact.paid:
        return _("NOP %(nop)s, tax year %(year)d: paid.") % values
    values |= {
        "amount": facts.rupiah(fact.amount_due, lang),
        "due": date_format(fact.due_date, "j F Y"),
    }
    if fact.due_date < timezone.localdate():
        return (
            _(
                "NOP %(nop)s, tax year %(year)d: unpaid, past its due date of "
                "%(due)s. Amount due today, with late interest: %(amount)s."
            )
            % values
        )
    return (
        _(
            "NOP %(nop)s, tax year %(year)d: unpaid. Amount due today: %(amount)s "
            "(due date %(due)s)."
        )
        % values
    )


def _tax_bill(u: Understanding, reply: Reply, user: Any) -> Reply:
    """By NOP: the public facts of the year's bill (anyone). Without a NOP: a
    signed-in citizen's own bills; otherwise ask for the NOP."""
    inquiry = _source(_("PBB-P2 bill inquiry"), transactions.tax_inquiry_url())
    mine = _source(_("My taxes"), reverse("tax:my-taxes"))
    nop = u.entities.nop
    if not nop:
        own = transactions.tax_bills_of(user)
        if own:
            reply.state["pending"] = ""
            lines = [_tax_line(fact, u.language) for fact in own]
            reply.text = " ".join(
                [_("Your PBB bills:"), *lines, _("You can pay them on My taxes.")]
                if not all(fact.paid for fact in own)
                else [_("Your PBB bills:"), *lines]
            )
            reply.sources = [mine]
            return reply
        reply.text = _(
            "Please send the tax object number (NOP, 18 digits, printed on your "
            "SPPT), or check your bill on the PBB page."
        )
        reply.action, reply.state["pending"] = "ask_number", "nop"
        reply.state["tax_year"] = _tax_year(u.text)  # kept for the NOP's answer
        reply.sources = [inquiry]
        return reply
    reply.state["pending"] = ""
    asked = reply.state.pop("tax_year", None)  # named before the NOP was asked for
    asked = asked if u.from_context else None
    year = _tax_year(u.text) or asked or timezone.localdate().year
    fact = transactions.tax_bill_by_nop(user, nop, year)
    if fact is None:
        reply.text = _(
            "Sorry, I find no PBB bill for NOP %(nop)s and tax year %(year)d. Please "
            "check the NOP on your SPPT, or ask on the PBB inquiry page."
        ) % {"nop": format_nop(nop), "year": year}
        reply.sources = [inquiry]
        return reply
    reply.text = _tax_line(fact, u.language)
    reply.sources = [_source(_("PBB-P2 bill inquiry"), fact.inquiry_url)]
    if fact.own and not fact.paid:
        reply.text += " " + _("You can pay it on My taxes.")
        reply.sources.append(mine)
    return reply


def _complaint(u: Understanding, reply: Reply) -> Reply:
    slug = u.service or REPORT_SLUG
    reply.text = _(
        "I am sorry to hear that. Shall I turn this into a report for the "
        "responsible office? Answer yes to confirm, or describe the problem further."
    )
    reply.action = "confirm_report"
    reply.state.update(pending="confirm_report", complaint=u.text[:500], service=slug)
    report = service_get(REPORT_SLUG)
    reply.sources = [
        _source(
            facts.pick(report.name, u.language),
            report.external_url or facts.service_url(report),
        )
    ]
    if slug != REPORT_SLUG:
        reply.sources.insert(0, _service_source(slug, u.language))
    return reply


def _out_of_scope(reply: Reply, lang: str) -> Reply:
    reply.text = _(
        "Sorry, I can only help with the services of this portal (identity documents, "
        "civil registration, permits, PBB and citizen reports). For other matters, "
        "please contact the agency responsible; the list of services shows what I "
        "can answer."
    )
    reply.sources = [_source(_("Services"), reverse("catalog:service-list"))]
    return reply


def respond(
    text: str, *, state: dict[str, Any] | None = None, user: Any = None
) -> Reply:
    """The assistant's reply to ``text`` in a conversation at ``state``."""
    state = dict(state or {})
    u = understand(
        text, state=state, application_service=transactions.service_of_application(user)
    )
    with override(u.language):
        return _respond(u, state, user)


def _respond(u: Understanding, state: dict[str, Any], user: Any) -> Reply:
    reply = Reply(
        text="",
        intent=u.intent,
        service=u.service,
        confidence=u.confidence,
        state={**state, "intent": u.intent, "pending": ""},
        understanding=u,
    )
    if u.service:
        reply.state["service"] = u.service
    words = set(u.text.lower().replace("!", " ").replace(".", " ").split())
    if state.get("pending") == "confirm_report" and words and words <= YES:
        reply.intent, reply.service = "complaint", state.get("service") or REPORT_SLUG
        reply.confidence = 1.0
        if reply.service == REPORT_SLUG:
            reply.action, reply.state["pending"] = "ask_location", "report_location"
            reply.text = _(
                "Where is it? Write the address or a landmark (street, RT/RW, "
                "district)."
            )
        else:  # a complaint about a service goes to its officers
            reply.action = "handoff"
            reply.text = _(
                "Thank you. I am passing your complaint to an officer of the "
                "service, who will answer here."
            )
        return reply
    if state.get("pending") == "report_location" and u.text.strip():
        reply.intent, reply.service, reply.confidence = "complaint", REPORT_SLUG, 1.0
        reply.action = "file_report"
        reply.state.update(report_address=u.text.strip()[:300], pending="")
        reply.text = _("Your report is being filed.")
        return reply
    if state.get("pending") == "confirm_report" and words and words <= NO:
        reply.intent, reply.service, reply.confidence = "greeting", None, 1.0
        reply.text = _("All right, no report was made. Can I help with anything else?")
        return reply

    if u.confidence < FALLBACK_THRESHOLD or u.notes.get("no_words"):
        page = None if u.notes.get("no_words") else _page_reply(u, reply)
        if page is not None:
            return page
        reply.fallback = True
        reply.text = _(
            "Sorry, I am not sure what you mean. Could you put it differently? You "
            "can also ask for an officer."
        )
        reply.sources = _suggest_services(u.text, u.language)
        return reply
    if u.confidence < CLARIFY_BELOW and not u.from_context:
        # unsure what was meant, but the words clearly name a public page
        page = _page_reply(u, reply)
        if page is not None:
            return page
    second = u.ranking[1] if len(u.ranking) > 1 else ("", 0.0)
    if (
        u.confidence < CLARIFY_BELOW
        and u.confidence - second[1] < CLARIFY_MARGIN
        and not u.from_context
    ):
        reply.action = "clarify"
        reply.suggestions = [u.intent, second[0]]
        reply.text = _("Do you mean %(first)s or %(second)s?") % {
            "first": intent_label(u.intent),
            "second": intent_label(second[0]),
        }
        return reply

    if u.intent == "greeting":
        reply.text = _(
            "Hello, I am Asisten Balai. Ask me about requirements, fees, how long a "
            "service takes and how to apply, or about your application or report."
        )
        return reply
    if u.intent == "handoff":
        reply.action = "handoff"
        reply.text = _(
            "I am passing this conversation to an officer, who will answer here "
            "during office hours."
        )
        return reply
    if u.intent == "out_of_scope":
        return _page_reply(u, reply) or _out_of_scope(reply, u.language)
    if u.intent == "status_application":
        return _status_application(u, reply, user)
    if u.intent == "status_report":
        return _status_report(u, reply)
    if u.intent == "tax_bill":
        return _tax_bill(u, reply, user)
    if u.intent == "complaint":
        return _complaint(u, reply)

    # requirements, fee, duration, how_to_apply
    hit = _faq_hit(u, u.service)
    if hit is not None and (u.service is None or hit.document.slug == u.service):
        return _faq_reply(hit, u, reply)
    if u.service is None:
        page = _page_reply(u, reply)
        if page is not None:
            return page
        reply.action, reply.state["pending"] = "ask_service", "service"
        if u.ambiguous_services:  # two services named equally: ask between them
            reply.sources = [
                _service_source(slug, u.language) for slug in u.ambiguous_services[:3]
            ]
        else:
            reply.sources = _suggest_services(u.text, u.language)
        reply.text = _("Which service do you mean? For example: %(examples)s.") % {
            "examples": ", ".join(s["title"] for s in reply.sources)
            or _("KTP-el, family card, birth certificate")
        }
        return reply
    return _service_answer(u, reply, u.service)


__all__ = ["SERVICE_INTENTS", "Reply", "intent_label", "respond"]
