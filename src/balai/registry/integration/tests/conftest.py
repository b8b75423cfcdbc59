# SPDX-License-Identifier: EUPL-1.2
from balai.registry.tests.conftest import officer, officer_client, world

__all__ = ["officer", "officer_client", "world"]
