"""Page checks on a finished PDF, read back with PDFium (pypdfium2).

- ``collisions``: glyphs drawn over other glyphs, glyphs straddling the edge of a filled
  shape (a label half on a bar, text spilling out of a box) and glyphs off the page, from
  PDFium's tight glyph boxes and the page's filled path objects;
- ``page_fill``: how far down the text frame each page's content reaches;
- ``chapter_pages``: the first page of each chapter, from the outline;
- ``header_lines``: the text lines of the coloured header row of each table.
"""

from __future__ import annotations

import ctypes
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as raw

Box = tuple[float, float, float, float]  # left, bottom, right, top (PDF points)
SKIP = "\ufffe\ufffd\x02"


@dataclass(frozen=True)
class Glyph:
    index: int
    char: str
    box: Box


@dataclass(frozen=True)
class Collision:
    page: int  # 1-based
    word: str
    other: str
    mm_from_top: float

    def __str__(self) -> str:
        return f"page {self.page}: {self.word!r} hits {self.other} {self.mm_from_top:.0f} mm down"


def glyphs(page: pdfium.PdfPage) -> tuple[str, list[Glyph]]:
    """The page text and the tight box of every visible glyph."""
    textpage = page.get_textpage()
    count = textpage.count_chars()
    text = textpage.get_text_range(0, count) if count else ""
    out = []
    for i, char in enumerate(text[:count]):
        if char.isspace() or char in SKIP:
            continue
        left, bottom, right, top = textpage.get_charbox(i, loose=False)
        if right - left >= 0.3 and top - bottom >= 0.3:
            out.append(Glyph(i, char, (left, bottom, right, top)))
    return text, out


def filled_shapes(page: pdfium.PdfPage) -> list[tuple[Box, tuple[int, int, int]]]:
    """Bounds and colour of the visible filled paths at least 2 pt each way."""
    shapes = []
    for obj in page.get_objects(max_depth=8):
        if obj.type != raw.FPDF_PAGEOBJ_PATH:
            continue
        fill, stroke = ctypes.c_int(), ctypes.c_int()
        raw.FPDFPath_GetDrawMode(obj.raw, ctypes.byref(fill), ctypes.byref(stroke))
        if not fill.value:
            continue
        rgba = [ctypes.c_uint() for _ in range(4)]
        raw.FPDFPageObj_GetFillColor(obj.raw, *(ctypes.byref(c) for c in rgba))
        colour = (rgba[0].value, rgba[1].value, rgba[2].value)
        if rgba[3].value == 0 or min(colour) >= 250:
            continue
        left, bottom, right, top = obj.get_bounds()
        if right - left >= 2 and top - bottom >= 2:
            shapes.append(((left, bottom, right, top), colour))
    return shapes


def _area(box: Box) -> float:
    return (box[2] - box[0]) * (box[3] - box[1])


def _overlap(a: Box, b: Box) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _word(text: str, i: int) -> str:
    lo, hi = i, i
    while lo > 0 and not text[lo - 1].isspace():
        lo -= 1
    while hi < len(text) and not text[hi].isspace():
        hi += 1
    return text[lo:hi][:40]


def _text_on_text(text: str, boxes: list[Glyph], share: float) -> Iterator[tuple[int, str]]:
    cell = 12.0
    grid: dict[tuple[int, int], list[Glyph]] = defaultdict(list)
    for g in boxes:
        for gx in range(int(g.box[0] // cell), int(g.box[2] // cell) + 1):
            for gy in range(int(g.box[1] // cell), int(g.box[3] // cell) + 1):
                grid[(gx, gy)].append(g)
    seen: set[tuple[int, int]] = set()
    for members in grid.values():
        for k, a in enumerate(members):
            for b in members[k + 1 :]:
                if abs(a.index - b.index) <= 3 or (a.index, b.index) in seen:
                    continue
                seen.add((a.index, b.index))
                small = min(_area(a.box), _area(b.box))
                if _overlap(a.box, b.box) > share * small:
                    yield a.index, f"the text {_word(text, b.index)!r}"


def _across_edges(boxes: list[Glyph], shapes: list[Box]) -> Iterator[tuple[int, str]]:
    for shape in shapes:
        for g in boxes:
            cover = _overlap(g.box, shape) / _area(g.box)
            if 0.15 < cover < 0.85:
                yield g.index, f"the edge of a filled shape at {tuple(round(v) for v in shape)}"


def collisions(pdf: pdfium.PdfDocument, share: float = 0.25) -> list[Collision]:
    """Every collision in the document, one per pair of words."""
    found: list[Collision] = []
    for number in range(len(pdf)):
        page = pdf[number]
        width, height = page.get_width(), page.get_height()
        text, boxes = glyphs(page)
        shapes = [box for box, _ in filled_shapes(page)]
        hits = list(_text_on_text(text, boxes, share)) + list(_across_edges(boxes, shapes))
        hits += [
            (g.index, "the page edge")
            for g in boxes
            if g.box[0] < -0.5
            or g.box[1] < -0.5
            or g.box[2] > width + 0.5
            or g.box[3] > height + 0.5
        ]
        where = {g.index: g.box for g in boxes}
        unique: dict[tuple[str, str], float] = {}
        for index, other in hits:
            top = (height - where[index][3]) / 72 * 25.4
            unique.setdefault((_word(text, index), other), top)
        found += [Collision(number + 1, w, o, mm) for (w, o), mm in unique.items()]
    return found


def content_bottom(page: pdfium.PdfPage, top: float, bottom: float) -> float | None:
    """The lowest point of the glyphs and filled shapes between ``top`` and ``bottom`` (PDF y,
    the text frame's edges); None for a page with nothing in the frame."""
    _, boxes = glyphs(page)
    lows = [g.box[1] for g in boxes if g.box[1] >= bottom - 2 and g.box[3] <= top + 2]
    lows += [b[1] for b, _ in filled_shapes(page) if b[1] >= bottom - 2 and b[3] <= top + 2]
    return min(lows) if lows else None


def page_fill(page: pdfium.PdfPage, top_margin: float, bottom_margin: float) -> float:
    """Share of the text frame (between the margins) that the page's content reaches down."""
    height = page.get_height()
    top, bottom = height - top_margin, bottom_margin
    low = content_bottom(page, top, bottom)
    return 0.0 if low is None else (top - low) / (top - bottom)


def chapter_pages(pdf: pdfium.PdfDocument) -> list[tuple[str, int]]:
    """(title, 0-based page) of every top-level outline entry, in order."""
    out = []
    for mark in pdf.get_toc():
        dest = mark.get_dest()
        if mark.level == 0 and dest is not None:
            out.append((mark.get_title(), dest.get_index()))
    return out


def header_rows(page: pdfium.PdfPage, colour: tuple[int, int, int]) -> list[Box]:
    """Boxes of the filled shapes in the table-header colour (one per header row)."""
    return [
        box
        for box, c in filled_shapes(page)
        if all(abs(a - b) <= 2 for a, b in zip(c, colour, strict=True))
    ]


def lines_in(page: pdfium.PdfPage, box: Box) -> list[list[str]]:
    """The text inside ``box``, as columns of lines: each column's lines top to bottom.

    Glyphs are grouped into lines by baseline, then split into cells where the gap between
    neighbouring glyphs is wider than a space could be."""
    text, boxes = glyphs(page)
    inside = [g for g in boxes if _overlap(g.box, box) >= 0.8 * _area(g.box)]
    lines: dict[int, list[Glyph]] = defaultdict(list)
    for g in inside:
        lines[round(g.box[1] / 2)].append(g)
    cells: dict[int, list[tuple[float, str]]] = defaultdict(list)  # column start → lines
    for key in sorted(lines, reverse=True):
        for start, run in _runs(text, sorted(lines[key], key=lambda g: g.box[0])):
            column = min(cells, key=lambda c: abs(c - start), default=None)
            if column is None or abs(column - start) > 30:
                column = round(start)
            cells[column].append((key, run))
    return [[run for _, run in cells[c]] for c in sorted(cells)]


def _runs(text: str, line: list[Glyph]) -> Iterator[tuple[float, str]]:
    """Split one line of glyphs into cell runs at wide gaps; keep the text between them."""
    start = 0
    for k in range(1, len(line) + 1):
        if k == len(line) or line[k].box[0] - line[k - 1].box[2] > 8:
            first, last = line[start], line[k - 1]
            yield first.box[0], text[first.index : last.index + 1].replace("\x02", "-")
            start = k
