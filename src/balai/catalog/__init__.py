# SPDX-License-Identifier: EUPL-1.2
"""Service catalog (floor 3).

Declarative service definitions (YAML in services/), validation, search; read by
cases, assistant and portal.
"""
