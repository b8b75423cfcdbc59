# SPDX-License-Identifier: EUPL-1.2
"""Field encryption at rest: keyring, AES-256-GCM tokens, blind indexes, rotation."""
