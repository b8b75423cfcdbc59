# SPDX-License-Identifier: EUPL-1.2
"""Issued documents: PDF with letterhead, QR code, PAdES signature, verification.

A Django app of its own (label ``issued_documents``) inside ``cases``.
"""
