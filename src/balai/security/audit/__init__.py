# SPDX-License-Identifier: EUPL-1.2
"""The tamper-evident audit log: ``record`` and ``record_read`` append to it; ``seal``
chains the appended entries."""

from balai.security.audit.seal import AuditChainBroken, seal_pending
from balai.security.audit.service import record, record_each, record_read

__all__ = ["AuditChainBroken", "record", "record_each", "record_read", "seal_pending"]
