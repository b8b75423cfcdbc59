# SPDX-License-Identifier: EUPL-1.2
"""Domain events of the reports app, sent after commit; receivers live in higher apps.

``report_submitted``: a citizen filed a report. Keyword arguments: report_id (str),
category (str, the category code), description (str), region_code (str),
agency_code (str, "" while in triage), requested_at (aware datetime). No reporter or
contact data.
"""

from __future__ import annotations

from django.dispatch import Signal

report_submitted = Signal()
