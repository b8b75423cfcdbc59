# SPDX-License-Identifier: EUPL-1.2
"""The register's exchange API for other agencies (``/api/v1/registry/``).

An agency's system calls with an API client credential bound to a data-sharing
agreement; the agreement names the purpose and the fields the agency may receive.
Every call is audited with that purpose and shows in the citizen's "Data Saya".
"""
