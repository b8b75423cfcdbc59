# SPDX-License-Identifier: EUPL-1.2
"""``BlindIndexMixin``: keeps a model's blind indexes in step with their sources.

``save(update_fields=["email"])`` also writes ``email_index``; uniqueness checks
(forms, ``full_clean``) include an index whenever its source is checked and report
errors under the source field, where a form can show them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.text import capfirst

from balai.security.crypto.fields import BlindIndexField


def _indexes(model: type[Any]) -> list[BlindIndexField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, BlindIndexField)]


def _include_indexes(
    model: type[Any], exclude: Iterable[str] | None
) -> set[str] | None:
    if exclude is None:
        return None
    excluded = set(exclude)
    for index in _indexes(model):
        if index.source not in excluded:
            excluded.discard(index.name)
    return excluded


def _under_sources(model: type[Any], error: ValidationError) -> ValidationError:
    if not hasattr(error, "error_dict"):
        return error
    sources = {f.name: model._meta.get_field(f.source) for f in _indexes(model)}
    remapped: dict[str, list[ValidationError]] = {}
    for name, errors in error.error_dict.items():
        source = sources.get(name)
        if source is not None:
            for item in errors:
                if item.params:
                    item.params = {
                        **item.params,
                        "field_label": capfirst(source.verbose_name),
                    }
            name = source.name
        remapped.setdefault(name, []).extend(errors)
    return ValidationError(remapped)


class BlindIndexMixin:
    """Mix into every model that has a ``BlindIndexField`` (before ``models.Model``)."""

    def save(self, *args: Any, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            names = set(update_fields)
            for index in _indexes(type(self)):
                if index.source in names:
                    names.add(index.name)
            kwargs["update_fields"] = sorted(names)
        super().save(*args, **kwargs)  # type: ignore[misc]

    def validate_unique(self, exclude: Iterable[str] | None = None) -> None:
        model = type(self)
        try:
            super().validate_unique(exclude=_include_indexes(model, exclude))  # type: ignore[misc]
        except ValidationError as error:
            raise _under_sources(model, error) from None

    def validate_constraints(self, exclude: Iterable[str] | None = None) -> None:
        model = type(self)
        try:
            super().validate_constraints(  # type: ignore[misc]
                exclude=_include_indexes(model, exclude)
            )
        except ValidationError as error:
            raise _under_sources(model, error) from None
