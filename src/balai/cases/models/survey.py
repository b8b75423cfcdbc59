# SPDX-License-Identifier: EUPL-1.2
"""The satisfaction survey (Survei Kepuasan Masyarakat, PermenPAN-RB 14/2017)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from balai.cases.constants import IKM_ELEMENTS
from balai.core.models import BaseModel
from balai.security.crypto.fields import EncryptedTextField


def _score(label: object) -> models.PositiveSmallIntegerField[int, int]:
    return models.PositiveSmallIntegerField(
        label,  # type: ignore[arg-type]
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )


class SatisfactionSurvey(BaseModel):
    """One answer per completed application: nine elements scored 1-4, a comment."""

    application = models.OneToOneField(
        "cases.Application",
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="survey",
    )
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("respondent"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    service_slug = models.SlugField(_("service"), max_length=80)
    agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    u1_requirements = _score(IKM_ELEMENTS[0][1])
    u2_procedure = _score(IKM_ELEMENTS[1][1])
    u3_time = _score(IKM_ELEMENTS[2][1])
    u4_fee = _score(IKM_ELEMENTS[3][1])
    u5_product = _score(IKM_ELEMENTS[4][1])
    u6_competence = _score(IKM_ELEMENTS[5][1])
    u7_conduct = _score(IKM_ELEMENTS[6][1])
    u8_complaints = _score(IKM_ELEMENTS[7][1])
    u9_facilities = _score(IKM_ELEMENTS[8][1])
    comment = EncryptedTextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(**{f"{name}__gte": 1, f"{name}__lte": 4}),
                name=f"cases_survey_{name}_range",
            )
            for name, _label in IKM_ELEMENTS
        ]

    def __str__(self) -> str:
        return f"survey {str(self.pk)[:8]}"
