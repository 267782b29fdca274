"""Tagged PDF: marked content while rendering, a structure tree afterwards (PDF/UA-1).

While a page is drawn, every piece of content is either *marked* with a
marked-content id and the place in the structure it belongs to, or wrapped as an
*artifact* (running heads, page furniture, table rules, contents leaders). A
place is a *path* of containers from the document down, e.g.
``(("Table", "tab-x"), ("TBody", "tab-x"), ("TR", …))`` for a table cell, so
captions land inside their Table or Figure, list labels and bodies inside their
LI, and a contents entry inside its TOCI. A paragraph that holds a link or a
bullet is marked inside its text object, piece by piece, so the Link element
holds its own text in reading order and a list item its label (``Lbl``).

The :class:`TagRecorder` remembers the marks, the link annotations and the
targets they point to; :func:`add_structure` turns them into the structure
tree, parent tree, link descriptions and the catalogue entries a PDF/UA reader
needs. Content in a language other than the document's carries ``/Lang``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable

from .datacodec import cache_record

# block roles → standard structure types (PDF 1.7)
STRUCT = {
    "H1": "H1",
    "H2": "H2",
    "H3": "H3",
    "P": "P",
    "Caption": "Caption",
    "Note": "P",
    "Footnote": "Note",
    "Title": "H1",
    "Aside": "P",
    "LBody": "LBody",
    "Lbl": "Lbl",
    "Figure": "Figure",
    "TH": "TH",
    "TD": "TD",
    "TOCI": "TOCI",
    "Link": "Link",
}
HERE = "@"
"""Role of content that belongs to the innermost container of its path itself."""

Path = tuple[tuple[Any, ...], ...]  # ((kind, key, *attributes), …) from the document down


@cache_record
@dataclass(frozen=True)
class Mark:
    page: int  # 0-based
    mcid: int
    role: str  # a structure type, or HERE
    alt: str = ""
    path: Path = ()
    lang: str = ""


@dataclass(frozen=True)
class LinkRef:
    """A link annotation: its page, its index in the page's /Annots, where it belongs."""

    page: int
    index: int
    target: str  # named destination or URI
    path: Path = ()


@dataclass(frozen=True)
class Tagged:
    """What rendering recorded for the structure tree."""

    marks: tuple[Mark, ...] = ()
    links: tuple[LinkRef, ...] = ()
    targets: tuple[tuple[str, str, int], ...] = ()  # (anchor, plain text, 1-based page)
    language: str = "da"


@dataclass
class TagRecorder:
    """Marked-content ids per page and the marks in drawing (reading) order."""

    language: str = "da"  # of the content being drawn
    document_language: str = "da"
    marks: list[Mark] = field(default_factory=list)
    links: list[LinkRef] = field(default_factory=list)
    targets: dict[str, tuple[str, int]] = field(default_factory=dict)
    depth: int = 0
    inline: list[tuple[str, Path]] = field(default_factory=list)  # for the next text objects
    link_paths: dict[str, Path] = field(default_factory=dict)  # target → Link being drawn
    log: list[tuple[Any, ...]] | None = None  # while a draw is kept: its marks and parts
    _next: dict[int, int] = field(default_factory=dict)
    _parts: dict[Any, int] = field(default_factory=dict)
    _ids: Iterator[int] = field(default_factory=itertools.count)

    def mark(self, canv: Canvas, role: str, alt: str = "", path: Path = ()) -> str:
        """Record a mark; returns the operator that opens its marked content."""
        page = canv.getPageNumber() - 1
        mcid = self._next.get(page, 0)
        self._next[page] = mcid + 1
        lang = self.language if self.language != self.document_language else ""
        kind = STRUCT.get(role, "P") if role != HERE else str(path[-1][0])
        self.marks.append(Mark(page, mcid, STRUCT.get(role, role), alt, path, lang))
        op = f"/{kind} <</MCID {mcid}>> BDC"
        if self.log is not None:
            self.log.append(("mark", role, alt, path, op))
        return op

    def begin(self, canv: Canvas, role: str, alt: str = "", path: Path = ()) -> None:
        if role == "Artifact":
            canv.addLiteral("/Artifact BMC")
        else:
            canv.addLiteral(self.mark(canv, role, alt, path))
        self.depth += 1

    def end(self, canv: Canvas) -> None:
        canv.addLiteral("EMC")
        self.depth -= 1

    def part(self, key: Any) -> int:
        """How many times a (split) table with this key has started drawing."""
        self._parts[key] = self.next_part(key)
        if self.log is not None:
            self.log.append(("part", key))
        return self._parts[key]

    def next_part(self, key: Any) -> int:
        """What :meth:`part` will return for ``key`` next."""
        return self._parts.get(key, -1) + 1

    def new_id(self) -> int:
        return next(self._ids)

    def target(self, anchor: str, text: str, page: int) -> None:
        self.targets.setdefault(anchor, (text, page))

    def record(self) -> Tagged:
        targets = tuple((a, t, p) for a, (t, p) in self.targets.items())
        return Tagged(tuple(self.marks), tuple(self.links), targets, self.document_language)


def recorder_of(canv: Canvas) -> TagRecorder | None:
    return getattr(canv, "_rapport_tags", None)


def marked(
    canv: Canvas, role: str, draw: Callable[[], None], alt: str = "", path: Path = ()
) -> None:
    """Draw inside one marked-content sequence (nested content is not marked again)."""
    tags = recorder_of(canv)
    if tags is None or tags.depth > 0:
        draw()
        return
    tags.begin(canv, role, alt, path)
    try:
        draw()
    finally:
        tags.end(canv)


def marked_text(canv: Canvas, pieces: list[tuple[str, Path]], draw: Callable[[], None]) -> bool:
    """Draw a paragraph whose text objects are marked one by one (``pieces``: role and
    path for each text object in drawing order, e.g. a bullet's Lbl then the LBody);
    links inside are marked as Link pieces. False when the canvas cannot do this."""
    tags = recorder_of(canv)
    if tags is None or tags.depth > 0 or not isinstance(canv, TaggedCanvas):
        return False
    tags.inline, tags.depth = list(pieces), tags.depth + 1
    try:
        draw()
    finally:
        tags.inline, tags.depth = [], tags.depth - 1
    return True


class _MarkedText(PDFTextObject):
    """A text object whose content is marked from inside BT … ET."""

    tags: TagRecorder | None = None
    path: Path = ()
    links: dict[Any, Path]
    _text_at = 0
    _since_end = 0

    def open(self, tags: TagRecorder, role: str, path: Path) -> None:
        self.tags, self.path, self.links = tags, path, {}
        self._text_at, self._since_end = len(self._code), 0
        self._code.append(tags.mark(self._canvas, role, path=path))

    def _formatText(self, text: str) -> str:
        runs = self._canvas.__dict__.get("_rapport_runs")  # see rapport.drawmemo
        if runs is not None:
            runs.append((self._fontname, text))
        return str(super()._formatText(text))

    def _textOut(self, text: str, TStar: int = 0) -> None:
        self._text_at = len(self._code)
        self._since_end += 1
        super()._textOut(text, TStar)

    def _linkRecord(self, link: Any, event: str) -> None:
        """reportlab's hook: a link starts (after its first text is out) or ends."""
        tags = self.tags
        if tags is None:
            return
        target = _target_of(link)
        if event == "start":
            path = self.links.get(link) if self._since_end <= 1 else None
            if path is None:
                path = (*self.path, ("Link", tags.new_id()))
                self.links[link] = path
            tags.link_paths[target] = path
            code = "EMC " + tags.mark(self._canvas, HERE, path=path)
            self._code.insert(self._text_at, code)
        else:
            self._code.append("EMC " + tags.mark(self._canvas, HERE, path=self.path))
            self._since_end = 0

    def getCode(self) -> str:
        if self.tags is not None:
            self._code.append("EMC")
            for target, path in list(self.tags.link_paths.items()):
                if path in self.links.values():
                    del self.tags.link_paths[target]
        return str(super().getCode())


def _target_of(link: Any) -> str:
    if isinstance(link, tuple):  # reportlab's (index, href)
        link = link[-1]
    text = str(getattr(link, "link", link))
    return text[1:] if text.startswith("#") else text


class TaggedCanvas(Canvas):
    """A canvas that marks paragraph text objects on request and records link
    annotations with the structure element they belong to."""

    def beginText(self, x: float = 0, y: float = 0, direction: Any = None) -> PDFTextObject:
        text = _MarkedText(self, x, y, direction=direction)
        tags = recorder_of(self)
        if tags is not None and tags.inline:
            role, path = tags.inline.pop(0)
            if tags.log is not None:  # the mark that follows is for the caller's piece
                tags.log.append(("inline",))
            text.open(tags, role, path)
        return text

    def linkRect(self, contents: str, destinationname: str, *args: Any, **kw: Any) -> Any:
        self._rapport_target = destinationname
        return super().linkRect(contents, destinationname, *args, **kw)

    def linkURL(self, url: str, *args: Any, **kw: Any) -> Any:
        self._rapport_target = url
        return super().linkURL(url, *args, **kw)

    def _annotatePage(self, name: str) -> None:
        tags = recorder_of(self)
        if tags is not None:
            target = getattr(self, "_rapport_target", "")
            path = tags.link_paths.get(target, ())
            index = len(self._annotationrefs)
            tags.links.append(LinkRef(self.getPageNumber() - 1, index, target, path))
        super()._annotatePage(name)


class Marked(Flowable):
    """Wraps a flowable so its drawing is one marked element (e.g. a chart as Figure)."""

    def __init__(self, inner: Flowable, role: str, alt: str = "", path: Path = ()) -> None:
        super().__init__()
        self.inner, self.role, self.alt, self.path = inner, role, alt, path

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width, self.height = self.inner.wrap(aw, ah)
        return self.width, self.height

    def draw(self) -> None:
        draw = lambda: self.inner.drawOn(self.canv, 0, 0)  # noqa: E731
        marked(self.canv, self.role, draw, self.alt, self.path)


def table_tagger(
    kind: str, key: Any, header_rows: int = 1, alts: Callable[[int, int], str] | None = None
) -> Callable[..., None]:
    """A reportlab ``renderCB`` that marks a table's cells and makes its rules artifacts.

    ``kind``: "data" (THead/TBody rows of TH/TD; the first column heads its row),
    "box" or "toc" (cells whose paragraphs mark themselves) or "tiles" (a figure per cell).
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
        elif event == "startCell" and kind not in ("box", "toc"):
            row, col, value = args[0], args[1], args[2]
            part = state.get("part", 0)
            role, alt = _cell_role(kind, row, col, part, header_rows, value)
            if kind == "tiles" and alts is not None and role == "Figure":
                alt = alts(row, col)
            tags.begin(canv, role, alt, _cell_path(kind, key, part, row, col, header_rows))
            state["open"] = 1

    return callback


def _cell_path(kind: str, key: Any, part: int, row: int, col: int, header_rows: int) -> Path:
    if kind != "data":
        return ()
    section = "THead" if row < header_rows else "TBody"
    scope = "Column" if row < header_rows else "Row"
    return (
        ("Table", key),
        (section, key),
        ("TR", key, part, row),
        ("cell", key, part, row, col, scope),
    )


def _cell_role(
    kind: str, row: int, col: int, part: int, header_rows: int, value: Any
) -> tuple[str, str]:
    empty = value is None or value == "" or value == []
    if empty:
        return "Artifact", ""
    if kind == "data":
        if row < header_rows:
            return ("Artifact", "") if part > 0 else ("TH", "")
        return ("TH", "") if col == 0 else ("TD", "")
    if kind == "tiles":
        items = value if isinstance(value, (list, tuple)) else [value]
        return "Figure", " ".join(str(getattr(v, "alt_text", "")) for v in items).strip()
    return "P", ""
