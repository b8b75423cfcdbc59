# SPDX-License-Identifier: EUPL-1.2
"""Security monitoring: events (failed logins, denials, exports...), rules and alerts.

Write through ``services``, read through ``selectors``; ``receivers.connect()`` wires
the signals that feed it, ``signals.alert_raised`` tells higher floors about alerts.
"""
