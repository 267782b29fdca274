"""Stage 8b: structural blocks → a reportlab story (flowables).

Composition is pure: it reads parsed chapters and the figure/table parts that
the build prepared and returns flowables, with numbers and cross-references
from :mod:`rapport.numbering`. Every flowable it makes carries a
``rapport_role`` (and figures their ``alt_text``) for the tagged-PDF stage.
The cover and contents are :mod:`rapport.frontmatter`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Spacer,
    Table,
    TableStyle,
)

from .errors import Location, ProjectError
from .flowables import Para
from .fonts import check_glyphs
from .footnotes import ChapterFootnotes
from .images import image_flowable
from .layout.model import Labels, Layout, derive_color
from .markdown import (
    Block,
    FactBox,
    FigureBlock,
    Footnote,
    Heading,
    ImageBlock,
    KeyFigures,
    ListBlock,
    TableBlock,
    block_runs,
)
from .markdown import PageBreak as PageBreakBlock
from .markdown import (
    Paragraph as ParagraphBlock,
)
from .markup import inline_markup, runs_to_markup
from .memo import Memo
from .numbering import ChapterInput, References, slug
from .render import Language, NextKind
from .styles import Fonts
from .tagging import HERE, Marked, table_tagger

_DRAWABLE: Memo[tuple[str, str], str] = Memo("drawable texts", 20_000)


@dataclass(frozen=True)
class Exhibit:
    """A figure or table ready to place: title/note/source as markup, body as flowable."""

    title: str
    body: Flowable
    note: str = ""
    source: str = ""
    alt: str = ""
    legend: str = ""


ExhibitMaker = Callable[[str, str], Exhibit]  # (id, language) → Exhibit


@dataclass(frozen=True)
class Makers:
    """Where the composer gets figures, tables and key-figure tiles (by id and language)."""

    figure: ExhibitMaker
    table: ExhibitMaker
    keyfigure: Callable[[str, str], Flowable]


class Composer:
    """Turns chapters into flowables for one document."""

    def __init__(
        self,
        layout: Layout,
        styles: Mapping[str, Mapping[str, ParagraphStyle]],
        makers: Makers,
        references: References,
        fonts: Fonts | None = None,
    ) -> None:
        self.layout, self.styles, self.makers = layout, styles, makers
        self.references = references
        self.fonts = fonts
        self._language = "da"
        self._file: Path | None = None

    def labels(self) -> Labels:
        return self.references.labels(self._language)

    def resolve(self, ref: str, line: int = 0) -> tuple[str, str]:
        """(text, anchor) of ``@kind:id`` at ``line`` of the chapter being composed."""
        return self.references.resolve(ref, language=self._language, file=self._file, line=line)

    # -- chapters ------------------------------------------------------------
    def chapter(self, chapter: ChapterInput) -> list[Flowable]:
        self._language, self._file = chapter.language, chapter.parsed.file
        blocks = chapter.parsed.blocks
        self._footnotes = ChapterFootnotes(self.layout, blocks, self._footnote_para)
        out: list[Flowable] = [Language(chapter.language)]
        for block in blocks:
            self._check_glyphs(block)
            out.extend(self.block(block))
            out.extend(self._footnotes.reserve(block))
        return [*out, Language("")]

    def _footnote_para(self, block: Footnote) -> Flowable:
        resolve = self._resolver(block.line)
        text = "<br/>".join(runs_to_markup(runs, resolve) for runs in block.paragraphs)
        return self._para(f"<super>{block.number}</super>\u2002{text}", "footnote", "Footnote")

    def _check_glyphs(self, block: Block) -> None:
        """A character the block's font cannot draw is an error at the chapter line."""
        if self.fonts is None:
            return
        runs = [r for part in block_runs(block) for r in part]
        text = "".join(r.text for r in runs)
        if text:
            family = (
                self.fonts.heading if isinstance(block, (Heading, FactBox)) else self.fonts.body
            )
            known = (str(family.files[0]), text)  # text checked before in this process
            if known not in _DRAWABLE:
                check_glyphs(text, family, Location(self._file, block.line))
                _DRAWABLE.put(known, family.name)

    def style(self, name: str) -> ParagraphStyle:
        return self.styles[self._language][name]

    def block(self, block: Block) -> list[Flowable]:
        if isinstance(block, Heading):
            return self.heading(block)
        if isinstance(block, ParagraphBlock):
            return [self._para(runs_to_markup(block.runs, self._resolver(block.line)), "body", "P")]
        if isinstance(block, ListBlock):
            return [self.list_block(block)]
        if isinstance(block, FactBox):
            return [self.factbox(block)]
        if isinstance(block, FigureBlock):
            return [self.exhibit("fig", block.id, block.line)]
        if isinstance(block, TableBlock):
            return [self.exhibit("tab", block.id, block.line)]
        if isinstance(block, KeyFigures):
            return [self.keyfigures(block)]
        if isinstance(block, PageBreakBlock):
            return [PageBreak()]
        if isinstance(block, Footnote):
            return self._footnotes.at_end(block)
        if isinstance(block, ImageBlock):
            return [self.image(block)]
        raise TypeError(type(block))

    def _resolver(self, line: int) -> Callable[[str], tuple[str, str]]:
        return lambda ref: self.resolve(ref, line)

    def _para(self, markup: str, style: str, role: str) -> Para:
        para = Para(markup, self.style(style))
        para.rapport_role = role
        return para

    def heading(self, block: Heading) -> list[Flowable]:
        anchor = block.anchor or slug(block.text)
        number = (
            self.references.numbering.sections.get(anchor, "")
            if self.layout.sections.number_headings
            else ""
        )
        title = runs_to_markup(block.runs, self._resolver(block.line))
        if block.level == 1:
            return self.chapter_opener(block, title, number, anchor)
        style = "h2" if block.level == 2 else "h3"
        text = f"{number}\u2002{title}" if number and block.level <= 3 else title
        para = self._para(f'<a name="sec-{anchor}"/>{text}', style, block.role)
        para.rapport_anchor = f"sec-{anchor}"
        if block.level <= 3:
            para.rapport_heading = (block.level, block.text, number, f"sec-{anchor}")
        return [CondPageBreak(self.layout.typography.base_size * 8), para]

    def chapter_opener(
        self, block: Heading, title: str, number: str, anchor: str
    ) -> list[Flowable]:
        out: list[Flowable] = []
        if self.layout.sections.chapter_new_page:
            out += [NextKind("chapter"), PageBreak()]
        else:
            out.append(CondPageBreak(self.layout.typography.base_size * 15))
        if self.layout.typography.heading_case == "upper":
            title = title.upper()
        heading = (("H1", f"sec-{anchor}"),)  # number and title: one H1
        if number:
            label = self._para(number, "chapter_number", HERE)
            label.rapport_path = heading
            out.append(label)
        para = self._para(f'<a name="sec-{anchor}"/>{title}', "chapter", HERE)
        para.rapport_path = heading
        para.rapport_anchor = f"sec-{anchor}"
        para.rapport_target_text = f"{number} {block.text}" if number else block.text
        para.rapport_heading = (1, block.text, number, f"sec-{anchor}")
        para.rapport_language = self._language
        out.append(para)
        return out

    def list_block(self, block: ListBlock) -> Flowable:
        """Items as paragraphs with their bullet inside (one marked list item each)."""
        base = self.layout.typography.base_size
        style = ParagraphStyle(
            "list_item",
            parent=self.style("list"),
            leftIndent=base * 1.4,
            bulletIndent=base * 0.2,
            bulletFontName=self.style("body").fontName,
            bulletColor=HexColor(self.layout.colors.accent),
        )
        items: list[Flowable] = []
        for number, runs in enumerate(block.items, start=1):
            para = Para(
                runs_to_markup(runs, self._resolver(block.line)),
                style,
                bulletText=f"{number}." if block.ordered else "\u2022",
            )
            para.rapport_role = "LBody"
            key = f"{self._file}:{block.line}"
            para.rapport_path = (("L", key), ("LI", key, number))
            items.append(para)
        items.append(Spacer(1, base * 0.3))
        return KeepTogether(items) if len(items) <= 4 else _Group(items)

    def factbox(self, block: FactBox) -> Flowable:
        paras = [
            self._para(runs_to_markup(p, self._resolver(block.line)), "factbox", "P")
            for p in block.paragraphs
        ]
        base = self.layout.typography.base_size
        table = Table([[paras]], colWidths=["100%"])
        table._renderCB = table_tagger("box", f"box-{self._file}:{block.line}")
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), self.style("body").fontName),
                    (
                        "BACKGROUND",
                        (0, 0),
                        (-1, -1),
                        HexColor(
                            self.layout.tables.zebra
                            or derive_color("accent 7%", self.layout.colors.accent)
                        ),
                    ),
                    ("LINEBEFORE", (0, 0), (0, -1), 3, HexColor(self.layout.colors.accent)),
                    ("LEFTPADDING", (0, 0), (-1, -1), base),
                    ("RIGHTPADDING", (0, 0), (-1, -1), base),
                    ("TOPPADDING", (0, 0), (-1, -1), base * 0.7),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), base * 0.4),
                ]
            )
        )
        table.rapport_role = "Aside"
        return KeepTogether([Spacer(1, base * 0.3), table, Spacer(1, base * 0.8)])

    def exhibit(self, kind: str, ident: str, line: int) -> Flowable:
        maker = self.makers.figure if kind == "fig" else self.makers.table
        try:
            exhibit = maker(ident, self._language)
        except KeyError as exc:
            what = "figure" if kind == "fig" else "table"
            raise ProjectError(
                f"unknown {what} id {ident!r}",
                location=Location(self._file, line, 1),
                hint=f"define it under '{what}s:' in report.yaml",
            ) from exc
        return self.place(kind, ident, exhibit)

    def image(self, block: ImageBlock) -> Flowable:
        """An image file (its path already checked to lie in the project) as a figure."""
        where = Location(self._file, block.line, 1)
        page, m = self.layout.page, self.layout.page.margins
        width = (page.dimensions[0] - m.inner - m.outer) * block.width
        height = (page.dimensions[1] - m.top - m.bottom) * 0.6
        body = image_flowable(Path(block.path), width, where, height)
        resolve = self._resolver(block.line)
        source = inline_markup(block.source, resolve) if block.source else ""
        caption = inline_markup(block.caption, resolve)
        return self.place("fig", block.id, Exhibit(caption, body, source=source, alt=block.alt))

    def place(self, kind: str, ident: str, exhibit: Exhibit) -> Flowable:
        """A figure or table with its numbered caption, notes and source, kept together."""
        labels = self.labels()
        word = labels.figure if kind == "fig" else labels.table
        number = (
            self.references.numbering.figures if kind == "fig" else self.references.numbering.tables
        )[ident]
        muted = self.layout.colors.muted
        caption = self._para(
            f'<a name="{kind}-{ident}"/><font color="{muted}">{word} '
            f"{number}</font>\u2003{exhibit.title}",
            "caption",
            "Caption",
        )
        # the caption goes inside its Table or Figure element (the table's tagger uses
        # the same key, f"tab-{ident}")
        container = (("Figure" if kind == "fig" else "Table", f"{kind}-{ident}"),)
        caption.rapport_path, caption.rapport_anchor = container, f"{kind}-{ident}"
        body = exhibit.body
        body.rapport_role = "Figure" if kind == "fig" else "Table"
        body.alt_text = exhibit.alt
        if kind == "fig":
            body = Marked(body, HERE, exhibit.alt, container)
            body.rapport_role, body.alt_text = "Figure", exhibit.alt
        parts: list[Flowable] = [caption, body, Spacer(1, 3)]
        parts += self._notes(exhibit, labels)
        parts.append(Spacer(1, self.layout.typography.base_size * 0.8))
        if kind == "tab" and _tall(body):
            return _Group(parts)
        placed = KeepTogether(parts)
        placed.rapport_float = True  # text may pass it (render)
        return placed

    def _notes(self, exhibit: Exhibit, labels: Labels) -> list[Flowable]:
        out = []
        if exhibit.legend:
            out.append(self._para(exhibit.legend, "note", "Note"))
        if exhibit.note:
            out.append(self._para(f"<b>{labels.note}:</b> {exhibit.note}", "note", "Note"))
        if exhibit.source:
            out.append(self._para(f"<b>{labels.source}:</b> {exhibit.source}", "note", "Note"))
        return out

    def keyfigures(self, block: KeyFigures) -> Flowable:
        tiles = [self.makers.keyfigure(i, self._language) for i in block.ids]
        cols = 2
        rows = [
            tiles[i : i + cols] + [""] * (cols - len(tiles[i : i + cols]))
            for i in range(0, len(tiles), cols)
        ]
        table = Table(rows, colWidths=[f"{100 / cols}%"] * cols)
        table._renderCB = table_tagger("tiles", f"tiles-{self._file}:{block.line}")
        base = self.layout.typography.base_size
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), self.style("body").fontName),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), base),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), base * 1.5),
                    ("TOPPADDING", (0, 0), (-1, 0), base * 0.8),  # clear of the text above
                ]
            )
        )
        table.rapport_role = "Figure"
        return table


class _Group(Flowable):
    """Caption + long table + notes that may split (the table repeats its header)."""

    def __init__(self, parts: list[Flowable]) -> None:
        super().__init__()
        self.parts = parts

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        self.height = sum(p.wrap(aw, ah)[1] + p.getSpaceAfter() for p in self.parts)
        return aw, self.height

    def split(self, aw: float, ah: float) -> list[Flowable]:
        return list(self.parts)

    def draw(self) -> None:  # pragma: no cover - always split before drawing
        y = self.height
        for p in self.parts:
            _, h = p.wrap(self.width, y)
            y -= h
            p.drawOn(self.canv, 0, y)


def _tall(body: Flowable) -> bool:
    rows = getattr(body, "_cellvalues", None)
    return rows is not None and len(rows) > 18
