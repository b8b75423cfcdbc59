# SPDX-License-Identifier: EUPL-1.2
"""Serial counters for new NIKs and KK numbers, one row per 12-digit prefix.

The allocation service increments a row with a single UPDATE inside its transaction,
which locks the row until commit: two workers allocating for the same prefix queue
up instead of reading the same value. A prefix encodes a district and a birth date,
so rows are keyed by a blind index of it, not by the digits themselves.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SerialSequence(models.Model):
    key = models.CharField(_("prefix index"), max_length=64, primary_key=True)
    last = models.PositiveSmallIntegerField(_("last serial issued"), default=0)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last__lte=9999), name="registry_%(class)s_last_max"
            )
        ]

    def __str__(self) -> str:
        return f"{self.key[:8]}… {self.last}"


class NikSequence(SerialSequence):
    """PPKKCC + DD(+40)MMYY → the last NIK serial issued."""

    class Meta(SerialSequence.Meta):
        verbose_name = _("NIK sequence")
        verbose_name_plural = _("NIK sequences")


class KkSequence(SerialSequence):
    """PPKKCC + DDMMYY (issue date) → the last family card serial issued."""

    class Meta(SerialSequence.Meta):
        verbose_name = _("family card number sequence")
        verbose_name_plural = _("family card number sequences")
