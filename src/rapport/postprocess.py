"""Stage 10a: finish the PDF with pikepdf — dates from the report, XMP, a stable file ID.

reportlab writes fixed "invariant" dates; here the report's own date replaces
them, XMP metadata mirroring the document info is added, and the file is saved
with a deterministic ID, so the same inputs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io

import pikepdf

from .render import Metadata


def finish_pdf(raw: bytes, date: dt.date, meta: Metadata) -> bytes:
    """Return the finished bytes of a freshly rendered PDF."""
    stamp = f"D:{date:%Y%m%d}000000Z"
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        pdf.docinfo["/CreationDate"] = stamp
        pdf.docinfo["/ModDate"] = stamp
        for page in pdf.pages:
            if "/Trans" in page.obj:
                del page.obj["/Trans"]
        _xmp(pdf, date, meta)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, compress_streams=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


def _xmp(pdf: pikepdf.Pdf, date: dt.date, meta: Metadata) -> None:
    iso = f"{date.isoformat()}T00:00:00Z"
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
        xmp["dc:title"] = meta.title
        xmp["dc:creator"] = [meta.author] if meta.author else []
        xmp["dc:description"] = meta.subject
        xmp["dc:language"] = [meta.language]
        xmp["pdf:Keywords"] = ", ".join(meta.keywords)
        xmp["pdf:Producer"] = "ReportLab, pikepdf"
        xmp["xmp:CreatorTool"] = meta.creator
        xmp["xmp:CreateDate"] = iso
        xmp["xmp:ModifyDate"] = iso
        xmp["xmp:MetadataDate"] = iso
