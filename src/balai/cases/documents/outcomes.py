# SPDX-License-Identifier: EUPL-1.2
"""What each verification outcome means, in words for the public page.

Shown in the visitor's language and, below it, in the other one (a foreign office
checking an Indonesian deed, or a citizen reading an English answer), so the texts
are resolved per language by ``bilingual``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from balai.cases.documents.constants import Outcome

# outcome -> (tone for the alert class, title, explanation)
TEXTS = {
    Outcome.AUTHENTIC: (
        "success",
        _("Authentic and valid"),
        _("This document was issued by the agency below and is valid."),
    ),
    Outcome.REVOKED: (
        "error",
        _("Revoked"),
        _(
            "This document was issued by the agency below but has been revoked; "
            "it can no longer be relied on."
        ),
    ),
    Outcome.EXPIRED: (
        "warning",
        _("Expired"),
        _(
            "This document was issued by the agency below, but its validity period "
            "has ended."
        ),
    ),
    Outcome.UNKNOWN: (
        "warning",
        _("Unknown code"),
        _(
            "No document has this verification code. Check the code on the paper; "
            "a document that cannot be found may be forged."
        ),
    ),
    Outcome.TAMPERED: (
        "error",
        _("Tampered: changed after signing"),
        _(
            "The file's content does not match its electronic signature. It was "
            "changed after it was signed and must not be relied on."
        ),
    ),
    Outcome.MODIFIED: (
        "error",
        _("Modified after signing"),
        _(
            "Changes were added to this file after it was signed. The signed "
            "version may be genuine, but this file is not the document as issued."
        ),
    ),
    Outcome.UNTRUSTED: (
        "error",
        _("Untrusted signature"),
        _(
            "The file is signed, but not with a certificate this government "
            "trusts. It was not issued through Balai."
        ),
    ),
    Outcome.UNSIGNED: (
        "error",
        _("Not signed"),
        _(
            "This PDF carries no electronic signature, so it is not an "
            "electronically issued document."
        ),
    ),
    Outcome.UNREGISTERED: (
        "error",
        _("Not registered"),
        _(
            "The signature is valid, but no registered document matches this "
            "file. Contact the issuing agency."
        ),
    ),
    Outcome.WRONG_SIGNER: (
        "error",
        _("Signed by another certificate"),
        _(
            "The file was not signed with the certificate the issuing agency used "
            "for this document."
        ),
    ),
    Outcome.MISMATCH: (
        "error",
        _("Not the registered copy"),
        _(
            "The file is signed, but it differs from the document registered under "
            "this code."
        ),
    ),
    Outcome.UNREADABLE: (
        "error",
        _("Unreadable PDF"),
        _("The file could not be read as a PDF document."),
    ),
}


@dataclass(frozen=True)
class OutcomeText:
    language: str
    title: str
    detail: str


def tone(outcome: Outcome) -> str:
    return TEXTS[outcome][0]


def bilingual(outcome: Outcome) -> list[OutcomeText]:
    """The outcome's title and explanation, the active language first."""
    current = translation.get_language() or settings.LANGUAGE_CODE
    codes = [code for code, _name in settings.LANGUAGES]
    ordered = sorted(codes, key=lambda code: code != current[:2])
    texts = []
    for code in ordered:
        with translation.override(code):
            _tone, title, detail = TEXTS[outcome]
            texts.append(OutcomeText(code, str(title), str(detail)))
    return texts
