# SPDX-License-Identifier: EUPL-1.2
"""What a service definition is, once its YAML file has been loaded and validated.

This module is the contract between the catalog (which loads ``services/*.yaml`` into
these frozen objects) and its readers (cases, the assistant, the portal). Readers get
definitions only through ``balai.catalog.selectors``; they never parse YAML themselves.

Texts that citizens read are :class:`Text` pairs (Indonesian first, English second);
``str(text)`` gives the one for the active language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import get_language


@dataclass(frozen=True)
class Text:
    """A text in Indonesian and English."""

    id: str
    en: str

    def __str__(self) -> str:
        language = (get_language() or "id").split("-")[0]
        return self.en if language == "en" else self.id


@dataclass(frozen=True)
class DocumentRequirement:
    """A document the citizen uploads (or shows) with the application."""

    code: str  # e.g. "surat-keterangan-lahir"; unique within the service
    name: Text
    required: bool = True
    # accepted upload types, checked by balai.core.uploads (sniffed, not by extension)
    content_types: tuple[str, ...] = ("application/pdf", "image/jpeg", "image/png")
    max_bytes: int = 5 * 1024 * 1024
    note: Text | None = None


@dataclass(frozen=True)
class Condition:
    """A condition the applicant must meet (shown on the service page)."""

    text: Text


@dataclass(frozen=True)
class Fee:
    """What the service costs. ``amount`` is whole rupiah; 0 means free."""

    amount: Decimal = Decimal(0)
    # free text for fees that depend on the case (e.g. retribusi PBG by floor area)
    basis: Text | None = None
    # a formula name understood by cases for computed fees, or "" for a fixed amount
    formula: str = ""

    @property
    def is_free(self) -> bool:
        return self.amount == 0 and not self.formula


@dataclass(frozen=True)
class WorkflowStep:
    """One step officers (or the system) perform, in order."""

    code: str  # e.g. "verifikasi-berkas"
    name: Text
    role: str  # accounts Role value of whoever performs it, or "system"
    description: Text | None = None
    # a decision someone of ``role`` signs in the workflow: the application is
    # approved when the last sign-off step is signed, after every earlier one in
    # order, each by a different person (the approval chain)
    sign_off: bool = False


@dataclass(frozen=True)
class OutputDocument:
    """The document issued when the application is approved."""

    template: str  # an issued-documents template name, e.g. "akta-kelahiran"
    title: Text
    # form or register fields printed on the document, in order
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class ServiceDefinition:
    """One service of the catalog (one YAML file)."""

    slug: str  # URL key, e.g. "akta-kelahiran"; the file is services/<slug>.yaml
    name: Text
    summary: Text
    description: Text
    agency: str  # accounts Agency.code of the responsible agency, e.g. "disdukcapil"
    life_events: tuple[str, ...]  # codes of life events, e.g. ("kelahiran",)
    keywords: tuple[str, ...]  # everyday words and synonyms used by search
    requirements: tuple[DocumentRequirement, ...]
    conditions: tuple[Condition, ...]
    fee: Fee
    legal_basis: tuple[str, ...]  # citations, e.g. "Perpres 96/2018 Pasal 33"
    sla_working_days: int  # service time in Indonesian working days
    form_schema: dict[str, Any]  # JSON Schema (draft 2020-12) of the application form
    # per form property: its label/help in both languages and how to prefill it from the
    # applicant's register record (e.g. {"nik": {"label": Text, "prefill": "nik"}})
    form_ui: dict[str, Any]
    steps: tuple[WorkflowStep, ...]
    output: OutputDocument | None
    # "application" (apply online through cases), or a pointer to another feature:
    # "tax" (pbb-p2 — the tax pages) or "report" (pengaduan — citizen reports)
    kind: str = "application"
    # register change performed on approval (civil-registry services), e.g. "birth";
    # "" when approval changes nothing in the register
    register_action: str = ""
    external_url: str = ""  # for kind != "application": where the feature lives
    channels: tuple[str, ...] = ("online",)
    extra: dict[str, Any] = field(default_factory=dict)
    # version of this definition (requirements, form, steps); raised whenever one of
    # them changes, so an application can record the version it was checked against
    version: int = 1
    # free-text form properties that say what an application is about (the child's
    # name on a birth certificate, the business on a licence), shown to officers in
    # their inbox next to the applicant; display only, so not part of ``version``
    subject: tuple[str, ...] = ()

    @property
    def applies_online(self) -> bool:
        return self.kind == "application"

    @property
    def approval_chain(self) -> tuple[WorkflowStep, ...]:
        """The sign-off steps in order; the last one approves the application."""
        return tuple(step for step in self.steps if step.sign_off)
