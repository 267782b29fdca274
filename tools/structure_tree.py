"""Print a PDF's structure tree as a screen reader meets it, with each element's text.

    python tools/structure_tree.py REPORT.pdf [--from "9 Executive"] [--depth 6]

The text of each marked-content id is decoded through the fonts' ToUnicode maps
and the tree is walked, both with pikepdf. ``--from`` starts at
the first top-level element whose text starts with the given words and stops at
the next element of the same kind, so one chapter can be shown. Used to write
docs/accessibility.md (``python tools/structure_tree.py --markdown``).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pikepdf

Texts = dict[tuple[int, int], str]  # (page index, MCID) → text


def mcid_texts(path: Path) -> Texts:
    """The text drawn in each marked-content sequence, by page and MCID, decoded through
    the fonts' ToUnicode maps (soft hyphens included); a line break is a newline."""
    out: Texts = {}
    with pikepdf.open(path) as pdf:
        for index, page in enumerate(pdf.pages):
            fonts = {
                str(name): _to_unicode(font)
                for name, font in page.obj.Resources.get("/Font", {}).items()
            }
            _page_texts(page, fonts, index, out)
    return out


def _page_texts(page: Any, fonts: dict[str, dict[int, str]], index: int, out: Texts) -> None:
    stack: list[int | None] = []
    cmap: dict[int, str] = {}
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op == "BDC":
            props = operands[1] if len(operands) > 1 else None
            mcid = props.get("/MCID") if isinstance(props, pikepdf.Dictionary) else None
            stack.append(int(mcid) if mcid is not None else None)
        elif op == "BMC":
            stack.append(None)
        elif op == "EMC" and stack:
            stack.pop()
        elif op == "Tf":
            cmap = fonts.get(str(operands[0]), {})
        elif stack and stack[-1] is not None:
            text = _shown(op, operands, cmap)
            if text:
                key = (index, stack[-1])
                out[key] = out.get(key, "") + text


def _shown(op: str, operands: Any, cmap: dict[int, str]) -> str:
    if op in ("Tj", "'", '"'):
        return _decode(bytes(operands[-1]), cmap) + (" " if op != "Tj" else "")
    if op == "TJ":
        return "".join(
            _decode(bytes(part), cmap) for part in operands[0] if isinstance(part, pikepdf.String)
        )
    return "\n" if op in ("T*", "Td", "TD", "Tm", "ET") else ""


def _decode(data: bytes, cmap: dict[int, str]) -> str:
    return "".join(cmap.get(byte, "") for byte in data)


def _to_unicode(font: Any) -> dict[int, str]:
    """One-byte codes → text, from the font's ToUnicode bfchar entries."""
    stream = font.get("/ToUnicode")
    if stream is None:
        return {}
    pairs = re.findall(rb"<([0-9A-Fa-f]{2})>[ \t]*<([0-9A-Fa-f]{4,})>", stream.read_bytes())
    return {int(code, 16): bytes.fromhex(text.decode()).decode("utf-16-be") for code, text in pairs}


def kids(elem: Any) -> list[Any]:
    kids = elem.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def element_text(elem: Any, texts: Texts, pages: dict[Any, int]) -> str:
    """All text under an element, in structure order (inline children run on)."""
    out = ""
    page = pages.get(elem.get("/Pg").objgen) if "/Pg" in elem else None
    for kid in kids(elem):
        if isinstance(kid, int) and page is not None:
            out += texts.get((page, int(kid)), "")
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
            out += texts.get((pages.get(kid.Pg.objgen), int(kid.MCID)), "")
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
        extra.append(f'Alt="{_short(str(elem.Alt), 600)}"')
    if "/A" in elem and "/Scope" in elem.A:
        extra.append(f"Scope={str(elem.A.Scope)[1:]}")
    objr = [
        k for k in kids(elem) if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR"
    ]
    for ref in objr:
        extra.append(f'link "{ref.Obj.get("/Contents", "")}"')
    children = [k for k in kids(elem) if isinstance(k, pikepdf.Dictionary) and k.get("/S")]
    own = _short(element_text(elem, texts, pages), 90) if kind not in _CONTAINERS else ""
    yield "  " * depth + " ".join([kind, *extra]) + (f": {own}" if own else "")
    if depth < limit:
        for kid in children:
            yield from lines(kid, texts, pages, depth + 1, limit)


_CONTAINERS = {"Document", "Figure", "TOC", "TOCI", "Reference"}
_CONTAINERS |= {"L", "LI", "Table", "THead", "TBody", "TR"}


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def chapter(path: Path, start: str, limit: int) -> list[str]:
    texts = mcid_texts(path)
    with pikepdf.open(path) as pdf:
        pages = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
        document = pdf.Root.StructTreeRoot.K
        top = [k for k in kids(document) if isinstance(k, pikepdf.Dictionary)]
        out: list[str] = ["Document"]
        inside, kind = not start, ""
        for kid in top:
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
