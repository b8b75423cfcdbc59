# SPDX-License-Identifier: EUPL-1.2
"""Model fields for personal data: ciphertext in the database, plaintext in Python.

``EncryptedTextField`` and its typed variants store ``cipher`` tokens in a text column;
the context (``"<app>.<Model>.<field>"`` unless given) binds each token to its column.
The database cannot compare ciphertext, so only ``isnull`` lookups are allowed: exact
lookups go through a ``BlindIndexField`` (``filter(nik_index=index_for(User, "nik",
value))``). Renaming a model or field changes its default context: pin ``context=``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core import checks
from django.core.exceptions import FieldError
from django.db import models
from django.db.models.query_utils import DeferredAttribute

from balai.security.crypto.blind import blind_index
from balai.security.crypto.cipher import decrypt, encrypt

ALLOWED_LOOKUPS = frozenset({"isnull"})


class EncryptedLookupError(FieldError):
    """A lookup that the database cannot answer on ciphertext."""


class EncryptedField(models.Field):
    """Base of every encrypted field: the rotation finds columns by this class."""

    def __init__(self, *args: Any, context: str | None = None, **kwargs: Any) -> None:
        self.explicit_context = context
        self.context = context or ""
        super().__init__(*args, **kwargs)

    def contribute_to_class(
        self, cls: type[models.Model], name: str, private_only: bool = False
    ) -> None:
        super().contribute_to_class(cls, name, private_only=private_only)
        self.context = self.explicit_context or f"{cls._meta.label}.{name}"

    def deconstruct(self) -> tuple[str, str, list[Any], dict[str, Any]]:
        name, path, args, kwargs = super().deconstruct()
        if self.explicit_context:
            kwargs["context"] = self.explicit_context
        return name, path, args, kwargs

    def get_internal_type(self) -> str:
        return "TextField"  # tokens are longer than any max_length of the plaintext

    # plaintext <-> Python value
    def to_plaintext(self, value: Any) -> str:
        return str(value)

    def from_plaintext(self, text: str) -> Any:
        return text

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None:
            return None
        text = self.to_plaintext(value)
        return encrypt(text, self.context) if text else ""

    def get_db_prep_value(
        self, value: Any, connection: Any, prepared: bool = False
    ) -> Any:
        return value if prepared else self.get_prep_value(value)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return None if value is None else self.from_plaintext("")
        return self.from_plaintext(decrypt(value, self.context))

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name in ALLOWED_LOOKUPS:
            return super().get_lookup(lookup_name)
        raise self._refuse(lookup_name)

    def get_transform(self, lookup_name: str) -> Any:
        raise self._refuse(lookup_name)

    def _refuse(self, lookup_name: str) -> EncryptedLookupError:
        indexes = [
            f.name
            for f in self.model._meta.concrete_fields
            if isinstance(f, BlindIndexField) and f.source == self.name
        ]
        model = self.model.__name__
        hint = (
            f"use the blind index: filter({indexes[0]}=index_for({model}, "
            f"'{self.name}', value))"
            if indexes
            else "it has no blind index, so compare decrypted values in Python"
        )
        return EncryptedLookupError(
            f"{self.context} is encrypted: the database cannot evaluate "
            f"'{lookup_name}' on ciphertext (only isnull); {hint}."
        )


class EncryptedTextField(EncryptedField, models.TextField):
    """Free text (notes, addresses, message bodies), encrypted."""


class EncryptedCharField(EncryptedField, models.CharField):
    """Short text; ``max_length`` validates the plaintext, the column is text."""


class EncryptedEmailField(EncryptedField, models.EmailField):
    """An email address, validated as one, encrypted."""


class EncryptedDateField(EncryptedField, models.DateField):
    """A date (ISO ``YYYY-MM-DD`` inside the ciphertext); Python sees datetime.date."""

    def to_plaintext(self, value: Any) -> str:
        return value.isoformat()

    def from_plaintext(self, text: str) -> dt.date | None:
        return dt.date.fromisoformat(text) if text else None


# --- blind indexes --------------------------------------------------------------------


class ComputedAttribute(DeferredAttribute):
    """The descriptor of a column computed from other fields (a blind index, a value
    derived from the NIK): reading it computes it from the source through the field's
    ``compute(instance)``, so it is never stale (also for ``bulk_update`` and bulk
    writers, which read the attribute); a value loaded from the database is kept."""

    def __get__(self, instance: Any, cls: Any = None) -> Any:
        if instance is None:
            return self
        return self.field.compute(instance)

    def __set__(self, instance: Any, value: Any) -> None:
        instance.__dict__[self.field.attname] = value  # loaded; not deferred


class BlindIndexField(models.CharField):
    """HMAC of another field's value, for exact lookups and uniqueness; NULL if empty.

    ``normaliser``: ``exact`` (default), ``strip``, ``lower``, ``digits`` or a dotted
    path to ``(str) -> str | None``. The model must inherit ``BlindIndexMixin``.
    """

    descriptor_class = ComputedAttribute

    def __init__(
        self,
        source: str,
        normaliser: str | None = None,
        *,
        context: str | None = None,
        **kwargs: Any,
    ) -> None:
        self.source = source
        self.normaliser = normaliser
        self.explicit_context = context
        self.context = context or ""
        kwargs["max_length"] = 64
        kwargs["editable"] = False
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        if not kwargs.get("unique"):
            kwargs.setdefault("db_index", True)
        super().__init__(**kwargs)

    def contribute_to_class(
        self, cls: type[models.Model], name: str, private_only: bool = False
    ) -> None:
        super().contribute_to_class(cls, name, private_only=private_only)
        self.context = self.explicit_context or f"{cls._meta.label}.{self.source}"

    def deconstruct(self) -> tuple[str, str, list[Any], dict[str, Any]]:
        name, path, _args, kwargs = super().deconstruct()
        kwargs.pop("max_length", None)
        kwargs.pop("editable", None)
        if self.normaliser:
            kwargs["normaliser"] = self.normaliser
        if self.explicit_context:
            kwargs["context"] = self.explicit_context
        return name, path, [self.source], kwargs

    def index_of(self, value: Any) -> str | None:
        """The index of a source value (None for None or empty)."""
        if value is None or value == "":
            return None
        text = value.isoformat() if isinstance(value, dt.date) else str(value)
        return blind_index(text, context=self.context, normaliser=self.normaliser)

    def compute(self, instance: models.Model) -> str | None:
        return self.index_of(getattr(instance, self.source))

    def pre_save(self, model_instance: models.Model, add: bool) -> str | None:
        value = self.compute(model_instance)
        setattr(model_instance, self.attname, value)
        return value

    def check(self, **kwargs: Any) -> list[checks.CheckMessage]:
        errors = super().check(**kwargs)
        model = getattr(self, "model", None)
        if model is None:
            return errors
        if self.source not in {f.name for f in model._meta.concrete_fields}:
            errors.append(
                checks.Error(
                    f"BlindIndexField source {self.source!r} is not a field of "
                    f"{model._meta.label}.",
                    obj=self,
                    id="security.E001",
                )
            )
        from balai.security.crypto.mixins import BlindIndexMixin

        if not issubclass(model, BlindIndexMixin):
            errors.append(
                checks.Error(
                    f"{model._meta.label} has a BlindIndexField but does not inherit "
                    "BlindIndexMixin, so save(update_fields=...) could leave the "
                    "index stale.",
                    obj=self,
                    id="security.E002",
                )
            )
        return errors
