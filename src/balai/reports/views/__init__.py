# SPDX-License-Identifier: EUPL-1.2
"""HTML adapters of the reports app: public pages and the officers' board."""
