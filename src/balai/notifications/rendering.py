# SPDX-License-Identifier: EUPL-1.2
"""Render message templates: ``notifications/messages/<key>.<language>.txt``.

A template file starts with ``Subject: ...``, then a blank line, then the body. Text
messages are not HTML, so rendering does not autoescape. A missing language falls back
to Indonesian; an unknown key is a ``BalaiError`` with code ``unknown_template``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template import Context, Engine, TemplateDoesNotExist
from django.utils import translation
from django.utils.translation import gettext

from balai.core.errors import BalaiError
from balai.notifications.constants import (
    DEFAULT_LANGUAGE,
    ErrorCode,
    Language,
)

TEMPLATE_DIR = "notifications/messages"
_KEY = re.compile(r"^[a-z0-9][a-z0-9_]{0,63}$")
_SUBJECT_PREFIX = "Subject:"
_EXTRA_BLANK_LINES = re.compile(r"\n{3,}")


@dataclass(frozen=True)
class RenderedMessage:
    subject: str
    body: str
    language: str


def normalise_language(language: str | None) -> str:
    """``en-US`` → ``en``; anything Balai does not speak → Indonesian."""
    code = (language or "").split("-")[0].split("_")[0].lower()
    return code if code in Language.values else DEFAULT_LANGUAGE


def render_message(
    *, template: str, context: dict[str, Any], language: str = DEFAULT_LANGUAGE
) -> RenderedMessage:
    """Render ``template`` in ``language`` (falling back to Indonesian)."""
    language = normalise_language(language)
    compiled, used_language = _load(template, language)
    values = {"site_name": settings.SITE_NAME, **context}
    if isinstance(values.get("subject"), str):
        # A subject from the caller is one line, so it cannot spill into the body.
        values["subject"] = " ".join(values["subject"].split())
    with translation.override(used_language):
        text = compiled.render(Context(values, autoescape=False))
    subject, body = _split(text, template)
    return RenderedMessage(subject=subject, body=body, language=used_language)


def _load(template: str, language: str) -> tuple[Any, str]:
    if not _KEY.match(template or ""):
        raise _unknown(template)
    engine = Engine.get_default()
    for candidate in dict.fromkeys([language, DEFAULT_LANGUAGE]):
        try:
            name = f"{TEMPLATE_DIR}/{template}.{candidate}.txt"
            return engine.get_template(name), candidate
        except TemplateDoesNotExist:
            continue
    raise _unknown(template)


def _unknown(template: str) -> BalaiError:
    return BalaiError(
        gettext("There is no message template %(key)s.") % {"key": template[:64]},
        code=ErrorCode.UNKNOWN_TEMPLATE,
    )


def _split(text: str, template: str) -> tuple[str, str]:
    first, _newline, rest = text.lstrip().partition("\n")
    if not first.startswith(_SUBJECT_PREFIX):
        raise BalaiError(
            gettext("Message template %(key)s must start with a Subject line.")
            % {"key": template},
            code=ErrorCode.INVALID_TEMPLATE,
        )
    # One line, whatever the context held: a subject must not smuggle in headers.
    subject = " ".join(first[len(_SUBJECT_PREFIX) :].split())[:255]
    lines = [line.rstrip() for line in rest.strip("\n").splitlines()]
    body = _EXTRA_BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
    return subject, body
