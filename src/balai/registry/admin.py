# SPDX-License-Identifier: EUPL-1.2
"""Back office of the population register (loaded by the admin's autodiscovery)."""

from balai.registry.exchange import admin as exchange_admin  # noqa: F401
