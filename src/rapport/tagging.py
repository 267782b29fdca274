"""Tagged PDF: marked content while rendering, a structure tree afterwards (PDF/UA-1).

While a page is drawn, every piece of content is either *marked* with the role
its block declared (``H1``, ``P``, ``Figure`` with its alt text, table cells,
list items, contents entries) and a marked-content id, or wrapped as an
*artifact* (running heads, page furniture, table rules and backgrounds). The
:class:`TagRecorder` remembers the marks of the final pass in reading order;
:func:`add_structure` turns them into the structure tree, parent tree, link
structure and the catalogue entries a PDF/UA reader needs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, String
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

# block roles → standard structure types (PDF 1.7)
STRUCT = {
    "H1": "H1",
    "H2": "H2",
    "H3": "H3",
    "P": "P",
    "Caption": "Caption",
    "Note": "P",
    "Footnote": "Note",
    "Title": "P",
    "Aside": "P",
    "LBody": "LI",
    "Figure": "Figure",
    "TH": "TH",
    "TD": "TD",
    "TOCI": "TOCI",
}


@dataclass(frozen=True)
class Mark:
    page: int  # 0-based
    mcid: int
    role: str
    alt: str = ""
    group: tuple[Any, ...] = ()  # (kind, key, …): table cell, list item, contents entry


@dataclass
class TagRecorder:
    """Marked-content ids per page and the marks in drawing (reading) order."""

    marks: list[Mark] = field(default_factory=list)
    depth: int = 0
    _next: dict[int, int] = field(default_factory=dict)
    _parts: dict[Any, int] = field(default_factory=dict)

    def begin(self, canv: Canvas, role: str, alt: str = "", group: tuple[Any, ...] = ()) -> None:
        if role == "Artifact":
            canv.addLiteral("/Artifact BMC")
        else:
            page = canv.getPageNumber() - 1
            mcid = self._next.get(page, 0)
            self._next[page] = mcid + 1
            self.marks.append(Mark(page, mcid, STRUCT.get(role, "P"), alt, group))
            canv.addLiteral(f"/{STRUCT.get(role, 'P')} <</MCID {mcid}>> BDC")
        self.depth += 1

    def end(self, canv: Canvas) -> None:
        canv.addLiteral("EMC")
        self.depth -= 1

    def part(self, key: Any) -> int:
        """How many times a (split) table with this key has started drawing."""
        self._parts[key] = self._parts.get(key, -1) + 1
        return self._parts[key]


def recorder_of(canv: Canvas) -> TagRecorder | None:
    return getattr(canv, "_rapport_tags", None)


def marked(
    canv: Canvas, role: str, draw: Callable[[], None], alt: str = "", group: tuple[Any, ...] = ()
) -> None:
    """Draw inside one marked-content sequence (nested content is not marked again)."""
    tags = recorder_of(canv)
    if tags is None or tags.depth > 0:
        draw()
        return
    tags.begin(canv, role, alt, group)
    try:
        draw()
    finally:
        tags.end(canv)


class Marked(Flowable):
    """Wraps a flowable so its drawing is one marked element (e.g. a chart as Figure)."""

    def __init__(self, inner: Flowable, role: str, alt: str = "") -> None:
        super().__init__()
        self.inner, self.role, self.alt = inner, role, alt

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width, self.height = self.inner.wrap(aw, ah)
        return self.width, self.height

    def draw(self) -> None:
        marked(self.canv, self.role, lambda: self.inner.drawOn(self.canv, 0, 0), self.alt)


def table_tagger(
    kind: str, key: Any, header_rows: int = 1, alts: Callable[[int, int], str] | None = None
) -> Callable[..., None]:
    """A reportlab ``renderCB`` that marks a table's cells and makes its rules artifacts.

    ``kind``: "data" (TH/TD in rows), "toc" (contents entries), "box" (one paragraph
    block per cell) or "tiles" (a figure per cell).
    """
    state: dict[str, int] = {}

    def callback(table: Any, event: str, *args: Any) -> None:
        canv = table.canv
        tags = recorder_of(canv)
        if tags is None:
            return
        if event == "startTable":
            state["part"] = tags.part(key)
        elif event in ("startBG", "startLines"):
            tags.begin(canv, "Artifact")
        elif event in ("endBG", "endLines", "endCell"):
            if event != "endCell" or state.pop("open", 0):
                tags.end(canv)
        elif event == "startCell":
            row, col, value = args[0], args[1], args[2]
            role, alt = _cell_role(kind, row, state.get("part", 0), header_rows, value)
            if kind == "tiles" and alts is not None and role == "Figure":
                alt = alts(row, col)
            tags.begin(canv, role, alt, (kind, key, state.get("part", 0), row, col))
            state["open"] = 1

    return callback


def _cell_role(kind: str, row: int, part: int, header_rows: int, value: Any) -> tuple[str, str]:
    empty = value is None or value == "" or value == []
    if empty:
        return "Artifact", ""
    if kind == "data":
        if row < header_rows:
            return ("Artifact", "") if part > 0 else ("TH", "")
        return "TD", ""
    if kind == "toc":
        return "TOCI", ""
    if kind == "tiles":
        items = value if isinstance(value, (list, tuple)) else [value]
        return "Figure", " ".join(str(getattr(v, "alt_text", "")) for v in items).strip()
    return "P", ""


# -- structure tree ---------------------------------------------------------------------
def add_structure(pdf: pikepdf.Pdf, marks: list[Mark], title: str) -> None:
    """Build the structure tree from the marks and set the tagged-PDF catalogue entries."""
    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    document = pdf.make_indirect(
        Dictionary(Type=Name.StructElem, S=Name.Document, P=root, T=String(title), K=Array())
    )
    pages = list(pdf.pages)
    by_page: dict[int, dict[int, Any]] = {}
    builder = _Builder(pdf, document, pages)
    for mark in marks:
        elem = builder.element(mark)
        by_page.setdefault(mark.page, {})[mark.mcid] = elem
    nums = Array()
    for index, page in enumerate(pages):
        page.obj.StructParents = index
        page.obj.Tabs = Name.S
        mcids = by_page.get(index, {})
        nums.extend([index, Array([mcids[i] for i in sorted(mcids)])])
    next_key = _tag_links(pdf, pages, document, nums, len(pages))
    root.K = document
    root.ParentTree = pdf.make_indirect(Dictionary(Nums=nums))
    root.ParentTreeNextKey = next_key
    pdf.Root.StructTreeRoot = root
    pdf.Root.MarkInfo = Dictionary(Marked=True)
    prefs = pdf.Root.get("/ViewerPreferences", Dictionary())
    prefs.DisplayDocTitle = True
    pdf.Root.ViewerPreferences = prefs


class _Builder:
    """Creates structure elements in reading order, grouping table, list and contents parts."""

    def __init__(self, pdf: pikepdf.Pdf, document: Any, pages: list[Any]) -> None:
        self.pdf, self.document, self.pages = pdf, document, pages
        self.containers: dict[tuple[Any, ...], Any] = {}

    def _elem(self, kind: str, parent: Any, **extra: Any) -> Any:
        elem = self.pdf.make_indirect(
            Dictionary(Type=Name.StructElem, S=Name("/" + kind), P=parent, K=Array(), **extra)
        )
        parent.K.append(elem)
        return elem

    def _container(self, key: tuple[Any, ...], kind: str, parent: Any) -> Any:
        if key not in self.containers:
            self.containers[key] = self._elem(kind, parent)
        return self.containers[key]

    def element(self, mark: Mark) -> Any:
        page = self.pages[mark.page].obj
        parent = self._parent(mark)
        extra: dict[str, Any] = {"Alt": String(mark.alt)} if mark.role == "Figure" else {}
        if mark.role == "TH":
            extra["A"] = Dictionary(O=Name.Table, Scope=Name.Column)
        if mark.role == "Note":  # PDF/UA-1 7.9: a Note carries a unique ID
            extra["ID"] = String(f"note-{mark.page + 1}-{mark.mcid}")
        if mark.role == "LI":
            item = self._elem("LI", parent)
            elem = self._elem("LBody", item, Pg=page)
        else:
            elem = self._elem(mark.role, parent, Pg=page, **extra)
        elem.K.append(mark.mcid)
        return elem

    def _parent(self, mark: Mark) -> Any:
        group = mark.group
        if not group:
            return self.document
        kind, key = group[0], group[1]
        if kind == "data" and mark.role in ("TH", "TD"):
            table = self._container(("table", key), "Table", self.document)
            return self._container(("row", key, group[2], group[3]), "TR", table)
        if kind == "toc":
            return self._container(("toc", key), "TOC", self.document)
        if kind == "list":
            return self._container(("list", key), "L", self.document)
        return self.document


def _tag_links(
    pdf: pikepdf.Pdf, pages: list[Any], document: Any, nums: Array, next_key: int
) -> int:
    """Give every link annotation a Link structure element and a description."""
    links, entries = [], []
    for page in pages:
        for annot in page.obj.get("/Annots", ()):
            if annot.get("/Subtype") != Name.Link:
                continue
            objr = Dictionary(Type=Name.OBJR, Obj=annot, Pg=page.obj)
            link = pdf.make_indirect(
                Dictionary(
                    Type=Name.StructElem, S=Name.Link, P=document, Pg=page.obj, K=Array([objr])
                )
            )
            annot.StructParent = next_key
            annot.Contents = String(_link_text(annot))
            links.append(link)
            entries += [next_key, link]
            next_key += 1
    document.K.extend(links)
    nums.extend(entries)
    return next_key


def _link_text(annot: Any) -> str:
    action = annot.get("/A")
    if action is not None and "/URI" in action:
        return f"Link til {action.URI}"
    return "Krydshenvisning i rapporten"
