# SPDX-License-Identifier: EUPL-1.2
"""Statuses and decisions of the integration pipeline."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BatchStatus(models.TextChoices):
    STAGING = "staging", _("staging")  # rows being read; resumable
    STAGED = "staged", _("staged")  # every row staged or rejected
    LINKED = "linked", _("linked")  # linkage ran; decisions recorded
    FAILED = "failed", _("failed")


class StagedStatus(models.TextChoices):
    STAGED = "staged", _("waiting for linkage")
    LINKED = "linked", _("linked to a resident")  # automatically or by an officer
    REVIEW = "review", _("waiting for review")
    NEW = "new", _("candidate for a new resident")
    DUPLICATE = "duplicate", _("duplicate within its source")


class CandidateDecision(models.TextChoices):
    PENDING = "pending", _("waiting for review")
    AUTO = "auto", _("linked automatically")
    ACCEPTED = "accepted", _("same person")
    REJECTED = "rejected", _("different people")
    UNDONE = "undone", _("link undone")
