# SPDX-License-Identifier: EUPL-1.2
"""Citizen reports (floor 4).

Citizen issue reports from the phone, routing to agencies, duplicates, Open311
GeoReport v2, the reporting PWA.
"""
