"""Stage 9: a composed story → PDF bytes (page templates, running heads, TOC, outline).

``render_pdf`` builds the document in as many passes as it takes (bounded) for
the table of contents and the "Side x af y" total to settle. Page templates
come in odd/even variants so mirrored margins work; which kind of page comes
next (cover, front matter, chapter opener, body, back page) is chosen by
``NextKind`` markers in the story. Render does not write files (see ``write``).
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.lib.colors import HexColor
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    ActionFlowable,
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepInFrame,
    PageTemplate,
    doctemplate,
)
from reportlab.platypus.tableofcontents import TableOfContents

from .datacodec import cache_record
from .drawmemo import KEPT_FLATE
from .errors import Location, RapportError, RenderError
from .footnotes import begin_frame, draw_frame_notes
from .footnotes import release as release_frame
from .images import image_flowable
from .layout.model import Layout
from .phrases import phrases
from .styles import Fonts
from .tagging import Tagged, TaggedCanvas, TagRecorder

LOG = logging.getLogger("rapport.progress")
KINDS = ("cover", "colophon", "contents", "chapter", "body", "back")
MAX_PASSES = 6


@dataclass(frozen=True)
class Metadata:
    title: str
    author: str
    subject: str
    keywords: tuple[str, ...]
    language: str  # BCP 47, e.g. "da-DK"
    creator: str


@dataclass(frozen=True)
class Running:
    """Values for the header/footer fields of the layout's running templates."""

    fields: dict[str, str] = field(default_factory=dict)


class NextKind(ActionFlowable):
    """Marker: the next page is of this kind (one of :data:`KINDS`)."""

    def __init__(self, kind: str) -> None:
        super().__init__(("nextKind", kind))


class Language(ActionFlowable):
    """Marker: what follows is in this language (its content gets ``/Lang`` when it is
    not the document's)."""

    def __init__(self, language: str) -> None:
        super().__init__(("language", language))


class PageTotal(Flowable):
    """Zero-size indexing flowable: asks for another pass until the page count is stable."""

    width = height = 0

    def __init__(self) -> None:
        super().__init__()
        self.total = 0
        self._counted = -1

    def isIndexing(self) -> int:
        return 1

    def isSatisfied(self) -> bool:
        return self.total == self._counted

    def beforeBuild(self) -> None:
        self.total = self._counted if self._counted > 0 else self.total

    def afterBuild(self) -> None:
        self.on_pass()

    def on_pass(self) -> None:
        """Called after each pass (the renderer ends its dry first pass here)."""

    def notify(self, kind: str, stuff: Any) -> None:
        """Indexing flowables receive every notification; this one needs none."""

    def count(self, pages: int) -> None:
        self._counted = pages

    @property
    def counted(self) -> int:
        return self._counted

    def wrap(self, *_: Any) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        return None


class ReportDoc(BaseDocTemplate):
    """Page templates from the layout; running heads, outline and TOC entries."""

    def __init__(
        self,
        target: io.BytesIO,
        layout: Layout,
        fonts: Fonts,
        meta: Metadata,
        running: Running,
        total: PageTotal,
    ) -> None:
        self.layout, self.fonts, self.running, self.total = layout, fonts, running, total
        width, height = layout.page.dimensions
        super().__init__(
            target,
            pagesize=(width, height),
            title=meta.title,
            author=meta.author,
            subject=meta.subject,
            keywords=list(meta.keywords),
            creator=meta.creator,
            lang=meta.language,
            invariant=1,
            initialFontName=fonts.body.regular,
            leftMargin=layout.page.margins.inner,
            rightMargin=layout.page.margins.outer,
            topMargin=layout.page.margins.top,
            bottomMargin=layout.page.margins.bottom,
            displayDocTitle=1,
        )
        self.chapter = ""
        self.language = "da"
        self.document_language = meta.language.split("-")[0].split("_")[0]
        self.dry = False
        self.shows_contents = layout.sections.contents
        self._next_kind: str | None = None
        self._kind = "cover"
        self.logo, self.header_logo = _logos(layout)
        self.addPageTemplates(self._templates())

    # -- page templates ------------------------------------------------------
    def _templates(self) -> list[PageTemplate]:
        out = []
        for kind in KINDS:
            for parity in ("odd", "even"):
                frames = self._frames(kind, parity)
                out.append(
                    PageTemplate(
                        f"{kind}-{parity}",
                        frames,
                        onPage=self._on_page(kind),
                        onPageEnd=self._on_page_end(kind, parity),
                        pagesize=self.pagesize,
                    )
                )
        return out

    def _frames(self, kind: str, parity: str) -> list[Frame]:
        """The template's frame, split into ``columns`` frames side by side."""
        whole = self._frame(kind, parity)
        spec = getattr(self.layout.templates, kind).frame
        if spec.columns <= 1:
            return [whole]
        gap = spec.column_gap
        width = (whole._width - gap * (spec.columns - 1)) / spec.columns
        return [
            Frame(
                whole._x1 + i * (width + gap),
                whole._y1,
                width,
                whole._height,
                id=f"{kind}-{parity}-{i}",
                leftPadding=0,
                rightPadding=0,
                topPadding=0,
                bottomPadding=0,
            )
            for i in range(spec.columns)
        ]

    def _frame(self, kind: str, parity: str) -> Frame:
        m, (w, h) = self.layout.page.margins, self.pagesize
        spec = getattr(self.layout.templates, kind).frame
        top, bottom = _or(spec.top, m.top), _or(spec.bottom, m.bottom)
        left, right = _or(spec.inner, m.inner), _or(spec.outer, m.outer)
        if self.layout.page.mirrored and parity == "even":
            left, right = right, left
        if kind == "cover" and spec.top is None:
            top = h * self.layout.cover.band_height * 0.25
            bottom = h * (1 - self.layout.cover.band_height) + m.bottom * 0.5
        return Frame(
            left,
            bottom,
            w - left - right,
            h - top - bottom,
            id=f"{kind}-{parity}",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )

    def _on_page(self, kind: str) -> Callable[[Canvas, ReportDoc], None]:
        background = getattr(self.layout.templates, kind).background

        logo = (
            self.logo
            if kind == "cover" or (kind == "back" and self.layout.cover.back_logo)
            else None
        )

        def draw(canv: Canvas, doc: ReportDoc) -> None:
            if not background and kind != "cover" and logo is None:
                return
            doc.tags.begin(canv, "Artifact")
            if background:
                canv.saveState()
                canv.setFillColor(HexColor(background))
                canv.rect(0, 0, *doc.pagesize, stroke=0, fill=1)
                canv.restoreState()
            if kind == "cover":
                _draw_cover_band(canv, doc.layout, doc.pagesize)
            if logo is not None:
                m, h = doc.layout.page.margins, doc.pagesize[1]
                logo.drawOn(canv, m.inner, h - m.top * 0.6 - logo.wrap(0, 0)[1])
            doc.tags.end(canv)

        return draw

    def _on_page_end(self, kind: str, parity: str) -> Callable[[Canvas, ReportDoc], None]:
        template = getattr(self.layout.templates, kind)

        def draw(canv: Canvas, doc: ReportDoc) -> None:
            if template.header or template.footer:
                doc.tags.begin(canv, "Artifact")
                _draw_running(
                    canv, doc, header=template.header, footer=template.footer, parity=parity
                )
                doc.tags.end(canv)

        return draw

    # -- reportlab hooks -----------------------------------------------------
    def handle_nextKind(self, kind: str) -> None:
        self._next_kind = kind

    def handle_language(self, language: str) -> None:
        """What follows is in ``language`` ("" for the document's own)."""
        self.tags.language = language or self.document_language

    def afterPage(self) -> None:
        kind = self._next_kind or _FOLLOWS.get(self._kind, self._kind)
        self._next_kind, self._kind = None, kind
        parity = "even" if (self.page + 1) % 2 == 0 else "odd"
        self.handle_nextPageTemplate(f"{kind}-{parity}")

    def handle_documentBegin(self) -> None:
        self.tags = TagRecorder(self.document_language, self.document_language)
        self.canv._rapport_tags = self.tags
        super().handle_documentBegin()
        self._kind, self._next_kind = self.first_kind, None
        self.chapter, self.language = "", "da"
        self.pageTemplate = self.pageTemplates[KINDS.index(self.first_kind) * 2]

    @property
    def first_kind(self) -> str:
        """The kind of page 1: the first front-matter part the layout switches on (the
        contents only when the story holds them: they are left out when empty)."""
        s, contents = self.layout.sections, self.shows_contents
        for kind, on in (("cover", s.cover), ("colophon", s.colophon), ("contents", contents)):
            if on:
                return kind
        return "chapter"

    def afterFlowable(self, flowable: Flowable) -> None:
        info = getattr(flowable, "rapport_heading", None)
        if info is None:
            return
        level, title, number, key, *rest = info
        in_toc = rest[0] if rest else True
        label = f"{number} {title}" if number else title
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(label, key, level=level - 1, closed=level > 1)
        if level <= 2 and in_toc:
            self.notify("TOCEntry", (level - 1, contents_label(number, title), self.page, key))
        if level == 1:
            self.chapter = title
            self.language = getattr(flowable, "rapport_language", "da")

    def build_passes(self, story: list[Flowable], max_passes: int) -> int:
        """reportlab's ``multiBuild`` loop, except that passes made while ``dry`` only
        place flowables; once the indexing flowables are satisfied, one drawing pass
        follows (it lays out exactly as the satisfied pass did)."""
        self._indexingFlowables = [f for f in story if f.isIndexing()]
        self.shows_contents = any(isinstance(f, TableOfContents) for f in story)
        self._doSave = 0
        edits: list[tuple[Any, ...]] = []
        self._multiBuildEdits = edits.append
        passes = 0
        while True:
            passes += 1
            for flowable in self._indexingFlowables:
                flowable.beforeBuild()
            self.build(story[:], canvasmaker=TaggedCanvas)
            for flowable in self._indexingFlowables:
                flowable.afterBuild()
            if self._allSatisfied():
                if not self.dry:
                    break
                self.dry = False
            elif self.dry and self._layout_settled():
                self.dry = False  # only page numbers moved: the next pass can draw
            elif passes > max_passes:
                raise unsettled(self._indexingFlowables, max_passes)
            while edits:
                edit = edits.pop(0)
                edit[0](*edit[1:])
        del self._multiBuildEdits
        self.canv.save()
        return passes

    def _layout_settled(self) -> bool:
        """The contents have the same entries as in the pass before, page numbers aside;
        their length, and so the layout, will not change again."""
        for flowable in self._indexingFlowables:
            if isinstance(flowable, TableOfContents):
                before = [e[:2] + e[3:] for e in flowable._lastEntries]
                if before != [e[:2] + e[3:] for e in flowable._entries]:
                    return False
        return True

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        """In a dry pass flowables are placed but not drawn (see :func:`render_pdf`)."""
        if flowables and getattr(flowables[0], "rapport_float", False):
            self._let_text_pass(flowables)
        if not self.dry or not flowables:
            super().handle_flowable(flowables)
            return
        first = flowables[0]
        first.__dict__["drawOn"] = _no_draw
        try:
            super().handle_flowable(flowables)
        finally:
            first.__dict__.pop("drawOn", None)

    def _let_text_pass(self, flowables: list[Flowable]) -> None:
        """A float (figure or short table) that does not fit the rest of the frame lets the
        text after it go first, so the text fills this page and the float goes to the top of
        the next, as in LaTeX and Typst. Text passes a piece at a time (a section heading
        together with what follows it); never a chapter opener, another float or a page
        break, so floats keep their order. A float that nothing may pass (the last of its
        chapter) is shrunk to the room left when that keeps it within
        ``typography.min_scale`` of its size."""
        frame = getattr(self, "frame", None)
        if frame is None or frame._atTop or len(flowables) < 2:
            return
        float_, left = flowables[0], frame._y - frame._y1p
        float_.wrapOn(self.canv, frame._getAvailableWidth(), left)
        height = getattr(float_, "_H", None)
        if height is None or height <= left:
            return
        count = _passing(flowables, left)
        if count:
            flowables[0 : count + 1] = [*flowables[1 : count + 1], float_]
        elif left / height >= self.layout.typography.min_scale:
            # nothing may pass (the chapter ends): shrink the float, within the layout's
            # floor, rather than leave the page part empty
            flowables[0] = KeepInFrame(0, left, list(float_._content), mode="shrink")

    def handle_frameBegin(self, resume: int = 0, pageTopFlowables: Any = None) -> None:
        super().handle_frameBegin(resume, pageTopFlowables)
        begin_frame(self.canv, self.frame)

    def handle_pageEnd(self) -> None:
        self.total.count(self.page)
        for frame in self.pageTemplate.frames:
            if not self.dry:
                draw_frame_notes(self.canv, frame)
            release_frame(frame)
        super().handle_pageEnd()


_FOLLOWS = {"cover": "colophon", "chapter": "body"}


def _passing(flowables: list[Flowable], left: float) -> int:
    """How many flowables after the float at ``flowables[0]`` may go ahead of it (0: none)."""
    k = 1
    if isinstance(flowables[k], CondPageBreak):
        if flowables[k].height > left or len(flowables) < 3:
            return 0  # it would break the page: the float may as well go first
        k += 1
    while _keeps_with_next(flowables[k]) and k + 1 < len(flowables):
        if not _is_text(flowables[k], heading_ok=True):
            return 0
        k += 1
    return k if _is_text(flowables[k]) else 0


def _keeps_with_next(flowable: Flowable) -> bool:
    return bool(getattr(flowable, "getKeepWithNext", lambda: False)())


def _is_text(flowable: Flowable, *, heading_ok: bool = False) -> bool:
    """Running text (or a section heading, when ``heading_ok``) that may pass a float."""
    heading = getattr(flowable, "rapport_heading", None)
    return not (
        isinstance(flowable, (ActionFlowable, CondPageBreak))
        or getattr(flowable, "rapport_float", False)
        or (heading is not None and (not heading_ok or heading[0] <= 1))
        or (_keeps_with_next(flowable) and not heading_ok)
    )


def _no_draw(*_: Any, **__: Any) -> None:
    """Stands in for ``drawOn`` during a dry pass."""


def _or(value: float | None, default: float) -> float:
    return default if value is None else value


def _logos(layout: Layout) -> tuple[Flowable | None, Flowable | None]:
    """The cover logo at its width, and the header's at its height (None without a logo)."""
    if layout.cover.logo is None:
        return None, None
    path = Path(layout.cover.logo)
    where = Location(path)
    cover = image_flowable(path, layout.cover.logo_width, where)
    if layout.running.logo == "none":
        return cover, None
    height = layout.running.logo_height
    return cover, image_flowable(path, 10 * height, where, height=height)


def _draw_cover_band(canv: Canvas, layout: Layout, size: tuple[float, float]) -> None:
    w, h = size
    band = h * layout.cover.band_height
    canv.saveState()
    canv.setFillColor(HexColor(layout.colors.accent))
    if layout.cover.style == "band":
        canv.rect(0, h - band, w, band, stroke=0, fill=1)
        canv.setFillColor(HexColor(layout.colors.highlight))
        canv.rect(layout.page.margins.inner, h - band - 6, 60, 6, stroke=0, fill=1)
    canv.restoreState()


def _draw_running(canv: Canvas, doc: ReportDoc, *, header: bool, footer: bool, parity: str) -> None:
    r, layout = doc.layout.running, doc.layout
    values = dict(
        doc.running.fields,
        chapter=doc.chapter,
        page=str(doc.page),
        pages=str(doc.total.total or doc.page),
    )
    m, (w, h) = layout.page.margins, doc.pagesize
    left, right = m.inner, m.outer
    if layout.page.mirrored and parity == "even":
        left, right = right, left
    base = layout.typography.base_size * 0.8
    canv.saveState()
    canv.setFont(doc.fonts.heading.regular, base)
    canv.setFillColor(HexColor(layout.colors.muted))
    texts = [(r.footer_left, r.footer_right, m.bottom * 0.5)] if footer else []
    if header:
        texts.append((r.header_left, r.header_right, h - m.top * 0.55))
    for lt, rt, y in texts:
        lt, rt = (
            _fill(_translate(lt, doc.language), values),
            _fill(_translate(rt, doc.language), values),
        )
        logo_side: str = r.logo if doc.header_logo is not None and y > h / 2 else "none"
        if layout.page.mirrored and parity == "even":
            lt, rt = rt, lt
            logo_side = {"left": "right", "right": "left"}.get(logo_side, logo_side)
        if logo_side == "left" and doc.header_logo is not None:
            doc.header_logo.drawOn(canv, left, y - base * 0.3)
        else:
            canv.drawString(left, y, _fit(canv, lt, doc, base, (w - left - right) * 0.6))
        if logo_side == "right" and doc.header_logo is not None:
            logo_x = w - right - doc.header_logo.wrap(0, 0)[0]
            doc.header_logo.drawOn(canv, logo_x, y - base * 0.3)
        else:
            canv.drawRightString(w - right, y, _fit(canv, rt, doc, base, (w - left - right) * 0.4))
    if header and r.rule:
        canv.setStrokeColor(HexColor(layout.colors.rule))
        canv.setLineWidth(0.5)
        y = h - m.top * 0.55 - base * 0.6
        canv.line(left, y, w - right, y)
    canv.restoreState()


def _translate(template: str, language: str) -> str:
    """The layout's running text (written in Danish) in the page's language, when the
    phrase file knows it ("Side {page} af {pages}" → "Page {page} of {pages}")."""
    return str(phrases(language)["running"].get(template, template))


def _fill(template: str, values: dict[str, str]) -> str:
    try:
        return template.format_map(values)
    except (KeyError, ValueError, IndexError):
        return template


def _fit(canv: Canvas, text: str, doc: ReportDoc, size: float, width: float) -> str:
    font = doc.fonts.heading.regular
    if canv.stringWidth(text, font, size) <= width:
        return text
    while text and canv.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


@cache_record
@dataclass(frozen=True)
class RenderHint:
    """What the last build's final pass found: contents entries and page total.

    Seeding the indexing flowables with it lets an unchanged document finish in one
    pass; a wrong hint only costs the passes it would have taken anyway.
    """

    entries: tuple[tuple[Any, ...], ...]
    total: int
    tags: Tagged | None = None
    last_fill: float = 1.0
    """How far down its text frame the last page is filled (0–1)."""


def contents_label(number: str, title: str) -> str:
    """A contents entry's text: number and title apart by an en space (the contents
    draw the number as the entry's label)."""
    return f"{number}\u2002{title}" if number else title


def _seeded(
    hinted: Sequence[tuple[Any, ...]], expected: list[tuple[Any, ...]]
) -> list[tuple[Any, ...]]:
    """The hint's entries; when their titles differ from what the headings will make (a
    hint from another tailored copy, whose headings name another segment), the expected
    entries with the hint's page numbers, matched by link key."""
    if [(e[0], e[1], e[3]) for e in hinted] == [(e[0], e[1], e[3]) for e in expected]:
        return [tuple(e) for e in hinted]
    pages = {e[3]: e[2] for e in hinted}
    return [(level, label, pages.get(key, 0), key) for level, label, _, key in expected]


def contents_entries(story: Sequence[Flowable]) -> list[tuple[Any, ...]]:
    """The contents entries the headings will make, with page 0 for now (none: a
    contents page would be empty)."""
    entries = []
    for flowable in story:
        info = getattr(flowable, "rapport_heading", None)
        if info is None:
            continue
        level, title, number, key, *rest = info
        if level <= 2 and (rest[0] if rest else True):
            entries.append((level - 1, contents_label(number, title), 0, key))
    return entries


@contextmanager
def binary_streams() -> Iterator[None]:
    """Compressed streams without the ASCII85 layer reportlab adds by default (smaller,
    faster; everything is post-processed anyway), each distinct stream compressed once per
    process (:data:`~rapport.drawmemo.KEPT_FLATE`). reportlab reads both settings
    globally, so they are set for the render only."""
    previous = rl_config.useA85, pdfdoc.PDFZCompress
    rl_config.useA85, pdfdoc.PDFZCompress = 0, KEPT_FLATE
    try:
        yield
    finally:
        rl_config.useA85, pdfdoc.PDFZCompress = previous


def unsettled(indexing: Sequence[Flowable], passes: int) -> RenderError:
    """The error for pagination that did not settle in ``passes`` passes, naming what kept
    changing and the likely cause."""
    moving = [
        "the page total" if isinstance(f, PageTotal) else "the table of contents"
        for f in indexing
        if not f.isSatisfied()
    ]
    what = " and ".join(dict.fromkeys(moving)) or "the page layout"
    return RenderError(
        f"the pages did not settle after {passes} layout passes: {what} changed on every pass",
        hint="a block whose height changes with its page number (or with the page total) "
        "moves the pages again on every pass; keep page numbers and 'Side x af y' in the "
        "layout's running header/footer rather than in chapter text or figures, and give "
        "a block that depends on where it lands a fixed height",
    )


def render_pdf(
    story: Sequence[Flowable],
    layout: Layout,
    fonts: Fonts,
    meta: Metadata,
    running: Running,
    hint: RenderHint | None = None,
) -> tuple[bytes, int, RenderHint]:
    """Build the PDF; returns its bytes, page count and the hint for the next build."""
    total = PageTotal()
    tocs = [f for f in story if isinstance(f, TableOfContents)]
    if isinstance(hint, RenderHint):
        total.count(hint.total)
        seeded = _seeded(hint.entries, contents_entries(story)) if tocs else []
        for toc in tocs:
            toc._entries = list(seeded)
    else:  # no hint: at least give the contents its full length from the first pass
        for toc in tocs:
            toc._entries = contents_entries(story)
    buffer = io.BytesIO()
    with binary_streams():
        doc = ReportDoc(buffer, layout, fonts, meta, running, total)
        return _build(doc, buffer, total, story, tocs, hint)


def _too_large(exc: Exception) -> str:
    """reportlab's "Flowable … too large on page 3 in frame 'colophon-odd'…" → where."""
    match = re.search(r"too large on page (\d+) in frame '([a-z]+)", str(exc))
    if match is None:
        return "a block of the report is taller than a page"
    return f"a block on page {match.group(1)} ({match.group(2)}) is taller than the page"


def _build(
    doc: ReportDoc,
    buffer: io.BytesIO,
    total: PageTotal,
    story: Sequence[Flowable],
    tocs: list[TableOfContents],
    hint: RenderHint | None,
) -> tuple[bytes, int, RenderHint]:
    # Without a hint, passes only place flowables (nothing drawn) until the contents
    # and page total settle; then one pass draws. With a hint the first pass draws.
    doc.dry = not isinstance(hint, RenderHint)
    try:
        passes = doc.build_passes([total, *story], MAX_PASSES)
    except doctemplate.LayoutError as exc:
        raise RapportError(
            f"something is too large for a page: {_too_large(exc)}",
            hint="shorten the text, title or table named here, or split it up",
        ) from exc
    LOG.info("Step 9: %d page(s) in %d pass(es)", total.counted, passes)
    entries = tuple(tuple(e) for e in tocs[0]._lastEntries) if tocs else ()
    return (
        buffer.getvalue(),
        total.counted,
        RenderHint(entries, total.counted, doc.tags.record(), _last_fill(doc)),
    )


def _last_fill(doc: ReportDoc) -> float:
    """The share of the last frame the content reaches down (1 when there is no frame)."""
    frame = getattr(doc, "frame", None)
    if frame is None or frame._height <= 0:
        return 1.0
    share: float = (frame._y1 + frame._height - frame._y) / frame._height
    return round(share, 3)
