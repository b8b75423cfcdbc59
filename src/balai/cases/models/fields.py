# SPDX-License-Identifier: EUPL-1.2
"""An encrypted JSON field: application answers hold personal data."""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

from balai.security.crypto.fields import EncryptedTextField


class EncryptedJSONField(EncryptedTextField):
    """A JSON value (dict or list) stored as one ciphertext token.

    Dates and decimals are written as strings (``DjangoJSONEncoder``); callers store
    JSON-safe values and parse dates where they use them.
    """

    def to_plaintext(self, value: Any) -> str:
        return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)

    def from_plaintext(self, text: str) -> Any:
        return json.loads(text) if text else None

    def to_python(self, value: Any) -> Any:
        return value  # already a Python value; TextField would turn it into str

    def get_prep_value(self, value: Any) -> Any:
        # skip TextField's str() coercion: the value is a dict, encoded above
        if value is None:
            return None
        from balai.security.crypto.cipher import encrypt

        return encrypt(self.to_plaintext(value), self.context)
