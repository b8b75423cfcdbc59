# SPDX-License-Identifier: EUPL-1.2
"""Uploaded PDFs: parsed in full with qpdf (pikepdf) and written anew without active
content.

Removed: document and page actions (``/OpenAction``, ``/AA``), JavaScript (the name
tree, every ``/JS``), launch/submit/import/remote-go-to actions on links, embedded
and attached files, rich media, XFA forms, and the metadata (author, software,
XMP). Whatever is not a PDF object — an HTML page glued before or after it (a
polyglot), a second file appended — is not written out. Encrypted (password
protected) and damaged files are refused. Streams are copied as they are, never
decompressed (no zip bombs).
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

import pikepdf

from balai.core.errors import BalaiError

DANGEROUS_ACTIONS = {
    "/JavaScript",
    "/Launch",
    "/SubmitForm",
    "/ImportData",
    "/GoToR",
    "/GoToE",
    "/RichMediaExecute",
    "/Rendition",
    "/Sound",
    "/Movie",
    "/Hide",
    "/SetOCGState",
    "/Trans",
}
DROPPED_KEYS = (
    "/OpenAction",
    "/AA",
    "/JS",
    "/JavaScript",
    "/EmbeddedFiles",
    "/EF",
    "/RichMediaContent",
    "/XFA",
)
DROPPED_ANNOTATIONS = {"/FileAttachment", "/RichMedia", "/Screen", "/Movie", "/Sound"}
MAX_PAGES = 200


_CONTAINERS = (pikepdf.Dictionary, pikepdf.Stream, pikepdf.Array)


def _bad(message: str, field: str) -> BalaiError:
    return BalaiError(message, code="invalid_pdf", field_errors={field: [message]})


def _clean_dictionary(obj: pikepdf.Object) -> int:
    removed = 0
    for key in DROPPED_KEYS:
        if key in obj:
            del obj[key]
            removed += 1
    action = obj.get("/A")
    if (
        isinstance(action, pikepdf.Dictionary)
        and str(action.get("/S", "")) in DANGEROUS_ACTIONS
    ):
        del obj["/A"]
        removed += 1
    if str(obj.get("/S", "")) in DANGEROUS_ACTIONS:
        obj["/S"] = pikepdf.Name("/GoTo")  # a harmless action of the same shape
        removed += 1
    return removed


def _walk(start: pikepdf.Object) -> int:
    """Clean every dictionary reachable from ``start`` (direct or indirect), once."""
    removed = 0
    seen: set[tuple[int, int]] = set()
    stack = [start]
    while stack:
        obj = stack.pop()
        if obj.is_indirect:
            if obj.objgen in seen:
                continue
            seen.add(obj.objgen)
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            removed += _clean_dictionary(obj)
            if (
                isinstance(obj, pikepdf.Dictionary)
                and str(obj.get("/Subtype", "")) in DROPPED_ANNOTATIONS
            ):
                obj["/Subtype"] = pikepdf.Name("/Square")  # inert, keeps the array
                removed += 1
            stack.extend(v for _k, v in obj.items() if isinstance(v, _CONTAINERS))
        elif isinstance(obj, pikepdf.Array):
            stack.extend(v for v in obj if isinstance(v, _CONTAINERS))
    return removed


def sanitise_pdf(data: bytes, *, field: str = "file") -> tuple[bytes, int]:
    """The PDF rewritten without active content, and how many parts were removed."""
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError as exc:
        raise _bad(_("Password-protected PDFs cannot be accepted."), field) from exc
    except (pikepdf.PdfError, ValueError, RecursionError) as exc:
        raise _bad(_("This PDF is damaged and cannot be read."), field) from exc
    with pdf:
        if pdf.is_encrypted:
            raise _bad(_("Password-protected PDFs cannot be accepted."), field)
        if len(pdf.pages) == 0:
            raise _bad(_("This PDF has no pages."), field)
        if len(pdf.pages) > MAX_PAGES:
            raise _bad(
                _("This PDF has more than %(n)s pages.") % {"n": MAX_PAGES}, field
            )
        removed = _walk(pdf.Root)
        root = pdf.Root
        if "/Metadata" in root:
            del root["/Metadata"]
        pdf.docinfo = pdf.make_indirect(pikepdf.Dictionary())
        out = io.BytesIO()
        try:
            pdf.save(
                out,
                stream_decode_level=pikepdf.StreamDecodeLevel.none,
                deterministic_id=True,
            )
        except (pikepdf.PdfError, ValueError, RecursionError) as exc:
            raise _bad(_("This PDF is damaged and cannot be read."), field) from exc
    return out.getvalue(), removed
