# SPDX-License-Identifier: EUPL-1.2
"""Applications (floor 4).

Citizens' applications (permohonan) and the officers' workflow.
"""
