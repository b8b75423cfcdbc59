# SPDX-License-Identifier: EUPL-1.2
"""Pages of the cases app: the citizen's (``citizen``, ``applying``) and the
officers' (``officer``, ``satisfaction``)."""
