# SPDX-License-Identifier: EUPL-1.2
"""The population register: residents, families, life events and NIK allocation."""
