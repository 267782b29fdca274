"""The table of contents as a screen reader meets it: a nested TOC of entries.

reportlab's :class:`TableOfContents` collects the entries over the passes; here
each entry is drawn by :class:`ContentsEntry` so that it is tagged the way
PDF/UA expects: ``TOCI`` > ``Lbl`` (the number) and ``Reference`` > ``Link``
holding the title, then the page number, and the link annotation over the row.
The dot leaders are artifacts, second-level entries form a ``TOC`` inside their
chapter's ``TOCI``, and the space above a chapter entry is part of the entry
(no empty rows).
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Table
from reportlab.platypus.tableofcontents import TableOfContents

from .flowables import Para
from .markup import escape
from .tagging import HERE, Path, marked, recorder_of, table_tagger

LEADER = ". "
ROOT: Path = (("TOC", "contents"),)


class ContentsEntry(Flowable):
    """One contents line: number, title (may wrap), dot leaders and page number."""

    def __init__(self, text: str, page: int, key: str, style: ParagraphStyle, path: Path) -> None:
        super().__init__()
        number, _, title = text.partition("\u2002") if "\u2002" in text else ("", "", text)
        self.number, self.page, self.key, self.style, self.path = number, page, key, style, path
        start = style.leftIndent + style.firstLineIndent
        self._number_width = (
            stringWidth(number + " ", style.fontName, style.fontSize) if number else 0.0
        )
        title_style = ParagraphStyle(
            f"{style.name}_entry",
            parent=style,
            firstLineIndent=start + self._number_width - style.leftIndent,
            spaceBefore=0,
            spaceAfter=0,
        )
        self.title = Para(escape(title), title_style)
        self.title.rapport_role = HERE
        self.title.rapport_path = self.link_path

    @property
    def link_path(self) -> Path:
        return (*self.path, ("Reference", self.key), ("Link", self.key))

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        _, height = self.title.wrap(availWidth, availHeight)
        self.width, self.height = availWidth, height + self.style.spaceBefore
        return self.width, self.height

    def draw(self) -> None:
        canv, style = self.canv, self.style
        tags = recorder_of(canv)
        text_height = self.height - self.style.spaceBefore
        first = text_height - style.fontSize
        if self.number:
            x = style.leftIndent + style.firstLineIndent
            marked(
                canv,
                HERE,
                lambda: self._text(x, first, self.number),
                path=(*self.path, ("Lbl", self.key)),
            )
        self.title.drawOn(canv, 0, 0)
        end, last = self._last_line_end(text_height)
        page = str(self.page)
        page_width = stringWidth(page, style.fontName, style.fontSize)
        marked(canv, "Artifact", lambda: self._leaders(end, last, self.width - page_width))
        marked(
            canv,
            HERE,
            lambda: self._text(self.width - page_width, last, page),
            path=self.link_path,
        )
        if not self.key:
            return
        if tags is not None:
            tags.link_paths[self.key] = self.link_path
        canv.linkRect("", self.key, (0, 0, self.width, text_height), relative=1)
        if tags is not None:
            tags.link_paths.pop(self.key, None)

    def _text(self, x: float, y: float, text: str) -> None:
        self.canv.setFont(self.style.fontName, self.style.fontSize)
        self.canv.setFillColor(self.style.textColor)
        self.canv.drawString(x, y, text)

    def _leaders(self, start: float, y: float, stop: float) -> None:
        dot = stringWidth(LEADER, self.style.fontName, self.style.fontSize)
        gap = self.style.fontSize * 0.4
        count = int((stop - gap - start - gap) / dot)
        if count > 0:
            self._text(stop - gap - count * dot, y, LEADER * count)

    def _last_line_end(self, height: float) -> tuple[float, float]:
        """x where the title's last line ends, and that line's baseline."""
        para, style = self.title, self.title.style
        lines = para.blPara.lines
        count = len(lines)
        if not count:  # an empty title: the leaders start where its text would
            start = style.leftIndent + style.firstLineIndent
            return start, height - style.fontSize
        last = lines[-1]
        extra = last[0] if para.blPara.kind == 0 else last.extraSpace
        left = style.leftIndent + (style.firstLineIndent if count == 1 else 0)
        line_width = self.width - style.leftIndent - style.rightIndent
        line_width -= style.firstLineIndent if count == 1 else 0
        baseline = height - style.fontSize - (count - 1) * style.leading
        return left + line_width - extra, baseline


class TaggedContents(TableOfContents):
    """The table of contents, one :class:`ContentsEntry` per row, nested by level."""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        entries = self._lastEntries
        if not entries:  # no heading reaches the contents (yet): nothing to draw
            self._table = None
            self.width, self.height = availWidth, 0
            return self.width, self.height
        rows: list[list[Flowable]] = []
        chapter: Path = ROOT
        for level, text, page, key in entries:
            if level == 0:
                path: Path = (*ROOT, ("TOCI", key))
                chapter = path
            else:
                path = (*chapter, ("TOC", chapter[-1][1]), ("TOCI", key))
            rows.append([ContentsEntry(text, page, key, self.getLevelStyle(level), path)])
        self._table = Table(rows, colWidths=(availWidth,), style=self.tableStyle)
        self._table._renderCB = table_tagger("toc", "contents")
        self.width, self.height = self._table.wrapOn(self.canv, availWidth, availHeight)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return [] if self._table is None else super().split(availWidth, availHeight)

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        if self._table is not None:
            super().drawOn(canvas, x, y, _sW)
