# SPDX-License-Identifier: EUPL-1.2
"""Participation models: one module per area (consultations, polls, budgeting)."""

from balai.participation.models.budgeting import *  # noqa: F403
from balai.participation.models.consultations import *  # noqa: F403
from balai.participation.models.opinion import *  # noqa: F403
from balai.participation.models.polls import *  # noqa: F403
