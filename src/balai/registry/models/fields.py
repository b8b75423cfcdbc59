# SPDX-License-Identifier: EUPL-1.2
"""A blind index over several fields, and a plain column derived from another field.

``CompositeBlindIndexField``: a blind index over several fields (a person's name
together with the birth date).

``CompositeBlindIndexField(["full_name", "birth_date"], normaliser=...)`` joins the
source values with ``|`` and hands the text to the normaliser; a missing part gives
NULL. ``CompositeIndexMixin`` keeps it current on ``save(update_fields=...)`` when any
of its sources is saved, as ``BlindIndexMixin`` does for single-source indexes.

``DerivedCharField``: a plain column computed from another field on every write (the
province code of a resident's NIK, the key the register is partitioned by on
PostgreSQL), so no write path can forget or contradict it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core import checks
from django.db import models
from django.utils.module_loading import import_string

from balai.registry.normalise import NAME_BIRTH_SEPARATOR
from balai.security.crypto.fields import BlindIndexField, ComputedAttribute
from balai.security.crypto.mixins import BlindIndexMixin


def _part(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return value.isoformat() if isinstance(value, dt.date) else str(value)


class CompositeBlindIndexField(BlindIndexField):
    """HMAC of several source values; look it up with ``index_of((a, b))``."""

    def __init__(
        self,
        sources: Sequence[str],
        normaliser: str | None = None,
        *,
        context: str | None = None,
        **kwargs: Any,
    ) -> None:
        self.sources = tuple(sources)
        super().__init__(self.sources[0], normaliser, context=context, **kwargs)

    def deconstruct(self) -> tuple[str, str, list[Any], dict[str, Any]]:
        name, path, _args, kwargs = super().deconstruct()
        return name, path, [list(self.sources)], kwargs

    def index_of(self, value: Any) -> str | None:
        """The index of a tuple of source values (or of the already joined text)."""
        if isinstance(value, tuple | list):
            parts = [_part(item) for item in value]
            if any(part is None for part in parts):
                return None
            value = NAME_BIRTH_SEPARATOR.join(parts)  # type: ignore[arg-type]
        return super().index_of(value)

    def compute(self, instance: models.Model) -> str | None:
        return self.index_of(tuple(getattr(instance, name) for name in self.sources))

    def check(self, **kwargs: Any) -> list[checks.CheckMessage]:
        errors = super().check(**kwargs)
        model = getattr(self, "model", None)
        if model is None:
            return errors
        names = {f.name for f in model._meta.concrete_fields}
        errors.extend(
            checks.Error(
                f"CompositeBlindIndexField source {source!r} is not a field of "
                f"{model._meta.label}.",
                obj=self,
                id="registry.E001",
            )
            for source in self.sources
            if source not in names
        )
        return errors


class DerivedCharField(models.CharField):  # type: ignore[type-arg]
    """Plain text computed by ``function`` (dotted path, ``(value) -> str``) from the
    field ``source`` whenever the row is written; never edited on its own."""

    descriptor_class = ComputedAttribute

    def __init__(self, source: str, function: str, **kwargs: Any) -> None:
        self.source = source
        self.function = function
        kwargs["editable"] = False
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(**kwargs)

    @property
    def sources(self) -> tuple[str, ...]:
        return (self.source,)

    def deconstruct(self) -> tuple[str, str, list[Any], dict[str, Any]]:
        name, path, _args, kwargs = super().deconstruct()
        kwargs.pop("editable", None)
        return name, path, [self.source, self.function], kwargs

    def derive(self, value: Any) -> str:
        result: str = import_string(self.function)(value)
        return result

    def compute(self, instance: models.Model) -> str:
        return self.derive(getattr(instance, self.source))

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        value = self.compute(model_instance)
        setattr(model_instance, self.attname, value)
        return value


class CompositeIndexMixin(BlindIndexMixin):
    """Adds composite indexes and derived fields to ``update_fields`` when a source of
    theirs is saved."""

    def save(self, *args: Any, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            names = set(update_fields)
            for field in type(self)._meta.concrete_fields:  # type: ignore[attr-defined]
                if isinstance(
                    field, CompositeBlindIndexField | DerivedCharField
                ) and names & set(field.sources):
                    names.add(field.name)
            kwargs["update_fields"] = sorted(names)
        super().save(*args, **kwargs)
