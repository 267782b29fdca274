"""Stage 8c: the cover and the table of contents as flowables.

Front matter is set before any chapter, in the report's own language (Danish
labels); the colophon and back page are made by :mod:`rapport.exhibits.matter`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepInFrame, PageBreak, Spacer, TableStyle

from .contents import TaggedContents
from .flowables import Para
from .layout.model import Layout
from .markup import escape
from .phrases import phrases
from .render import NextKind


@dataclass(frozen=True)
class FrontMatter:
    title: str
    subtitle: str
    edition: str
    date_text: str
    publisher: str
    colophon: Sequence[Flowable] = ()
    segment: str = ""  # label of the tailored copy's segment


class FrontComposer:
    """Cover and contents for one document."""

    def __init__(
        self,
        layout: Layout,
        styles: Mapping[str, Mapping[str, ParagraphStyle]],
        language: str = "da",
    ) -> None:
        self.layout, self.styles, self.language = layout, styles, language

    def style(self, name: str) -> ParagraphStyle:
        return self.styles[self.language][name]

    def _para(self, markup: str, style: str, role: str) -> Para:
        para = Para(markup, self.style(style))
        para.rapport_role = role
        return para

    def cover(self, front: FrontMatter) -> list[Flowable]:
        base = self.layout.typography.base_size
        out: list[Flowable] = [Spacer(1, base * 4)]
        style = fit_words(self.style("cover_title"), front.title, self.text_width())
        title = Para(escape(front.title), style)
        title.rapport_role = "Title"
        out.append(title)
        if front.subtitle:
            out.append(Spacer(1, base))
            out.append(self._para(escape(front.subtitle), "cover_subtitle", "P"))
        out += self._cover_lines(front, base)
        # the cover never spills onto the next page: shrink to the cover frame if needed
        return [KeepInFrame(0, 0, out, mode="shrink"), NextKind("colophon"), PageBreak()]

    def _cover_lines(self, front: FrontMatter, base: float) -> list[Flowable]:
        """The tailored copy's segment, edition and date, and the publisher."""
        out: list[Flowable] = []
        if front.segment:
            word = phrases(self.language)["labels"]["edition_for"]
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
        return out

    def text_width(self) -> float:
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
        word = self.layout.labels.contents
        title = self._para(escape(word), "toc_title", "H1")
        title.rapport_heading = (1, word, "", "sec-indhold", False)
        return [title, toc]


def fit_words(style: ParagraphStyle, text: str, width: float) -> ParagraphStyle:
    """Shrink a display style until its longest word fits the line (never split a word)."""
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
