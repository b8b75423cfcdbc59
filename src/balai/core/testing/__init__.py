# SPDX-License-Identifier: EUPL-1.2
"""Test support every app shares (pytest plugins registered by the root conftest)."""
