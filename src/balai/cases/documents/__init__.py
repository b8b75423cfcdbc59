# SPDX-License-Identifier: EUPL-1.2
"""Issued documents: PDF with letterhead and QR code, PAdES signature, public verification.

A Django app of its own (label ``issued_documents``) inside ``cases``.
"""
