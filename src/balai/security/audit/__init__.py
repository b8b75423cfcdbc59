# SPDX-License-Identifier: EUPL-1.2
"""The tamper-evident audit log: ``record`` and ``record_read`` append to it."""

from balai.security.audit.service import AuditChainBroken, record, record_read

__all__ = ["AuditChainBroken", "record", "record_read"]
