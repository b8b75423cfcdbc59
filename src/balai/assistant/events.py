# SPDX-License-Identifier: EUPL-1.2
"""Domain events of the assistant, sent after commit; receivers live in other apps.

``feedback_given``: someone answered "did this answer your question?" on an
assistant message. Keyword arguments: message_id (str), helpful (bool), comment (str,
what they wrote beside it, possibly ""), service_slug (str, the catalogue service the
answer was about, possibly ""), submitted_at (aware datetime). No user, conversation
or question text.
"""

from __future__ import annotations

from django.dispatch import Signal

feedback_given = Signal()
