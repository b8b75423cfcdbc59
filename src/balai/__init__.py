# SPDX-License-Identifier: EUPL-1.2
"""Balai: an open-source e-government platform for Indonesian public services."""

__version__ = "0.1.0"
