# SPDX-License-Identifier: EUPL-1.2
"""Applications (floor 4: citizens' applications (permohonan) and the officers' workflow.)"""
