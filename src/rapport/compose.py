"""Stage 8: structural blocks → a reportlab story (flowables), with numbering and references.

Composition is pure: it reads parsed chapters and the figure/table parts that
the build prepared, numbers chapters, sections, figures ("Figur 4.2") and
tables ("Tabel 7.1") per chapter, resolves ``@fig:``/``@tab:``/``@sec:``
references, and returns flowables. Every flowable it makes carries a
``rapport_role`` (and figures their ``alt_text``) for the tagged-PDF stage.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepInFrame,
    KeepTogether,
    PageBreak,
    Spacer,
    Table,
    TableStyle,
)

from .contents import TaggedContents
from .errors import Location, ProjectError
from .flowables import Para
from .fonts import check_glyphs
from .footnotes import NoteReserve, NoteRule
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
    ParsedChapter,
    Run,
    TableBlock,
)
from .markdown import PageBreak as PageBreakBlock
from .markdown import (
    Paragraph as ParagraphBlock,
)
from .markup import inline_markup, runs_to_markup
from .quotes import quote_marks
from .render import Language, NextKind
from .styles import Fonts
from .tagging import HERE, Marked, table_tagger

ENGLISH_LABELS = Labels("Figure", "Table", "Source", "Note", "Contents", "Colophon")


@dataclass(frozen=True)
class ChapterInput:
    parsed: ParsedChapter
    language: str  # "da", "en"
    numbered: bool = True


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
class FrontMatter:
    title: str
    subtitle: str
    edition: str
    date_text: str
    publisher: str
    colophon: Sequence[Flowable] = ()
    segment: str = ""  # label of the tailored copy's segment


@dataclass
class Numbering:
    """Numbers for chapters, sections, figures and tables, computed before layout."""

    sections: dict[str, str] = field(default_factory=dict)  # anchor → "4.1"
    figures: dict[str, str] = field(default_factory=dict)
    tables: dict[str, str] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)  # anchor → heading text


def number_blocks(
    chapters: Sequence[ChapterInput],
    numbered: bool = True,
    defined: Mapping[str, Collection[str]] | None = None,
) -> Numbering:
    """Assign numbers in reading order; unknown ids and duplicates are located errors.

    ``defined`` maps "fig"/"tab" to the ids the report definition declares.
    """
    out, seen = Numbering(), {}
    number = 0
    for chapter in chapters:
        if chapter.numbered and numbered:
            number += 1
        prefix = str(number) if chapter.numbered and numbered else ""
        counts = {"sec": 0, "fig": 0, "tab": 0}
        for block in chapter.parsed.blocks:
            if isinstance(block, KeyFigures):
                for ident in block.ids:
                    _check_defined(defined, "fig", ident, chapter.parsed.file, block.line)
            key = _block_key(block)
            if key is None:
                continue
            kind, ident = key
            if kind == "sec":
                out.titles[ident] = block.text  # type: ignore[attr-defined]
            if kind == "sec" and block.level == 1:  # type: ignore[attr-defined]
                out.sections[ident] = prefix
                continue
            if not isinstance(block, ImageBlock):
                _check_defined(defined, kind, ident, chapter.parsed.file, block.line)
            _check_unique(seen, kind, ident, chapter.parsed.file, block.line)
            counts[kind] += 1
            label = f"{prefix}.{counts[kind]}" if prefix else str(counts[kind])
            {"sec": out.sections, "fig": out.figures, "tab": out.tables}[kind][ident] = label
    return out


def _block_key(block: Block) -> tuple[str, str] | None:
    if isinstance(block, Heading):
        return ("sec", block.anchor or _slug(block.text)) if block.level <= 3 else None
    if isinstance(block, (FigureBlock, ImageBlock)):
        return "fig", block.id
    if isinstance(block, TableBlock):
        return "tab", block.id
    return None


def _check_defined(
    defined: Mapping[str, Collection[str]] | None, kind: str, ident: str, file: object, line: int
) -> None:
    if defined is None or kind not in defined or ident in defined[kind]:
        return
    what = "figure" if kind == "fig" else "table"
    close = difflib.get_close_matches(ident, list(defined[kind]), n=1)
    raise ProjectError(
        f"unknown {what} id {ident!r}",
        location=Location(file, line, 1),  # type: ignore[arg-type]
        hint=(f"did you mean {close[0]!r}? " if close else "")
        + f"define it under '{what}s:' in report.yaml",
    )


def _check_unique(seen: dict, kind: str, ident: str, file: object, line: int) -> None:
    if kind == "sec":
        return
    if (kind, ident) in seen:
        first = seen[(kind, ident)]
        raise ProjectError(
            f"{'figure' if kind == 'fig' else 'table'} {ident!r} is placed twice "
            f"(first at {first})",
            location=Location(file, line, 1),  # type: ignore[arg-type]
            hint=f"place each figure and table once; refer to it with @{kind}:{ident}",
        )
    seen[(kind, ident)] = f"{file}:{line}"


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")[:60]


class Composer:
    """Turns chapters into flowables for one document."""

    def __init__(
        self,
        layout: Layout,
        styles: Mapping[str, Mapping[str, ParagraphStyle]],
        make_figure: ExhibitMaker,
        make_table: ExhibitMaker,
        make_keyfigure: Callable[[str, str], Flowable],
        numbering: Numbering,
        present: set[str] | None = None,
        fonts: Fonts | None = None,
    ) -> None:
        self.layout, self.styles = layout, styles
        self.make_figure, self.make_table, self.make_keyfigure = (
            make_figure,
            make_table,
            make_keyfigure,
        )
        self.numbering = numbering
        self.present = present  # link targets in this document; None: all
        self.fonts = fonts
        self._language = "da"
        self._file: object = None

    # -- references ----------------------------------------------------------
    def labels(self, language: str | None = None) -> Labels:
        return self.layout.labels if (language or self._language) == "da" else ENGLISH_LABELS

    def resolve(self, ref: str, line: int = 0) -> tuple[str, str]:
        kind, _, ident = ref.partition(":")
        text, anchor = self._resolve(f"{kind.lower()}:{ident}", line)
        return (text[:1].upper() + text[1:] if ref[:1].isupper() else text), anchor

    def _resolve(self, ref: str, line: int) -> tuple[str, str]:
        kind, ident = ref.split(":", 1)
        table = {
            "fig": self.numbering.figures,
            "tab": self.numbering.tables,
            "sec": self.numbering.sections,
        }[kind]
        if ident not in table:
            raise ProjectError(
                f"cross-reference @{ref} points to nothing",
                location=Location(self._file, line or None),  # type: ignore[arg-type]
                hint=f"known {kind} ids: " + ", ".join(sorted(table)[:20]),
            )
        labels = self.labels()
        word = {"fig": labels.figure, "tab": labels.table}.get(kind)
        anchor = f"{kind}-{ident}"
        if self.present is not None and anchor not in self.present:
            anchor = ""  # the target is in a chapter this layout leaves out: text, no link
        if word is None:
            return self._section_ref(ident), anchor
        return f"{word.lower() if self._language == 'da' else word} {table[ident]}", anchor

    def _section_ref(self, ident: str) -> str:
        number = self.numbering.sections[ident] if self.layout.sections.number_headings else ""
        chapter = "." not in number
        if self._language == "da":
            word = "kapitlet" if chapter else "afsnittet"
            word = ("kapitel" if chapter else "afsnit") if number else word
        else:
            word = ("chapter" if chapter else "section") if number else "the section"
        title = self.numbering.titles.get(ident, ident)
        opening, closing = quote_marks(self._language, self.layout.typography.quotes)
        return f"{word} {number}" if number else f"{word} {opening}{title}{closing}"

    # -- chapters ------------------------------------------------------------
    def chapter(self, chapter: ChapterInput) -> list[Flowable]:
        self._language, self._file = chapter.language, chapter.parsed.file
        blocks = chapter.parsed.blocks
        self._footnotes = {b.number: b for b in blocks if isinstance(b, Footnote)}
        self._notes_placed: set[int] = set()
        out: list[Flowable] = [Language(chapter.language)]
        for block in blocks:
            self._check_glyphs(block)
            out.extend(self.block(block))
            out.extend(self._note_reserve(block))
        return [*out, Language("")]

    # -- footnotes -----------------------------------------------------------
    def _note_reserve(self, block: Block) -> list[Flowable]:
        """At the page's foot: after the block that first refers to notes, reserve them."""
        if self.layout.footnotes.place != "page" or isinstance(block, Footnote):
            return []
        numbers = [r.note for part in _block_runs(block) for r in part if r.note is not None]
        new = [n for n in dict.fromkeys(numbers) if n not in self._notes_placed]
        self._notes_placed.update(new)
        paras: list[Flowable] = [self._footnote_para(self._footnotes[n]) for n in new]
        gap = self.layout.typography.base_size
        return [NoteReserve(paras, self.layout.colors.rule, gap)] if paras else []

    def footnote(self, block: Footnote) -> list[Flowable]:
        """At the chapter's end (layout footnotes.place: chapter), under a short rule."""
        if self.layout.footnotes.place == "page":
            return []
        out: list[Flowable] = []
        if block.number == min(self._footnotes):
            out.append(NoteRule(self.layout.colors.rule, self.layout.typography.base_size * 1.5))
        return [*out, self._footnote_para(block)]

    def _footnote_para(self, block: Footnote) -> Flowable:
        resolve = self._resolver(block.line)
        text = "<br/>".join(runs_to_markup(runs, resolve) for runs in block.paragraphs)
        return self._para(f"<super>{block.number}</super>\u2002{text}", "footnote", "Footnote")

    def _check_glyphs(self, block: Block) -> None:
        """A character the block's font cannot draw is an error at the chapter line."""
        if self.fonts is None:
            return
        runs = [r for part in _block_runs(block) for r in part]
        text = "".join(r.text for r in runs)
        if text:
            family = (
                self.fonts.heading if isinstance(block, (Heading, FactBox)) else self.fonts.body
            )
            check_glyphs(text, family, Location(self._file, block.line))  # type: ignore[arg-type]

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
            return self.footnote(block)
        if isinstance(block, ImageBlock):
            return [self.image(block)]
        raise TypeError(type(block))

    def _resolver(self, line: int) -> Callable[[str], tuple[str, str]]:
        return lambda ref: self.resolve(ref, line)

    def _para(self, markup: str, style: str, role: str) -> Para:
        para = Para(markup, self.style(style))
        para.rapport_role = role  # type: ignore[attr-defined]
        return para

    def heading(self, block: Heading) -> list[Flowable]:
        anchor = block.anchor or _slug(block.text)
        number = (
            self.numbering.sections.get(anchor, "") if self.layout.sections.number_headings else ""
        )
        title = runs_to_markup(block.runs, self._resolver(block.line))
        if block.level == 1:
            return self.chapter_opener(block, title, number, anchor)
        style = "h2" if block.level == 2 else "h3"
        text = f"{number}\u2002{title}" if number and block.level <= 3 else title
        para = self._para(f'<a name="sec-{anchor}"/>{text}', style, block.role)
        para.rapport_anchor = f"sec-{anchor}"  # type: ignore[attr-defined]
        if block.level <= 3:
            para.rapport_heading = (block.level, block.text, number, f"sec-{anchor}")  # type: ignore[attr-defined]
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
            label.rapport_path = heading  # type: ignore[attr-defined]
            out.append(label)
        para = self._para(f'<a name="sec-{anchor}"/>{title}', "chapter", HERE)
        para.rapport_path = heading  # type: ignore[attr-defined]
        para.rapport_anchor = f"sec-{anchor}"  # type: ignore[attr-defined]
        para.rapport_heading = (1, block.text, number, f"sec-{anchor}")  # type: ignore[attr-defined]
        para.rapport_language = self._language  # type: ignore[attr-defined]
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
            para.rapport_role = "LBody"  # type: ignore[attr-defined]
            key = f"{self._file}:{block.line}"
            para.rapport_path = (("L", key), ("LI", key, number))  # type: ignore[attr-defined]
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
        table.rapport_role = "Aside"  # type: ignore[attr-defined]
        return KeepTogether([Spacer(1, base * 0.3), table, Spacer(1, base * 0.8)])

    def exhibit(self, kind: str, ident: str, line: int) -> Flowable:
        maker = self.make_figure if kind == "fig" else self.make_table
        try:
            exhibit = maker(ident, self._language)
        except KeyError as exc:
            what = "figure" if kind == "fig" else "table"
            raise ProjectError(
                f"unknown {what} id {ident!r}",
                location=Location(self._file, line, 1),  # type: ignore[arg-type]
                hint=f"define it under '{what}s:' in report.yaml",
            ) from exc
        return self.place(kind, ident, exhibit)

    def image(self, block: ImageBlock) -> Flowable:
        """An image file (its path already checked to lie in the project) as a figure."""
        where = Location(self._file, block.line, 1)  # type: ignore[arg-type]
        m = self.layout.page.margins
        height = (self.layout.page.dimensions[1] - m.top - m.bottom) * 0.6
        body = image_flowable(Path(block.path), self._text_width() * block.width, where, height)
        resolve = self._resolver(block.line)
        return self.place(
            "fig",
            block.id,
            Exhibit(
                inline_markup(block.caption, resolve),
                body,
                source=inline_markup(block.source, resolve) if block.source else "",
                alt=block.alt,
            ),
        )

    def place(self, kind: str, ident: str, exhibit: Exhibit) -> Flowable:
        """A figure or table with its numbered caption, notes and source, kept together."""
        labels = self.labels()
        word = labels.figure if kind == "fig" else labels.table
        number = (self.numbering.figures if kind == "fig" else self.numbering.tables)[ident]
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
        caption.rapport_path, caption.rapport_anchor = container, f"{kind}-{ident}"  # type: ignore[attr-defined]
        body = exhibit.body
        body.rapport_role = "Figure" if kind == "fig" else "Table"  # type: ignore[attr-defined]
        body.alt_text = exhibit.alt  # type: ignore[attr-defined]
        if kind == "fig":
            body = Marked(body, HERE, exhibit.alt, container)
            body.rapport_role, body.alt_text = "Figure", exhibit.alt  # type: ignore[attr-defined]
        parts: list[Flowable] = [caption, body, Spacer(1, 3)]
        parts += self._notes(exhibit, labels)
        parts.append(Spacer(1, self.layout.typography.base_size * 0.8))
        if kind == "tab" and _tall(body):
            return _Group(parts)
        return KeepTogether(parts)

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
        tiles = [self.make_keyfigure(i, self._language) for i in block.ids]
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
        table.rapport_role = "Figure"  # type: ignore[attr-defined]
        return table

    # -- front and back matter ----------------------------------------------
    def cover(self, front: FrontMatter) -> list[Flowable]:
        base = self.layout.typography.base_size
        out: list[Flowable] = [Spacer(1, base * 4)]
        style = _fit_words(self.style("cover_title"), front.title, self._text_width())
        title = Para(escape(front.title), style)
        title.rapport_role = "Title"  # type: ignore[attr-defined]
        out.append(title)
        if front.subtitle:
            out.append(Spacer(1, base))
            out.append(self._para(escape(front.subtitle), "cover_subtitle", "P"))
        if front.segment:
            word = "Særudgave" if self._language == "da" else "Edition for"
            out += [
                Spacer(1, base),
                self._para(
                    f"<b>{escape(word)}: {escape(front.segment)}</b>", "cover_subtitle", "P"
                ),
            ]
        meta = " · ".join(x for x in (front.edition, front.date_text) if x)
        if meta:
            out += [Spacer(1, base * 1.5), self._para(escape(meta), "cover_subtitle", "P")]
        if front.publisher:
            out += [
                Spacer(1, base * 0.5),
                self._para(escape(front.publisher), "cover_subtitle", "P"),
            ]
        # the cover never spills onto the next page: shrink to the cover frame if needed
        return [KeepInFrame(0, 0, out, mode="shrink"), NextKind("colophon"), PageBreak()]

    def _text_width(self) -> float:
        m = self.layout.page.margins
        return self.layout.page.dimensions[0] - m.inner - m.outer

    def contents(self) -> list[Flowable]:
        toc = TaggedContents(
            dotsMinLevel=0,
            rightColumnWidth=30,
            tableStyle=TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), self.style("body").fontName),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ]
            ),
        )
        toc.levelStyles = [self.style("toc1"), self.style("toc2")]
        title = self._para(escape(self.labels("da").contents), "toc_title", "H1")
        title.rapport_heading = (1, self.labels("da").contents, "", "sec-indhold", False)  # type: ignore[attr-defined]
        return [title, toc]


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


def _block_runs(block: Block) -> list[tuple[Run, ...]]:
    if isinstance(block, (Heading, ParagraphBlock)):
        return [block.runs]
    if isinstance(block, ListBlock):
        return list(block.items)
    if isinstance(block, (FactBox, Footnote)):
        return list(block.paragraphs)
    return []


def _fit_words(style: ParagraphStyle, text: str, width: float) -> ParagraphStyle:
    """Shrink a display style until its longest word fits the line (never split a word)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    longest = max((stringWidth(w, style.fontName, style.fontSize) for w in text.split()), default=0)
    if longest <= width:
        return style
    size = style.fontSize * width / longest * 0.98
    return ParagraphStyle(
        f"{style.name}_fit",
        parent=style,
        fontSize=size,
        leading=size * style.leading / style.fontSize,
    )


def _tall(body: Flowable) -> bool:
    rows = getattr(body, "_cellvalues", None)
    return rows is not None and len(rows) > 18
