# SPDX-License-Identifier: EUPL-1.2
"""The PDF itself: layout (reportlab), QR code (segno), PAdES signing and checking
(pyHanko). No database access here: services pass plain values in."""
