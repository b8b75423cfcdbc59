# SPDX-License-Identifier: EUPL-1.2
"""Domain events of the cases app, sent after commit; receivers live in higher apps.

``survey_submitted``: a citizen answered the satisfaction survey (IKM). Keyword
arguments: survey_id (str), service_slug (str), comment (str, may be empty),
submitted_at (aware datetime). No personal data beyond the free-text comment.
"""

from __future__ import annotations

from django.dispatch import Signal

survey_submitted = Signal()
