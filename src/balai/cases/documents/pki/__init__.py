# SPDX-License-Identifier: EUPL-1.2
"""Signing keys and certificates: loading them (``store``) and a development CA
(``devca``)."""
