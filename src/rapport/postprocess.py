"""Stage 10a: finish the PDF with pikepdf — structure tree, dates, XMP, a stable file ID.

reportlab writes fixed "invariant" dates; here the report's own date replaces
them, XMP metadata mirroring the document info is added, and the file is saved
with a deterministic ID, so the same inputs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence

import pikepdf

from .render import Metadata
from .tagging import Mark, add_structure


def finish_pdf(raw: bytes, date: dt.date, meta: Metadata,
               marks: Sequence[Mark] | None = None) -> bytes:
    """Return the finished bytes of a freshly rendered PDF (tagged when marks are given)."""
    stamp = f"D:{date:%Y%m%d}000000Z"
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        if marks is not None:
            add_structure(pdf, list(marks), meta.title)
            _clean_to_unicode(pdf)
        pdf.docinfo["/CreationDate"] = stamp
        pdf.docinfo["/ModDate"] = stamp
        for page in pdf.pages:
            if "/Trans" in page.obj:
                del page.obj["/Trans"]
        _xmp(pdf, date, meta, tagged=marks is not None)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, compress_streams=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


def _xmp(pdf: pikepdf.Pdf, date: dt.date, meta: Metadata, *, tagged: bool) -> None:
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
        if tagged:
            xmp["{http://www.aiim.org/pdfua/ns/id/}part"] = "1"


def _clean_to_unicode(pdf: pikepdf.Pdf) -> None:
    """reportlab maps unused codes to U+0000 and writes >100 entries per bfchar block;
    rewrite each ToUnicode CMap with real mappings only, in blocks of 100."""
    done: set[tuple[int, int]] = set()
    for page in pdf.pages:
        for font in page.obj.get("/Resources", {}).get("/Font", {}).values():
            cmap = font.get("/ToUnicode")
            if cmap is None or cmap.objgen in done:
                continue
            done.add(cmap.objgen)
            cmap.write(_rewrite_cmap(cmap.read_bytes().decode("latin-1")).encode("latin-1"))


def _rewrite_cmap(text: str) -> str:
    head, body = text.split("endcodespacerange", 1)
    pairs = [(a, b) for a, b in re.findall(r"^(<[0-9A-Fa-f]+>) (<[0-9A-Fa-f]+>)$", body, re.M)
             if b.upper() != "<0000>"]
    blocks = [f"{len(pairs[i:i + 100])} beginbfchar\n"
              + "\n".join(f"{a} {b}" for a, b in pairs[i:i + 100]) + "\nendbfchar"
              for i in range(0, len(pairs), 100)]
    return (head + "endcodespacerange\n" + "\n".join(blocks)
            + "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
