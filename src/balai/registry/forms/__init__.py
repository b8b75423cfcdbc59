# SPDX-License-Identifier: EUPL-1.2
"""Forms of the officer pages (shape checks only; the services validate the rest)."""
