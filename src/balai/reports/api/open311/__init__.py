# SPDX-License-Identifier: EUPL-1.2
"""Open311 GeoReport v2 (docs/open311.md); never shapes the internal API."""
