# SPDX-License-Identifier: EUPL-1.2
"""Refuse common passwords, offline: Django's list of 20,000 plus an Indonesian one.

No network service is called (no "have I been pwned" look-up): the lists ship with
Django and with Balai (``accounts/data/common-passwords-id.txt``). Besides exact
matches, an Indonesian stem followed only by digits or symbols (``bismillah123!``),
and look-alike digits (``b1sm1ll4h``), are refused too.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

from django.contrib.auth.password_validation import (
    CommonPasswordValidator as DjangoCommonPasswordValidator,
)
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

INDONESIAN_LIST = Path(__file__).parent / "data" / "common-passwords-id.txt"
_LOOKALIKE = str.maketrans(
    {"4": "a", "@": "a", "3": "e", "1": "i", "!": "i", "0": "o", "5": "s", "$": "s"}
)
_TAIL = re.compile(r"[\W\d_]+$")
_HEAD = re.compile(r"^[\W\d_]+")


@functools.cache
def indonesian_passwords() -> frozenset[str]:
    lines = INDONESIAN_LIST.read_text(encoding="utf-8").splitlines()
    return frozenset(
        line.strip().lower() for line in lines if line.strip() and line[0] != "#"
    )


class CommonPasswordValidator(DjangoCommonPasswordValidator):
    """Django's common-password check plus Indonesian passwords and their stems."""

    def _stems(self, password: str) -> set[str]:
        lowered = password.lower().strip()
        forms = {lowered, lowered.translate(_LOOKALIKE)}
        for form in list(forms):
            forms.add(_HEAD.sub("", _TAIL.sub("", form)))
        return {form for form in forms if form}

    def is_common(self, password: str) -> bool:
        if password.lower().strip() in self.passwords:
            return True
        indonesian = indonesian_passwords()
        stems = self._stems(password)
        if any(stem in indonesian for stem in stems):
            return True
        # a stem of a common word repeated ("sayangsayang") or doubled with digits
        return any(
            len(stem) % 2 == 0
            and stem[: len(stem) // 2] * 2 == stem
            and stem[: len(stem) // 2] in indonesian
            for stem in stems
        )

    def validate(self, password: str, user: Any = None) -> None:
        if self.is_common(password):
            raise ValidationError(
                _(
                    "This password is too common: it is on lists that attackers try "
                    "first. Choose another."
                ),
                code="password_too_common",
            )

    def get_help_text(self) -> str:
        return _("Your password can't be a commonly used password.")
