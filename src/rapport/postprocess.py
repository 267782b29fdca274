"""Stage 10a: finish the PDF with pikepdf — structure tree, dates, XMP, a stable file ID.

reportlab writes fixed "invariant" dates; here the report's own date replaces
them, XMP metadata mirroring the document info is written (``archive``), PDF/A
parts are added on request, and the file is saved with a deterministic ID, so
the same inputs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zlib
from typing import Any

import pikepdf

from .archive import make_archival, set_metadata
from .render import Metadata
from .structtree import add_structure
from .tagging import Tagged


def finish_pdf(
    raw: bytes,
    date: dt.date,
    meta: Metadata,
    tags: Tagged | None = None,
    *,
    pdfa: bool = False,
) -> bytes:
    """Return the finished bytes of a freshly rendered PDF (tagged when tags are given;
    PDF/A-2b as well with ``pdfa``)."""
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        if tags is not None:
            add_structure(pdf, tags, meta.title)
            _clean_to_unicode(pdf)
        for page in pdf.pages:
            if "/Trans" in page.obj:
                del page.obj["/Trans"]
        set_metadata(pdf, meta, date, tagged=tags is not None, pdfa=pdfa)
        if pdfa:
            make_archival(pdf)
        return _save(pdf, strict_eol=pdfa)


def _flate_by_name(stream: pikepdf.Stream) -> None:
    """Name the Flate filter reportlab writes as a one-item array (``[/FlateDecode]``)
    directly. qpdf keeps a stream compressed with ``/FlateDecode`` as it is, but takes
    the array for a filter chain to decode and compress anew, which was most of the time
    saving took."""
    filters = stream.get("/Filter")
    if (
        isinstance(filters, pikepdf.Array)
        and len(filters) == 1
        and filters[0] == pikepdf.Name.FlateDecode
        and "/DecodeParms" not in stream
    ):
        stream.Filter = pikepdf.Name.FlateDecode


def _save(pdf: pikepdf.Pdf, *, strict_eol: bool) -> bytes:
    """Save with a stable file ID, objects packed into compressed object streams.

    For PDF/A no stream's data may end in a carriage return: validators then read CR LF
    as the end-of-line before ``endstream`` and the /Length looks one byte too long. So
    every stream is compressed here first, each at the first zlib level whose output does
    not end in CR, and qpdf keeps that data as it is. Should an object stream qpdf packs
    end in CR (it then writes ``CR LF endstream``), the file is written without object
    streams instead.
    """
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream):
            _flate_by_name(obj)
            if strict_eol and obj.get("/Type") != "/Metadata":
                _compress_without_trailing_cr(obj)
    out = io.BytesIO()
    pdf.save(
        out,
        deterministic_id=True,
        compress_streams=True,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
    )
    if not strict_eol or b"\r\nendstream" not in out.getvalue():
        return out.getvalue()
    out = io.BytesIO()
    pdf.save(
        out,
        deterministic_id=True,
        compress_streams=False,
        object_stream_mode=pikepdf.ObjectStreamMode.disable,
    )
    return out.getvalue()


def _compress_without_trailing_cr(stream: pikepdf.Stream) -> None:
    filters = stream.get("/Filter")
    if filters is not None and filters != "/FlateDecode":
        return
    if filters is not None and not stream.read_raw_bytes().endswith(b"\r"):
        return
    data = stream.read_bytes()
    for level in (6, 9, 8, 7, 5, 4, 3, 2, 1):
        packed = zlib.compress(data, level)
        if not packed.endswith(b"\r"):
            stream.write(packed, filter=pikepdf.Name.FlateDecode)
            return


def _clean_to_unicode(pdf: pikepdf.Pdf) -> None:
    """reportlab maps unused codes to U+0000 and writes >100 entries per bfchar block;
    rewrite each ToUnicode CMap with real mappings only, in blocks of 100."""
    done: set[tuple[int, int]] = set()
    for page in pdf.pages:
        resources: Any = page.obj.get("/Resources", {})
        for font in resources.get("/Font", {}).values():
            cmap = font.get("/ToUnicode")
            if cmap is None or cmap.objgen in done:
                continue
            done.add(cmap.objgen)
            cmap.write(_rewrite_cmap(cmap.read_bytes().decode("latin-1")).encode("latin-1"))


def _rewrite_cmap(text: str) -> str:
    head, body = text.split("endcodespacerange", 1)
    pairs = [
        (a, b)
        for a, b in re.findall(r"^(<[0-9A-Fa-f]+>) (<[0-9A-Fa-f]+>)$", body, re.M)
        if b.upper() != "<0000>"
    ]
    blocks = [
        f"{len(pairs[i : i + 100])} beginbfchar\n"
        + "\n".join(f"{a} {b}" for a, b in pairs[i : i + 100])
        + "\nendbfchar"
        for i in range(0, len(pairs), 100)
    ]
    return (
        head
        + "endcodespacerange\n"
        + "\n".join(blocks)
        + "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    )
