# SPDX-License-Identifier: EUPL-1.2
"""Small real files for demo data and tests (uploads are parsed in full, so a few
bytes that merely start with ``%PDF`` are not a document)."""

ONE_PAGE_PDF = (
    b"%PDF-1.3\n%\xbf\xf7\xa2\xfe\n1 0 obj\n<< /Pages 3 0 R /Type /Catalog >>\nendobj\n"
    b"2 0 obj\n<< >>\nendobj\n3 0 obj\n<< /Count 1 /Kids [ 4 0 R ] /Type /Pages >>\n"
    b"endobj\n4 0 obj\n<< /Contents 5 0 R /MediaBox [ 0 0 595 842 ] /Parent 3 0 R "
    b"/Resources << >> /Type /Page >>\nendobj\n5 0 obj\n<< /Length 0 >>\nstream\n\n"
    b"endstream\nendobj\nxref\n0 6\n0000000000 65535 f \n0000000015 00000 n \n"
    b"0000000064 00000 n \n0000000085 00000 n \n0000000144 00000 n \n"
    b"0000000250 00000 n \ntrailer << /Info 2 0 R /Root 1 0 R /Size 6 /ID "
    b"[<a183e086227766034ac557428a814faa><a183e086227766034ac557428a814faa>] >>\n"
    b"startxref\n299\n%%EOF\n"
)
