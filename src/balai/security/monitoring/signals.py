# SPDX-License-Identifier: EUPL-1.2
"""Signals of security monitoring.

``alert_raised`` is sent after commit when a rule opens a new alert, with keyword
arguments ``alert_id`` (str), ``severity`` (str), ``title`` (English), ``rule`` and
``target`` (for ``constants.alert_title`` in the recipient's language). Higher floors
(accounts) subscribe to notify people; this app cannot know them.

``two_factor_failed`` is sent by whoever checks a second factor, when a code is
wrong: ``two_factor_failed.send(sender=<view or form>, user=user, request=request)``
(``request`` may be None).

``login_locked_out`` is sent by the log-in page when an attempt is refused by the
per-account delay or the per-address limit (balai.core.ratelimit):
``login_locked_out.send(sender=..., request=request, username=typed, ip_address=ip)``.
"""

from __future__ import annotations

from django.dispatch import Signal

alert_raised = Signal()
two_factor_failed = Signal()
login_locked_out = Signal()
