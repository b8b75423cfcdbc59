# SPDX-License-Identifier: EUPL-1.2
"""Domain events of the participation app, sent after commit; receivers live in
higher apps (sentiment ingests consultation comments).

``comment_submitted``: a comment (online, a reply, or offline input entered by an
officer) was added to a consultation. Keyword arguments: comment_id (str),
consultation_id (str), text (str), agency_code (str, the draft's agency),
submitted_at (aware datetime). No author or organisation data.
"""

from __future__ import annotations

from django.dispatch import Signal

comment_submitted = Signal()
