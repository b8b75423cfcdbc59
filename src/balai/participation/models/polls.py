# SPDX-License-Identifier: EUPL-1.2
"""polls — see docs/participation.md."""

from __future__ import annotations
