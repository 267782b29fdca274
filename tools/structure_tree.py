"""Print a PDF's structure tree as a screen reader meets it, with each element's text.

    python tools/structure_tree.py REPORT.pdf [--from "9 Executive"] [--depth 6]

The text of each marked-content id is read with PDFium (the engine Chrome and
many assistive tools use); the tree is walked with pikepdf. ``--from`` starts at
the first top-level element whose text starts with the given words and stops at
the next element of the same kind, so one chapter can be shown. Used to write
docs/accessibility.md (``python tools/structure_tree.py --markdown``).
"""

from __future__ import annotations

import argparse
import ctypes
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as raw

Texts = dict[tuple[int, int], str]  # (page index, MCID) → text


def mcid_texts(path: Path) -> Texts:
    """The text drawn in each marked-content sequence, by page and MCID."""
    out: Texts = {}
    document = pdfium.PdfDocument(str(path))
    for index in range(len(document)):
        page = document[index]
        textpage = page.get_textpage()
        for obj in page.get_objects(max_depth=1):
            if obj.type != raw.FPDF_PAGEOBJ_TEXT:
                continue
            mcid = raw.FPDFPageObj_GetMarkedContentID(obj.raw)
            if mcid < 0:
                continue
            size = raw.FPDFTextObj_GetText(obj.raw, textpage.raw, None, 0)
            buffer = ctypes.create_string_buffer(size)  # bytes of UTF-16LE with a NUL
            raw.FPDFTextObj_GetText(
                obj.raw, textpage.raw, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)), size
            )
            text = buffer.raw[: max(size - 2, 0)].decode("utf-16-le", "replace")
            key = (index, mcid)
            out[key] = out.get(key, "") + " " + text
    return out


def _kids(elem: Any) -> list[Any]:
    kids = elem.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def element_text(elem: Any, texts: Texts, pages: dict[Any, int]) -> str:
    """All text under an element, in structure order (inline children run on)."""
    out = ""
    page = pages.get(elem.get("/Pg").objgen) if "/Pg" in elem else None
    for kid in _kids(elem):
        if isinstance(kid, int) and page is not None:
            out += texts.get((page, int(kid)), "")
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
            out += " " + element_text(kid, texts, pages)
    return _tidy(out)


def _tidy(text: str) -> str:
    """Words as a reader gets them: soft hyphens joined, no space inside brackets."""
    text = re.sub(r"\u00ad\s*", "", " ".join(text.split()))
    return re.sub(r"\(\s+", "(", re.sub(r"\s+([).,;:])", r"\1", text))


def lines(elem: Any, texts: Texts, pages: dict[Any, int], depth: int, limit: int) -> Iterator[str]:
    """One line per element: indentation, type, attributes, and text at the leaves."""
    kind = str(elem.S)[1:]
    extra = []
    if "/Lang" in elem:
        extra.append(f"Lang={elem.Lang}")
    if "/Alt" in elem:
        extra.append(f'Alt="{_short(str(elem.Alt), 160)}"')
    if "/A" in elem and "/Scope" in elem.A:
        extra.append(f"Scope={str(elem.A.Scope)[1:]}")
    objr = [
        k for k in _kids(elem) if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR"
    ]
    for ref in objr:
        extra.append(f'link "{ref.Obj.get("/Contents", "")}"')
    kids = [k for k in _kids(elem) if isinstance(k, pikepdf.Dictionary) and k.get("/S")]
    own = _short(element_text(elem, texts, pages), 90) if kind not in _CONTAINERS else ""
    yield "  " * depth + " ".join([kind, *extra]) + (f": {own}" if own else "")
    if depth < limit:
        for kid in kids:
            yield from lines(kid, texts, pages, depth + 1, limit)


_CONTAINERS = {"Document", "TOC", "TOCI", "Reference", "L", "LI", "Table", "THead", "TBody", "TR"}


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def chapter(path: Path, start: str, limit: int) -> list[str]:
    texts = mcid_texts(path)
    with pikepdf.open(path) as pdf:
        pages = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
        document = pdf.Root.StructTreeRoot.K
        kids = [k for k in _kids(document) if isinstance(k, pikepdf.Dictionary)]
        out: list[str] = ["Document"]
        inside, kind = not start, ""
        for kid in kids:
            text = element_text(kid, texts, pages)
            if start and not inside and str(kid.S) == "/H1" and text.startswith(start):
                inside, kind = True, str(kid.S)
            elif inside and start and str(kid.S) == kind:
                break
            if inside:
                out.extend(lines(kid, texts, pages, 1, limit))
        return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pdf", type=Path)
    parser.add_argument("--from", dest="start", default="", help="text an H1 starts with")
    parser.add_argument("--depth", type=int, default=8)
    args = parser.parse_args(argv)
    print("\n".join(chapter(args.pdf, args.start, args.depth)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
