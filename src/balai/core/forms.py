# SPDX-License-Identifier: EUPL-1.2
"""Domain errors onto Django forms: the one way every HTML view shows a BalaiError."""

from __future__ import annotations

from collections.abc import Callable

from django import forms

from balai.core.errors import BalaiError

FieldFor = Callable[[str], str | None]


def _own_field(form: forms.BaseForm) -> FieldFor:
    """The form's own ``field_for(name)`` when it has one, else the same-named field."""
    found: FieldFor | None = getattr(form, "field_for", None)
    if found is not None:
        return found
    return lambda name: name if name in form.fields else None


def errors_to_form(
    form: forms.BaseForm,
    exc: BalaiError,
    *,
    field_for: FieldFor | None = None,
    default: str | None = None,
) -> None:
    """Put a service's ``BalaiError`` on ``form`` so that no message is lost.

    - Each message of ``exc.field_errors`` goes under the form field that
      ``field_for(name)`` names. ``field_for`` defaults to the form's own
      ``field_for`` method when it has one (forms whose fields are named unlike the
      service's arguments), else to the field of the same name.
    - A field error with no field on this form goes to ``default``: ``None`` (the
      default) makes it an error of the whole form, a field name puts it there.
    - An error without field errors shows ``exc.message`` at ``default``; with field
      errors the summary message is left out (the fields say it in detail).
    """
    find = field_for or _own_field(form)
    if not exc.field_errors:
        form.add_error(default, exc.message)
        return
    for name, messages in exc.field_errors.items():
        target = find(name)
        if target is not None and target not in form.fields:
            target = None
        for message in messages:
            form.add_error(target if target is not None else default, message)
