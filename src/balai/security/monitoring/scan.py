# SPDX-License-Identifier: EUPL-1.2
"""The periodic scan (``balai security scan``): rules over time windows.

Mass reads are audit entries, not security events, so no event triggers their rule:
the scan counts them per actor and records a ``mass_read`` event (which raises or
updates the critical alert) when an actor is above the threshold and the active alert
does not already show as many reads. Running it again changes nothing.
"""

from __future__ import annotations

import dataclasses

from django.db import transaction

from balai.security.monitoring import rules
from balai.security.monitoring.constants import ACTIVE_STATUSES, EventKind
from balai.security.monitoring.models import SecurityAlert
from balai.security.monitoring.services import security_event_record


@dataclasses.dataclass(frozen=True)
class ScanReport:
    offenders: int
    events_recorded: int


def security_scan() -> ScanReport:
    """Evaluate the window rules now; idempotent, safe to run from cron."""
    offenders = rules.mass_read_offenders()
    recorded = 0
    window = rules.setting("SECURITY_MASS_READ_WINDOW_MINUTES")
    threshold = rules.setting("SECURITY_MASS_READ_THRESHOLD")
    for actor_id, reads in offenders:
        with transaction.atomic():
            shown = (
                SecurityAlert.objects.select_for_update()
                .filter(
                    dedup_key=rules.mass_read_key(actor_id),
                    status__in=ACTIVE_STATUSES,
                )
                .values_list("event_count", flat=True)
                .first()
            )
            if shown is not None and shown >= reads:
                continue
            security_event_record(
                kind=EventKind.MASS_READ,
                actor_id=actor_id,
                details={
                    "reads": reads,
                    "window_minutes": window,
                    "threshold": threshold,
                },
            )
            recorded += 1
    return ScanReport(offenders=len(offenders), events_recorded=recorded)
