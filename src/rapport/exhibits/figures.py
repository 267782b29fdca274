"""Figures and key-figure tiles: a chart definition bound to its data, drawn (or drawn ahead).

What a figure needs besides its drawing (cells, chart key, title, note, source, alt
text, legend) is a product (:mod:`.products`), made once per content and reused by
later copies and rebuilds; the chart flowable is made fresh from it every time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from reportlab.platypus import Flowable

from ..charts.cache import ChartCache
from ..charts.display import ChartFlowable
from ..charts.spec import BignumberSpec, ChartSpec, TimeseriesSpec, parse_chart_spec
from ..charts.style import ChartStyle
from ..columns import Columns
from ..compose import Exhibit
from ..errors import ChartError, Location, RapportError
from ..fonts import check_glyphs
from ..markup import inline_markup, plain_text
from ..prewarm import ChartJob, ChartWorker, LazyChart
from ..project import FigureDef
from ..template import TemplateEngine
from .captions import Captions
from .context import ExhibitContext, located
from .products import ChartPart, FigureProduct, Products, TileProduct

if TYPE_CHECKING:
    from typing import TypeAlias

    import pandas as pd

    from ..editions import EditionSeries

    Table: TypeAlias = Columns | pd.DataFrame


class FigureMaker:
    """Builds figures and key-figure tiles for one build; counts what it drew."""

    def __init__(
        self,
        context: ExhibitContext,
        captions: Captions,
        cache: ChartCache | None,
        products: Products | None = None,
    ) -> None:
        self.context, self.captions, self.cache = context, captions, cache
        self.products = products or Products(context)
        self.figure_count = self.chart_count = 0
        self._styles: dict[str, ChartStyle] = {}
        # (job, data, whether making it read the segment)
        self._jobs: dict[tuple[str, str, bool], tuple[ChartJob, Table, bool]] = {}
        self._tile_steps: dict[str, tuple[int, bool]] = {}
        self.worker: ChartWorker | None = None  # draws missing charts in the background

    def chart_style(self, language: str) -> ChartStyle:
        if language not in self._styles:
            fmt = self.context.engines(language).scope.formatter
            heading = self.context.fonts.heading
            self._styles[language] = ChartStyle.from_layout(self.context.layout, heading, fmt)
        return self._styles[language]

    def figure(self, ident: str, language: str) -> Exhibit:
        fdef = self.context.project.figures[ident]
        product = self.products.get(
            FigureProduct, language, ("figure", repr(fdef)), lambda: self._figure(fdef, language)
        )
        flow = self._flowable(product.chart, fdef, language, tile=False)
        self.figure_count += 1
        self.chart_count += 1
        return Exhibit(
            product.title, flow, product.note, product.source, product.alt, product.legend
        )

    def _figure(self, fdef: FigureDef, language: str) -> FigureProduct:
        engine = self.context.engines(language)
        job, data = self._job_data(fdef.id, language, tile=False)
        spec = job.spec
        title = self.context.quoted(engine.render(fdef.title, fdef.where), language)
        check_glyphs(plain_text(title), self.context.fonts.heading, fdef.where)
        chart = chart_part(job)
        alt = plain_text(engine.render(fdef.alt, fdef.where)) if fdef.alt else chart.alt
        captions = self.captions
        note = captions.note(
            "figure",
            fdef.note,
            fdef.where,
            spec.source,
            spec.indicators,
            data,
            engine,
            groups=spec.groups,
        )
        return FigureProduct(
            inline_markup(title, self.context.resolve),
            note,
            captions.source_line(fdef.source, spec.source, fdef.where, engine),
            alt,
            captions.legend(data, language, spec.groups),
            chart,
        )

    def keyfigure(self, ident: str, language: str) -> Flowable:
        fdef = self.context.project.figures[ident]
        parts = ("tile", repr(fdef), self._bignumbers())
        product = self.products.get(
            TileProduct, language, parts, lambda: self._keyfigure(fdef, language)
        )
        flow = self._flowable(product.chart, fdef, language, tile=True)
        self.chart_count += 1
        if product.alt is not None:
            flow.alt_text = product.alt
        return flow

    def _keyfigure(self, fdef: FigureDef, language: str) -> TileProduct:
        from ..charts.tile import tile_step

        job = self.chart_job(fdef.id, language, tile=True)
        spec = job.spec
        if isinstance(spec, BignumberSpec):
            try:
                tile_step(spec, job.cells, job.style, job.width)
            except ChartError as exc:
                raise ChartError(exc.message, location=fdef.chart_where, hint=exc.hint) from exc
        engine = self.context.engines(language)
        alt = plain_text(engine.render(fdef.alt, fdef.where)) if fdef.alt else None
        return TileProduct(chart_part(job), alt)

    def _bignumbers(self) -> tuple[str, ...]:
        """The definitions every tile's size depends on (see ``_tile_step``)."""
        figures = self.context.project.figures.values()
        return tuple(repr(f) for f in figures if f.chart.get("kind") == "bignumber")

    def _flowable(self, part: ChartPart, fdef: FigureDef, language: str, *, tile: bool) -> Any:
        """The chart flowable: drawn ahead (pending in the worker), from the chart cache,
        or drawn here."""
        cache, worker = self.cache, self.worker
        if worker is not None and cache is not None and part.key in worker.pending:
            job = part.job or self.chart_job(fdef.id, language, tile=tile)
            where = fdef.chart_where
            return LazyChart(job, part.key, worker, cache, lambda f: located(f, where))
        display = cache.get(part.key) if cache is not None else None
        if display is None:
            from ..charts.draw import render_cells

            job = part.job or self.chart_job(fdef.id, language, tile=tile)
            part = chart_part(job) if job.key != part.key else part
            display = located(
                lambda: render_cells(job.spec, job.cells, job.style, job.width), fdef.chart_where
            )
            if cache is not None:
                cache.put(part.key, display)
        return ChartFlowable(display, part.alt, part.ident, part.key)

    def chart_job(self, ident: str, language: str, *, tile: bool) -> ChartJob:
        """What drawing figure ``ident`` takes (for drawing ahead, see ``prewarm``);
        composition reuses the selected cells."""
        return self._job_data(ident, language, tile=tile)[0]

    def _job_data(self, ident: str, language: str, *, tile: bool) -> tuple[ChartJob, Any]:
        key = (ident, language, tile)
        held = self._jobs.get(key)
        if held is None:
            before = self.context.particulars(language)[0]
            job, data = self._job(ident, language, tile=tile)
            read = self.context.particulars(language)[0] != before
            held = self._jobs[key] = (job, data, read)
        elif held[2]:
            self.context.read_segment()  # a product made from it depends on the segment too
        return held[0], held[1]

    def _job(self, ident: str, language: str, *, tile: bool) -> tuple[ChartJob, Table]:
        from ..charts.frame import select_cells

        context = self.context
        fdef = context.project.figures[ident]
        spec = self._spec(fdef, context.engines(language))
        if isinstance(spec, TimeseriesSpec) and spec.editions:
            series_spec = spec
            spec, data = located(lambda: self._over_editions(series_spec), fdef.chart_where)
        else:
            data = self._data(spec.source, spec.indicators, fdef.chart_where)
        base = context.layout.typography.base_size
        width = (
            context.text_width / 2 - base
            if tile
            else context.text_width * context.layout.figures.width
        )
        cells = located(lambda: select_cells(spec, data), fdef.chart_where)
        cells = tuple(replace(c, label=context.quoted(c.label, language)) for c in cells)
        style = self.chart_style(language)
        if tile and isinstance(spec, BignumberSpec):
            style = replace(style, tile_step=self._tile_step(language, width))
        return ChartJob(spec, cells, style, width), data

    def _tile_step(self, language: str, width: float) -> int:
        """One size for every key-figure tile of the report: the step the tightest needs
        (a tile that cannot fit at all is reported where it is placed)."""
        held = self._tile_steps.get(language)
        if held is None:
            before = self.context.particulars(language)[0]
            step = self._tightest(language, width)
            held = (step, self.context.particulars(language)[0] != before)
            self._tile_steps[language] = held
        elif held[1]:
            self.context.read_segment()
        return held[0]

    def _tightest(self, language: str, width: float) -> int:
        from ..charts.frame import select_cells
        from ..charts.tile import tile_step

        steps = [0]
        for fdef in self.context.project.figures.values():
            if fdef.chart.get("kind") != "bignumber":
                continue
            try:
                spec = self._spec(fdef, self.context.engines(language))
                cells = select_cells(spec, self._data(spec.source, spec.indicators, fdef.where))
                assert isinstance(spec, BignumberSpec)
                steps.append(tile_step(spec, cells, self.chart_style(language), width))
            except RapportError:
                continue
        return max(steps)

    def _spec(self, fdef: FigureDef, engine: TemplateEngine) -> ChartSpec:
        raw = {key: self._chart_value(value, fdef, engine) for key, value in fdef.chart.items()}
        raw.setdefault("id", fdef.id)
        language = engine.scope.formatter.language
        labels = self._default_labels(str(raw.get("source", "")), strings(raw), language)
        if labels:
            raw["labels"] = {**labels, **dict(raw.get("labels") or {})}
        if raw.get("kind") == "stacked":
            self._scale_defaults(raw)
        return parse_chart_spec(_Positioned(raw, fdef.chart), fdef.chart_where)

    def _scale_defaults(self, raw: dict[str, Any]) -> None:
        """A stacked chart's categories and "don't know" from the questionnaire's item."""
        q = self.context.sources.questionnaire(str(raw.get("source", "")))
        rows = raw.get("indicators")
        first = rows[0] if isinstance(rows, list) and rows else rows
        item = q.items.get(str(first)) if q is not None else None
        if item is None:
            return
        # "don't know" is left out (the note says how many answered it), unless listed
        raw.setdefault("categories", [o for o in item.options if o != item.dont_know])
        if item.dont_know is not None:
            raw.setdefault("dont_know", item.dont_know)

    def _chart_value(self, value: Any, fdef: FigureDef, engine: TemplateEngine) -> Any:
        if value == "$segment":
            return self.context.segment
        if isinstance(value, list):
            return [self._chart_value(v, fdef, engine) for v in value]
        if isinstance(value, str) and "{{" in value:
            return plain_text(engine.render(value, fdef.chart_where))
        return value

    def _default_labels(self, source: str, named: set[str], language: str) -> dict[str, str]:
        """Labels the project and questionnaire know, in ``language``: the whole-population
        group, segment values, the short texts of the items the chart names as rows (only
        those, so category codes are never shadowed) and, when the questionnaire is
        translated, the answer categories of the items it shows."""
        labels = self.context.group_labels(source, language)
        original = self.context.sources.questionnaire(source)
        if original is None:
            return labels
        q = original.in_language(language) or original
        rows = [q.items[i] for i in named if i in q.items]
        if len(rows) > 1:
            labels.update({item.id: item.short for item in rows if item.short})
        if q is not original:
            for item in rows:
                labels.update({k: v for k, v in item.options.items() if k not in labels})
        return labels

    def _over_editions(self, spec: TimeseriesSpec) -> tuple[TimeseriesSpec, pd.DataFrame]:
        """A chart over the source's editions: the followed categories become the series,
        the editions the x axis, and the questionnaire's changes the marked breaks."""
        from ..editions import timeseries_frame

        series = self._series(spec.source)
        store = self.context.sources.stores[spec.source]
        categories = list(spec.categories or store.categories(spec.indicator))
        labels = {c: series.label(spec.indicator, c) for c in categories}
        frame = timeseries_frame(series, spec.indicator, categories)
        chart = replace(
            spec,
            groups=tuple(categories),
            categories=None,
            breaks=series.changes(spec.indicator),
            axis=edition_axis(series, frame),
            labels=(*tuple(labels.items()), *edition_periods(series), *spec.labels),
        )
        return chart, frame

    def _series(self, source: str) -> EditionSeries:
        series = self.context.sources.editions.get(source)
        if series is None:
            raise ChartError(
                f"data source {source!r} has only one edition",
                hint="list the earlier rounds under 'earlier:' of the source, or drop "
                "'editions: true'",
            )
        return series

    def _data(self, source: str, indicators: tuple[str, ...], where: Location) -> Columns:
        store = self.context.sources.stores[source]
        return located(lambda: store.rows(indicators), where)


def chart_part(job: ChartJob) -> ChartPart:
    """A chart job as a product keeps it: the drawing's key, the chart id and its alt text."""
    from ..charts.describe import describe_cells

    alt = describe_cells(job.spec, job.cells, job.style.formatter)
    return ChartPart(job.key, job.spec.id or f"chart-{job.key[:12]}", alt, job)


class _Positioned(dict[str, Any]):
    """A plain mapping that still answers ruamel's ``.lc`` position look-ups."""

    def __init__(self, data: Mapping[str, Any], original: Any) -> None:
        super().__init__(data)
        self.lc = getattr(original, "lc", None)


def strings(value: Any) -> set[str]:
    """Every string inside a (nested) chart mapping."""
    if isinstance(value, str):
        return {value}
    if isinstance(value, Mapping):
        return set().union(*(strings(v) for v in value.values())) if value else set()
    if isinstance(value, (list, tuple)):
        return set().union(*(strings(v) for v in value)) if value else set()
    return set()


def edition_axis(series: EditionSeries, frame: pd.DataFrame) -> tuple[str, ...]:
    """The x axis of a chart over editions: from the first edition with a figure to this
    round, so an edition without the figure shows as an empty place, not as no time."""
    labels = series.labels()
    present = set(frame["category"]) if len(frame) else set()
    first = next((i for i, x in enumerate(labels) if x in present), len(labels) - 1)
    return tuple(labels[first:])


def edition_periods(series: EditionSeries) -> tuple[tuple[str, str], ...]:
    """Edition label → its period, as chart labels."""
    return tuple((e.label, e.period or e.label) for e in series.editions)
