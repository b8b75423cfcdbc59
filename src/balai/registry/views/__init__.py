# SPDX-License-Identifier: EUPL-1.2
"""The officer pages of the register (thin adapters over selectors and services)."""
