# SPDX-License-Identifier: EUPL-1.2
"""Musrenbang proposals (usulan), their staged review and participatory budgeting.

A :class:`MusrenbangRound` is one year's planning round of a regency/city. Citizens,
community groups and villages file :class:`Proposal` rows; officers at the
desa/kelurahan, kecamatan and kabupaten/kota levels forward, merge, defer or reject
them (``budgeting_states``); every step is a :class:`ProposalDecision` on the public
timeline. A :class:`BudgetRound` (participatory budgeting) puts proposals of an area
to a vote under a budget ceiling; a :class:`BudgetBallot` is one verified account's
selection. An accepted proposal may carry a link to a finance budget item, through
which the public page shows budget against realisation.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from balai.core.models import BaseModel
from balai.core.storage import private_storage

__all__ = [
    "BudgetBallot",
    "BudgetBallotChoice",
    "BudgetRound",
    "BudgetRoundStatus",
    "MusrenbangRound",
    "Proposal",
    "ProposalDecision",
    "ProposalKind",
    "ProposalLevel",
    "ProposalPhoto",
    "ProposalStatus",
    "ProposalSupport",
    "Sector",
]


class ProposalStatus(models.TextChoices):
    AT_DESA = "at_desa", _("Under review at the village")
    AT_KECAMATAN = "at_kecamatan", _("Under review at the district")
    AT_KABUPATEN = "at_kabupaten", _("Under review at the regency/city")
    ACCEPTED = "accepted", _("Accepted into the plan")
    DEFERRED = "deferred", _("Deferred")
    REJECTED = "rejected", _("Rejected")
    MERGED = "merged", _("Merged into another proposal")


class ProposalLevel(models.TextChoices):
    DESA = "desa", _("Village (desa/kelurahan)")
    KECAMATAN = "kecamatan", _("District (kecamatan)")
    KABUPATEN = "kabupaten", _("Regency/city (kabupaten/kota)")


class ProposalKind(models.TextChoices):
    CITIZEN = "citizen", _("Citizen")
    GROUP = "group", _("Community group")
    VILLAGE = "village", _("Village")


class Sector(models.TextChoices):
    INFRASTRUCTURE = "infrastructure", _("Roads and infrastructure")
    WATER = "water", _("Water and sanitation")
    HEALTH = "health", _("Health")
    EDUCATION = "education", _("Education")
    ECONOMY = "economy", _("Local economy")
    ENVIRONMENT = "environment", _("Environment")
    SOCIAL = "social", _("Social affairs")
    OTHER = "other", _("Other")


class BudgetRoundStatus(models.TextChoices):
    DRAFT = "draft", _("In preparation")
    VOTING = "voting", _("Voting open")
    CLOSED = "closed", _("Closed")


class MusrenbangRound(BaseModel):
    """One year's Musrenbang of a regency/city (RKPD of ``fiscal_year``)."""

    title = models.CharField(_("title"), max_length=200)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    region_code = models.CharField(_("region code"), max_length=13, blank=True)
    is_open = models.BooleanField(_("open for proposals"), default=True)

    class Meta:
        verbose_name = _("Musrenbang round")
        verbose_name_plural = _("Musrenbang rounds")
        ordering = ["-fiscal_year", "-created_at"]

    def __str__(self) -> str:
        return self.title


class Proposal(BaseModel):
    """A proposal (usulan) on its way through the levels."""

    round = models.ForeignKey(
        MusrenbangRound,
        verbose_name=_("round"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    public_id = models.CharField(_("number"), max_length=16, unique=True)
    title = models.CharField(_("title"), max_length=200)
    problem = models.TextField(_("problem"))
    kind = models.CharField(
        _("proposed by"),
        max_length=10,
        choices=ProposalKind.choices,
        default=ProposalKind.CITIZEN,
    )
    group_name = models.CharField(
        _("group or village name"), max_length=200, blank=True
    )
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    address = models.CharField(_("place"), max_length=300, blank=True)
    region_code = models.CharField(_("region code"), max_length=13, db_index=True)
    sector = models.CharField(_("sector"), max_length=16, choices=Sector.choices)
    agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    estimated_cost = models.DecimalField(
        _("estimated cost"), max_digits=18, decimal_places=0
    )
    status = models.CharField(
        _("status"),
        max_length=14,
        choices=ProposalStatus.choices,
        default=ProposalStatus.AT_DESA,
        db_index=True,
    )
    level = models.CharField(
        _("level"),
        max_length=10,
        choices=ProposalLevel.choices,
        default=ProposalLevel.DESA,
    )
    reason = models.TextField(_("reason of the last decision"), blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
    )
    budget_item = models.ForeignKey(
        "finance.BudgetItem",
        verbose_name=_("budget item"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    budget_year = models.PositiveSmallIntegerField(
        _("budget year"), null=True, blank=True
    )
    support_count = models.PositiveIntegerField(_("supports"), default=0)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["sector", "lat"], name="participation_prop_near")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(estimated_cost__gte=0),
                name="participation_proposal_cost_positive",
            ),
            models.CheckConstraint(
                condition=Q(status="merged", merged_into__isnull=False)
                | ~Q(status="merged"),
                name="participation_proposal_merged_has_target",
            ),
        ]

    def __str__(self) -> str:
        return self.public_id

    @property
    def audit_subject_id(self) -> object:
        return self.proposer_id


def proposal_photo_path(instance: ProposalPhoto, filename: str) -> str:
    return f"participation/proposals/{instance.proposal_id}/{instance.pk}.jpg"


class ProposalPhoto(BaseModel):
    """A photo re-encoded as JPEG without metadata (the upload is discarded)."""

    proposal = models.ForeignKey(
        Proposal,
        verbose_name=_("proposal"),
        on_delete=models.CASCADE,
        related_name="photos",
    )
    file = models.FileField(
        _("file"), upload_to=proposal_photo_path, storage=private_storage
    )
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("proposal photo")
        verbose_name_plural = _("proposal photos")
        ordering = ["position", "created_at"]

    def __str__(self) -> str:
        return f"{self.proposal_id}/{self.pk}"


class ProposalSupport(BaseModel):
    """One account's support of a proposal (at most one each)."""

    proposal = models.ForeignKey(
        Proposal,
        verbose_name=_("proposal"),
        on_delete=models.CASCADE,
        related_name="supports",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "user"], name="participation_proposal_support_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} +1"


class ProposalDecision(BaseModel):
    """One step of a proposal's timeline (submission included); all are public."""

    proposal = models.ForeignKey(
        Proposal,
        verbose_name=_("proposal"),
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    action = models.CharField(_("action"), max_length=24)
    level = models.CharField(_("level"), max_length=10, choices=ProposalLevel.choices)
    status_from = models.CharField(_("status before"), max_length=14, blank=True)
    status_to = models.CharField(_("status after"), max_length=14)
    reason = models.TextField(_("reason"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.action}"

    @property
    def status_to_label(self) -> str:
        if self.status_to in ProposalStatus.values:
            return str(ProposalStatus(self.status_to).label)
        return self.status_to


class BudgetRound(BaseModel):
    """A participatory budgeting vote: proposals of an area under a ceiling."""

    musrenbang = models.ForeignKey(
        MusrenbangRound,
        verbose_name=_("Musrenbang round"),
        on_delete=models.PROTECT,
        related_name="budget_rounds",
    )
    title = models.CharField(_("title"), max_length=200)
    region_code = models.CharField(_("area (region code)"), max_length=13, blank=True)
    ceiling = models.DecimalField(_("budget ceiling"), max_digits=18, decimal_places=0)
    max_projects = models.PositiveSmallIntegerField(
        _("projects per voter at most"), default=3
    )
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=BudgetRoundStatus.choices,
        default=BudgetRoundStatus.DRAFT,
    )
    projects = models.ManyToManyField(
        Proposal, verbose_name=_("projects"), related_name="budget_rounds", blank=True
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("participatory budgeting round")
        verbose_name_plural = _("participatory budgeting rounds")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ceiling__gt=0), name="participation_round_ceiling_positive"
            ),
            models.CheckConstraint(
                condition=Q(max_projects__gte=1),
                name="participation_round_max_projects",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class BudgetBallot(BaseModel):
    """One verified account's vote in a round (one each, by constraint)."""

    round = models.ForeignKey(
        BudgetRound,
        verbose_name=_("round"),
        on_delete=models.CASCADE,
        related_name="ballots",
    )
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voter"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    total_cost = models.DecimalField(_("total cost"), max_digits=18, decimal_places=0)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "voter"], name="participation_one_ballot"
            )
        ]

    def __str__(self) -> str:
        return f"{self.round_id} ballot"


class BudgetBallotChoice(models.Model):
    """A project chosen on a ballot."""

    id = models.BigAutoField(primary_key=True)
    ballot = models.ForeignKey(
        BudgetBallot,
        verbose_name=_("ballot"),
        on_delete=models.CASCADE,
        related_name="choices",
    )
    proposal = models.ForeignKey(
        Proposal, verbose_name=_("project"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("ballot choice")
        verbose_name_plural = _("ballot choices")
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "proposal"], name="participation_choice_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.ballot_id}:{self.proposal_id}"
