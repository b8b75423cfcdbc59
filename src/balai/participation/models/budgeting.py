# SPDX-License-Identifier: EUPL-1.2
"""budgeting — see docs/participation.md."""

from __future__ import annotations
