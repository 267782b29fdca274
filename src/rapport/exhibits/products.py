"""What an exhibit needs to become flowables, made once per content and reused.

Before a figure, key-figure tile or table exists as flowables, its data is selected
(pandas), its templates rendered, its note written from the questionnaire and its
table columns measured. That work depends only on the definition, the data, the
layout, the language and the template context — and on the tailored segment only
when it read it — so it is kept as a frozen record, a *product*:

* in this process's memory (bounded, :mod:`rapport.memo`), so a burst worker or a
  watcher makes each product once for all its copies and rebuilds;
* as plain data in the build cache (``exhibits/``), so a new process reuses it
  without pandas. An entry that does not decode to a valid product is ignored.

The key leaves the segment out unless making the product read it (the context
counts reads of ``segment``/``segment_label``, directly or through a template); such a
product is kept under a key with the segment, and the plain key says so. A product
that resolved a cross-reference belongs to its document only and is not kept.
Flowables are made fresh from a product for every document (reportlab changes them
while laying out).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from ..buildcache import BuildCache, cache_key
from ..datacodec import cache_record
from ..memo import Memo
from ..prewarm import ChartJob
from ..reuse import data_identity, files_stamp, install_digest
from .context import ExhibitContext

P = TypeVar("P")
PER_COPY = "per-copy"
"""Stored under a product's plain key: the product depends on the segment."""
KIND = "exhibits"
_HEX = re.compile(r"[0-9a-f]{64}")
_PRODUCTS: Memo[str, Any] = Memo("exhibit products", 4096)


@cache_record
@dataclass(frozen=True)
class ChartPart:
    """A chart as composition places it: its drawing's cache key, id and described cells.
    ``job`` (in memory only) draws it when the chart cache lacks the drawing."""

    key: str
    ident: str
    alt: str
    job: ChartJob | None = field(default=None, compare=False, repr=False)


@cache_record
@dataclass(frozen=True)
class FigureProduct:
    """A figure's title, note, source line, alt text and legend (markup) and its chart."""

    title: str
    note: str
    source: str
    alt: str
    legend: str
    chart: ChartPart


@cache_record
@dataclass(frozen=True)
class TileProduct:
    """A key-figure tile: its chart and the definition's alt text, if it has one."""

    chart: ChartPart
    alt: str | None


@cache_record
@dataclass(frozen=True)
class TableProduct:
    """A table's texts (markup), cell texts, measured column widths and font size."""

    title: str
    note: str
    source: str
    legend: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    size: float
    head: tuple[str, ...]  # header cells as set (hyphenated lines)


class Products:
    """The products of one build's exhibits, looked up before they are made."""

    def __init__(self, context: ExhibitContext, store: BuildCache | None = None) -> None:
        self.context, self.store = context, store
        self._world: str | None = None
        self.tests_in_text: Callable[[], bool] = lambda: False

    def world(self) -> str:
        """The part of every key this build shares (computed once per build)."""
        if self._world is None:
            c = self.context
            project, language = c.project, c.project.language.split("_")[0]
            tc = c.engines(language).scope.context
            report = sorted((k, repr(v)) for k, v in tc.report.items() if k != "segment_label")
            fonts = [*c.fonts.body.files, *c.fonts.heading.files]
            self._world = cache_key(
                "exhibit-world-v1",
                install_digest(),
                data_identity(project),
                repr(c.layout),
                repr(c.fonts),
                files_stamp(fonts),
                project.language,
                project.title,
                repr(project.parameters),
                report,
                sorted((k, repr(v)) for k, v in tc.params.items()),
                tc.on_suppressed,
                repr(tc.symbols),
                tc.series_break,
                self.tests_in_text(),
            )
        return self._world

    def get(self, kind: type[P], language: str, parts: tuple[Any, ...], make: Callable[[], P]) -> P:
        """The product of ``kind`` for ``parts`` (definition, flags) in ``language``."""
        base = cache_key("exhibit-v1", self.world(), kind.__name__, language, parts)
        found = self._find(base, kind)
        if found is not None:
            return found
        before = self.context.particulars(language)
        product = make()
        reads, resolves = self.context.particulars(language)
        if resolves != before[1]:
            return product  # it names another exhibit's number: this document's only
        if reads != before[0]:
            self._keep(base, PER_COPY)
            self._keep(self._copy_key(base), product)
        else:
            self._keep(base, product)
        return product

    def _copy_key(self, base: str) -> str:
        return cache_key(base, "segment", *self.context.segment_key())

    def _find(self, base: str, kind: type[P]) -> P | None:
        found = self._lookup(base, kind)
        if found == PER_COPY:
            self.context.read_segment()
            found = self._lookup(self._copy_key(base), kind)
        return found if isinstance(found, kind) else None

    def _lookup(self, key: str, kind: type[P]) -> Any:
        found = _PRODUCTS.get(key)
        if found is None and self.store is not None:
            found = self.store.get(KIND, key)
            if found == PER_COPY or valid(found, kind):
                _PRODUCTS.put(key, found)
            else:
                found = None
        return found

    def _keep(self, key: str, value: Any) -> None:
        _PRODUCTS.put(key, value)
        if self.store is not None:
            self.store.put(KIND, key, stored(value))


def stored(value: Any) -> Any:
    """The product as plain data: without the in-memory chart job."""
    if isinstance(value, FigureProduct | TileProduct):
        return replace(value, chart=replace(value.chart, job=None))
    return value


def valid(value: Any, kind: type[Any]) -> bool:
    """Whether a value read from the cache is a well-formed product of ``kind``."""
    if not isinstance(value, kind):
        return False
    if isinstance(value, FigureProduct):
        return _texts(value, ("title", "note", "source", "alt", "legend")) and _chart(value.chart)
    if isinstance(value, TileProduct):
        return _chart(value.chart) and (value.alt is None or isinstance(value.alt, str))
    if isinstance(value, TableProduct):
        return _table(value)
    return False


def _texts(value: Any, names: tuple[str, ...]) -> bool:
    return all(isinstance(getattr(value, n), str) for n in names)


def _chart(part: Any) -> bool:
    return (
        isinstance(part, ChartPart)
        and part.job is None
        and isinstance(part.key, str)
        and _HEX.fullmatch(part.key) is not None
        and _texts(part, ("ident", "alt"))
    )


def _table(t: TableProduct) -> bool:
    if not _texts(t, ("title", "note", "source", "legend")):
        return False
    width = len(t.header)
    return (
        _strings(t.header)
        and _strings(t.head)
        and isinstance(t.rows, tuple)
        and all(_strings(row) and len(row) == width for row in t.rows)
        and isinstance(t.widths, tuple)
        and len(t.widths) == width == len(t.head)
        and all(_number(w) for w in (*t.widths, t.size))
    )


def _strings(value: Any) -> bool:
    return isinstance(value, tuple) and all(isinstance(x, str) for x in value)


def _number(value: Any) -> bool:
    return type(value) in (int, float) and 0 < value < 1e5


__all__ = [
    "PER_COPY",
    "ChartPart",
    "FigureProduct",
    "Products",
    "TableProduct",
    "TileProduct",
]
