"""What every exhibit maker shares: the project, layout, fonts, data and templates of one build."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from reportlab.lib.styles import ParagraphStyle

from ..data.questionnaire import group_labels
from ..errors import Location, RapportError
from ..groups import TOTAL_GROUP
from ..layout.model import Layout
from ..phrases import phrase
from ..project import Project
from ..quotes import quote_marks, smart_quotes
from ..sources import Sources
from ..styles import Fonts, make_styles
from ..template import TemplateEngine

T = TypeVar("T")
Resolver = Callable[[str], tuple[str, str]]  # "@fig:x" → (text, anchor)


@dataclass
class ExhibitContext:
    """One build's inputs, and the cross-reference resolver once the composer exists.

    It counts what makes an exhibit particular to this document: reading the tailored
    segment (here or in a template) and resolving a cross-reference; work that did
    neither is the same in every copy and every rebuild (see :mod:`.products`)."""

    project: Project
    layout: Layout
    fonts: Fonts
    sources: Sources
    engines: Callable[[str], TemplateEngine]
    _segment: str = TOTAL_GROUP  # the tailored copy's segment
    _segment_label: str = ""
    _resolver: Resolver | None = None
    _para_styles: dict[str, dict[str, ParagraphStyle]] = field(default_factory=dict, repr=False)
    _segment_reads: int = field(default=0, repr=False)
    _resolves: int = field(default=0, repr=False)

    @property
    def segment(self) -> str:
        self._segment_reads += 1
        return self._segment

    @property
    def segment_label(self) -> str:
        self._segment_reads += 1
        return self._segment_label

    def read_segment(self) -> None:
        """Count a read of the segment made earlier, by work reused now."""
        self._segment_reads += 1

    @property
    def resolve(self) -> Resolver | None:
        if self._resolver is None:
            return None
        return self._resolved

    @resolve.setter
    def resolve(self, resolver: Resolver | None) -> None:
        self._resolver = resolver

    def _resolved(self, ref: str) -> tuple[str, str]:
        assert self._resolver is not None
        self._resolves += 1
        return self._resolver(ref)

    def particulars(self, language: str) -> tuple[int, int]:
        """(segment reads, cross-references resolved) so far; a change while an exhibit
        was made means it belongs to this copy or this document only."""
        reads = self.engines(language).scope.context.reads.segment
        return self._segment_reads + reads, self._resolves

    def segment_key(self) -> tuple[str, str]:
        """The segment and its label, for keys (not counted as a read)."""
        return self._segment, self._segment_label

    @property
    def text_width(self) -> float:
        w, _ = self.layout.page.dimensions
        frame, m = self.layout.templates.body.frame, self.layout.page.margins
        inner = m.inner if frame.inner is None else frame.inner
        outer = m.outer if frame.outer is None else frame.outer
        return w - inner - outer

    def quoted(self, text: str, language: str) -> str:
        """Straight quotes in generated text or data labels → the language's marks."""
        return smart_quotes(text, quote_marks(language, self.layout.typography.quotes))

    def total_label(self, language: str) -> str:
        """What the whole-population group is called: ``parameters.total_label`` (text, or
        a mapping per language), else the language's word ("I alt", "Total")."""
        given = self.project.parameters.get("total_label")
        if isinstance(given, Mapping):
            given = given.get(language)
        return str(given) if given else str(phrase(language, "labels", "total"))

    def group_labels(self, source: str, language: str) -> dict[str, str]:
        """Group code → label in ``language``: the whole population, editions, the source's
        group labels and, when the questionnaire is translated, its segment values."""
        labels = {TOTAL_GROUP: self.total_label(language)}
        series = self.sources.editions.get(source)
        for e in series.editions if series else ():
            labels[e.group] = f"{e.label} ({e.period})" if e.period else e.label
        labels.update(self.sources.group_labels(source))
        q = self.sources.questionnaire(source)
        translated = q.in_language(language) if q is not None else None
        if translated is not None and translated is not q:
            labels.update(group_labels(translated))
        return labels

    def paragraph_styles(self, language: str) -> dict[str, ParagraphStyle]:
        """The layout's paragraph styles for ``language``, built once per build."""
        if language not in self._para_styles:
            self._para_styles[language] = make_styles(self.layout, self.fonts, language)
        return self._para_styles[language]


def located(fn: Callable[[], T], where: Location) -> T:
    """Run ``fn``; an error that does not say where it happened is pointed at ``where``."""
    try:
        return fn()
    except RapportError as exc:
        if exc.location is not None and exc.location.line is not None:
            raise
        raise type(exc)(
            f"{exc.message} (used at {where})", location=exc.location or where, hint=exc.hint
        ) from exc
