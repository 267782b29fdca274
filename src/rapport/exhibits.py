"""Figures, tables, key figures and the colophon, built from definitions on demand.

The composer asks for an exhibit by id and language; the factory renders the
templated title, binds the chart or table to its data source, writes the note
from the questionnaire and the source line, and returns an
:class:`~rapport.compose.Exhibit`. Data errors are re-pointed at the
definition in ``report.yaml``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from reportlab.platypus import Flowable

from .charts.cache import ChartCache
from .charts.draw import draw_chart
from .charts.frame import select_cells
from .charts.spec import BignumberSpec, ChartSpec, TimeseriesSpec, parse_chart_spec
from .charts.style import ChartStyle
from .charts.tile import tile_step
from .compose import Composer, Exhibit
from .data.disclosure import SYMBOLS
from .data.results import ResultStore
from .editions import EDITION_VARIABLE, EditionSeries, timeseries_frame
from .editions_text import edition_note
from .errors import ChartError, DataError, Location, ProjectError, RapportError
from .flowables import Bottom, Para
from .fonts import check_glyphs
from .layout.model import Layout
from .markup import inline_markup, plain_text
from .notes import NoteFacts, write_note
from .prewarm import ChartJob, ChartWorker, LazyChart
from .project import FigureDef, Project, TableDef
from .quotes import quote_marks, smart_quotes
from .sources import Sources
from .styles import Fonts, make_styles
from .tables import quoted_table, styled_table, table_data
from .template import TemplateEngine, escape_markdown
from .yamlsrc import read_text

if TYPE_CHECKING:
    import pandas as pd

    from .build import BuildOptions

TOTAL_LABEL = {"da": "Hele den offentlige sektor", "en": "Whole public sector"}
N_LABEL = {"da": "Antal observationer (n)", "en": "Number of observations (n)"}
STUB = {"da": "Procent", "en": "Per cent"}
SYNTHETIC_SOURCE = {
    "da": "Syntetiske respondentdata til illustration (rapport), kalibreret til {survey}",
    "en": "Synthetic respondent data for illustration (rapport), calibrated to {survey}",
}


SET_WITH = {
    "da": "Sat med rapport {version} i layoutet »{layout}«",
    "en": "Typeset with rapport {version} in the “{layout}” layout",
}


class ExhibitFactory:
    """Builds exhibits for one build; counts what it drew."""

    def __init__(
        self,
        project: Project,
        layout: Layout,
        fonts: Fonts,
        sources: Sources,
        engines: Callable[[str], TemplateEngine],
        cache: ChartCache | None,
        options: BuildOptions,
    ) -> None:
        self.project, self.layout, self.fonts, self.sources = project, layout, fonts, sources
        self.engines, self.cache, self.options = engines, cache, options
        self.figure_count = self.table_count = self.chart_count = 0
        self.resolve: Callable[[str], tuple[str, str]] | None = None
        self._styles: dict[str, ChartStyle] = {}
        self._para_styles: dict[str, dict] = {}
        self._jobs: dict[tuple[str, str, bool], tuple[ChartJob, Any]] = {}
        self._tile_steps: dict[str, int] = {}
        self.worker: ChartWorker | None = None  # draws missing charts in the background

    @functools.cached_property
    def _tests_in_text(self) -> bool:
        """Whether any chapter calls ``.sig()`` (then notes state the test's assumption)."""
        return any(".sig(" in read_text(c.file, ProjectError) for c in self.project.chapters)

    # -- geometry and styles -------------------------------------------------
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

    def paragraph_styles(self, language: str) -> dict:
        """The layout's paragraph styles for ``language``, built once per factory."""
        if language not in self._para_styles:
            self._para_styles[language] = make_styles(self.layout, self.fonts, language)
        return self._para_styles[language]

    def chart_style(self, language: str) -> ChartStyle:
        if language not in self._styles:
            fmt = self.engines(language).scope.formatter
            self._styles[language] = ChartStyle.from_layout(self.layout, self.fonts.heading, fmt)
        return self._styles[language]

    # -- figures -------------------------------------------------------------
    def figure(self, ident: str, language: str) -> Exhibit:
        fdef = self.project.figures[ident]
        engine = self.engines(language)
        job, data, flow = self._draw(ident, language, False)
        spec = job.spec
        self.figure_count += 1
        self.chart_count += 1
        title = self.quoted(engine.render(fdef.title, fdef.where), language)
        check_glyphs(plain_text(title), self.fonts.heading, fdef.where)
        alt = plain_text(engine.render(fdef.alt, fdef.where)) if fdef.alt else flow.alt_text
        return Exhibit(
            inline_markup(title, self.resolve),
            flow,
            self._note(
                "figure",
                fdef.note,
                fdef.where,
                spec.source,
                spec.indicators,
                _segments(spec.groups),
                data,
                engine,
            ),
            self._source_line(fdef.source, spec.source, fdef.where, engine),
            alt,
            self._legend(data[data["group"].isin(spec.groups)], language),
        )

    def chart_job(self, ident: str, language: str, tile: bool) -> ChartJob:
        """What drawing figure ``ident`` takes (for drawing ahead, see ``prewarm``);
        composition reuses the selected cells."""
        key = (ident, language, tile)
        if key not in self._jobs:
            fdef = self.project.figures[ident]
            spec = self._spec(fdef, self.engines(language))
            if isinstance(spec, TimeseriesSpec) and spec.editions:
                series_spec = spec
                spec, data = _located(lambda: self._over_editions(series_spec), fdef.chart_where)
            else:
                data = self._data(spec.source, spec.indicators, fdef.chart_where)
            width = (
                self.text_width / 2 - self.layout.typography.base_size
                if tile
                else self.text_width * self.layout.figures.width
            )
            cells = _located(lambda: select_cells(spec, data), fdef.chart_where)
            cells = tuple(replace(c, label=self.quoted(c.label, language)) for c in cells)
            style = self.chart_style(language)
            if tile and isinstance(spec, BignumberSpec):
                style = replace(style, tile_step=self._tile_step(language, width))
            self._jobs[key] = (ChartJob(spec, cells, style, width), data)
        return self._jobs[key][0]

    def _tile_step(self, language: str, width: float) -> int:
        """One size for every key-figure tile of the report: the step the tightest needs
        (a tile that cannot fit at all is reported where it is placed)."""
        if language not in self._tile_steps:
            steps = [0]
            for fdef in self.project.figures.values():
                if fdef.chart.get("kind") != "bignumber":
                    continue
                try:
                    spec = self._spec(fdef, self.engines(language))
                    cells = select_cells(spec, self._data(spec.source, spec.indicators, fdef.where))
                    assert isinstance(spec, BignumberSpec)
                    steps.append(tile_step(spec, cells, self.chart_style(language), width))
                except RapportError:
                    continue
            self._tile_steps[language] = max(steps)
        return self._tile_steps[language]

    def _draw(self, ident: str, language: str, tile: bool) -> tuple[ChartJob, Any, Any]:
        """The chart flowable of a figure, with its job and data."""
        job = self.chart_job(ident, language, tile)
        data = self._jobs[(ident, language, tile)][1]
        fdef = self.project.figures[ident]
        worker = self.worker
        if worker is not None and self.cache is not None:
            key = job.key
            if key in worker.pending:
                return job, data, LazyChart(job, key, worker, self.cache)
        flow = _located(
            lambda: draw_chart(
                job.spec, data, job.style, job.width, cache=self.cache, cells=job.cells
            ),
            fdef.chart_where,
        )
        return job, data, flow

    def keyfigure(self, ident: str, language: str) -> Flowable:
        fdef = self.project.figures[ident]
        engine = self.engines(language)
        job = self.chart_job(ident, language, True)
        spec = job.spec
        if isinstance(spec, BignumberSpec):
            _located(lambda: tile_step(spec, job.cells, job.style, job.width), fdef.chart_where)
        _, _, flow = self._draw(ident, language, True)
        self.chart_count += 1
        if fdef.alt:
            flow.alt_text = plain_text(engine.render(fdef.alt, fdef.where))
        return flow

    def _spec(self, fdef: FigureDef, engine: TemplateEngine) -> ChartSpec:
        raw = {key: self._chart_value(value, fdef, engine) for key, value in fdef.chart.items()}
        raw.setdefault("id", fdef.id)
        labels = self._default_labels(str(raw.get("source", "")), _strings(raw))
        if labels:
            raw["labels"] = {**labels, **dict(raw.get("labels") or {})}
        if raw.get("kind") == "stacked":
            self._scale_defaults(raw)
        return parse_chart_spec(_Positioned(raw, fdef.chart), fdef.chart_where)

    def _chart_value(self, value: Any, fdef: FigureDef, engine: TemplateEngine) -> Any:
        if value == "$segment":
            return self.options.segment
        if isinstance(value, list):
            return [self._chart_value(v, fdef, engine) for v in value]
        if isinstance(value, str) and "{{" in value:
            return plain_text(engine.render(value, fdef.chart_where))
        return value

    def _default_labels(self, source: str, named: set[str]) -> dict[str, str]:
        """Labels the questionnaire knows: segment values, and short texts of the items
        the chart names as rows (only those, so category codes are never shadowed)."""
        labels = self.sources.group_labels(source)
        q = self.sources.questionnaire(source)
        if q is None:
            return labels
        rows = [q.items[i] for i in named if i in q.items and q.items[i].short]
        if len(rows) > 1:
            labels.update({item.id: item.short for item in rows})
        return labels

    def _over_editions(self, spec: TimeseriesSpec) -> tuple[TimeseriesSpec, pd.DataFrame]:
        """A chart over the source's editions: the followed categories become the series,
        the editions the x axis, and the questionnaire's changes the marked breaks."""
        series = self._series(spec.source)
        store = self.sources.stores[spec.source]
        categories = list(spec.categories or store.categories(spec.indicator))
        labels = {c: series.label(spec.indicator, c) for c in categories}
        frame = timeseries_frame(series, spec.indicator, categories)
        chart = replace(
            spec,
            groups=tuple(categories),
            categories=None,
            breaks=series.changes(spec.indicator),
            axis=_axis(series, frame),
            labels=(*tuple(labels.items()), *_periods(series), *spec.labels),
        )
        return chart, frame

    def _series(self, source: str) -> EditionSeries:
        series = self.sources.editions.get(source)
        if series is None:
            raise ChartError(
                f"data source {source!r} has only one edition",
                hint="list the earlier rounds under 'earlier:' of the source, or drop "
                "'editions: true'",
            )
        return series

    def _scale_defaults(self, raw: dict[str, Any]) -> None:
        """A stacked chart's categories and "don't know" from the questionnaire's item."""
        q = self.sources.questionnaire(str(raw.get("source", "")))
        rows = raw.get("indicators")
        first = rows[0] if isinstance(rows, list) and rows else rows
        item = q.items.get(str(first)) if q is not None else None
        if item is None:
            return
        # "don't know" is left out (the note says how many answered it), unless listed
        raw.setdefault("categories", [o for o in item.options if o != item.dont_know])
        if item.dont_know is not None:
            raw.setdefault("dont_know", item.dont_know)

    def _data(self, source: str, indicators: tuple[str, ...], where: Location) -> pd.DataFrame:
        store = self.sources.stores[source]
        return _located(lambda: store.select(indicators), where)

    # -- tables --------------------------------------------------------------
    def table(self, ident: str, language: str) -> Exhibit:
        tdef = self._tailor(self.project.tables[ident])
        engine = self.engines(language)
        store = self.sources.stores[tdef.source]
        data = _located(
            lambda: table_data(
                tdef,
                store,
                engine.scope.formatter,
                self._group_labels(tdef.source, language),
                tdef.stub or STUB.get(language, STUB["da"]),
                SYMBOLS,
                N_LABEL.get(language, N_LABEL["da"]),
                self.project.disclosure.threshold,
            ),
            tdef.where,
        )
        data = quoted_table(data, lambda text: self.quoted(text, language))
        style = self.paragraph_styles(language)["table"]
        cells = " ".join(" ".join(row) for row in (data.header, *data.rows))
        check_glyphs(cells, self.fonts.heading, tdef.where)
        body = styled_table(
            data,
            self.layout,
            style,
            self.fonts.heading.bold,
            self.text_width,
            tdef.show_n,
            key=f"tab-{tdef.id}",
        )
        self.table_count += 1
        frame = store.select(data.indicators)
        segments = [g for g in tdef.columns if g != "Alle"]
        return Exhibit(
            inline_markup(
                self.quoted(engine.render(tdef.title, tdef.where), language), self.resolve
            ),
            body,
            self._note(
                "table",
                tdef.note,
                tdef.where,
                tdef.source,
                data.indicators,
                _segments(tuple(segments)),
                frame,
                engine,
                tdef.columns,
            ),
            self._source_line(tdef.cite, tdef.source, tdef.where, engine),
            "",
            self._legend_for(data.statuses, language),
        )

    def _tailor(self, tdef: TableDef) -> TableDef:
        """``$segment`` in a table's columns → the copy's segment (dropped when it is Alle)."""
        if "$segment" not in tdef.columns:
            return tdef
        segment = self.options.segment
        columns = [segment if c == "$segment" else c for c in tdef.columns]
        columns = list(dict.fromkeys(columns))
        labels = dict(tdef.column_labels)
        if "$segment" in labels:
            labels[segment] = labels.pop("$segment")
        elif self.options.segment_label:
            labels.setdefault(segment, self.options.segment_label)
        return replace(tdef, columns=tuple(columns), column_labels=labels)

    def _group_labels(self, source: str, language: str) -> dict[str, str]:
        labels = {
            "Alle": self.project.parameters.get("total_label", TOTAL_LABEL.get(language, "I alt"))
        }
        series = self.sources.editions.get(source)
        for e in series.editions if series else ():
            labels[e.group] = f"{e.label} ({e.period})" if e.period else e.label
        return {**labels, **self.sources.group_labels(source)}

    # -- notes, sources, legends ---------------------------------------------
    def _note(
        self,
        kind: str,
        note: str,
        where: Location,
        source: str,
        indicators: tuple[str, ...],
        segments: list[str],
        data: pd.DataFrame,
        engine: TemplateEngine,
        columns: tuple[str, ...] = (),
    ) -> str:
        extra = self._edition_sentences(source, indicators, columns, data, engine, note == "auto")
        if note != "auto":
            rendered = self.quoted(engine.render(note, where), engine.scope.formatter.language)
            text = inline_markup(rendered, self.resolve) if note else ""
            extra = self.quoted(extra, engine.scope.formatter.language)
            return " ".join(x for x in (text, inline_markup(escape_markdown(extra))) if x)
        q = self.sources.questionnaire(source)
        items = [q.items[i] for i in indicators if i in q.items] if q else []
        facts = NoteFacts(
            items,
            [self._segment_label(source, s) for s in segments],
            *_dont_know(items, self.sources.stores[source]),
            None if extra else _base_n(data),
            self.sources.definitions[source].synthetic,
            self.sources.simple_random_sample(source) and self._tests_in_text,
        )
        text = write_note(kind, facts, q if items else None, engine.scope.formatter)
        text = " ".join(x for x in (text, extra) if x)
        return inline_markup(escape_markdown(self.quoted(text, engine.scope.formatter.language)))

    def _edition_sentences(
        self,
        source: str,
        indicators: tuple[str, ...],
        columns: tuple[str, ...],
        data: pd.DataFrame,
        engine: TemplateEngine,
        tested: bool = True,
    ) -> str:
        """For an exhibit across editions: every edition's base, the series breaks with
        the earlier wording, and (in written notes) how changes are tested."""
        series = self.sources.editions.get(source)
        shown = _editions_shown(series, columns, data)
        if series is None or len(shown) < 2:
            return ""
        return edition_note(series, indicators, shown, engine.scope.formatter, tested)

    def _segment_label(self, source: str, segment: str) -> str:
        q = self.sources.questionnaire(source)
        if q is not None and segment in q.segments:
            return q.segments[segment].label
        return segment

    def _source_line(
        self, text: str | None, source: str, where: Location, engine: TemplateEngine
    ) -> str:
        if text:
            return inline_markup(engine.render(text, where), self.resolve)
        ds = self.sources.definitions[source]
        if ds.citation:
            return inline_markup(engine.render(ds.citation, where), self.resolve)
        if ds.synthetic:
            language = engine.scope.formatter.language
            template = SYNTHETIC_SOURCE.get(language, SYNTHETIC_SOURCE["da"])
            return inline_markup(escape_markdown(template.format(survey=self.project.title)))
        return ""

    def _legend(self, data: pd.DataFrame, language: str) -> str:
        statuses = {s for s in data.get("status", []) if isinstance(s, str) and s}
        return self._legend_for(frozenset(statuses), language)

    def _legend_for(self, statuses: frozenset[str], language: str) -> str:
        from .data.disclosure import legend

        lines = legend(sorted(statuses)) if statuses else []
        return "<br/>".join(inline_markup(escape_markdown(line)) for line in lines)

    # -- colophon and back page ----------------------------------------------
    def colophon(self, composer: Composer) -> list[Flowable]:
        p, engine = self.project, self.engines(self.project.language.split("_")[0])
        fmt = engine.scope.formatter
        style = self.paragraph_styles(fmt.language)["colophon"]
        lines = [
            f"<b>{escape(p.title)}</b>",
            escape(p.subtitle),
            escape(p.edition),
            escape(fmt.date(p.date)),
        ]
        if p.authors:
            lines.append("Forfattere: " + escape(", ".join(p.authors)))
        if p.isbn:
            lines.append(f"ISBN {escape(p.isbn)}")
        lines += [escape(p.publisher), *(escape(a) for a in p.address)]
        out: list[Flowable] = [Para(line, style) for line in lines if line]
        if p.colophon:
            text = engine.render(p.colophon, Location(p.file))
            out += [
                Para(inline_markup(par, self.resolve), style)
                for par in text.split("\n\n")
                if par.strip()
            ]
        from . import __version__

        line = SET_WITH.get(fmt.language, SET_WITH["da"])
        out.append(Para(escape(line.format(version=__version__, layout=self.layout.name)), style))
        return [Bottom(out)]

    def back_page(self, composer: Composer) -> list[Flowable]:
        p = self.project
        style = self.paragraph_styles("da")["colophon"]
        lines = [f"<b>{escape(p.publisher)}</b>", *(escape(a) for a in p.address)]
        return [Bottom([Para(line, style) for line in lines if line])]


class _Positioned(dict):
    """A plain mapping that still answers ruamel's ``.lc`` position look-ups."""

    def __init__(self, data: Mapping[str, Any], original: Any) -> None:
        super().__init__(data)
        self.lc = getattr(original, "lc", None)


def _strings(value: Any) -> set[str]:
    """Every string inside a (nested) chart mapping."""
    if isinstance(value, str):
        return {value}
    if isinstance(value, Mapping):
        return set().union(*(_strings(v) for v in value.values())) if value else set()
    if isinstance(value, (list, tuple)):
        return set().union(*(_strings(v) for v in value)) if value else set()
    return set()


def _located(fn: Callable[[], Any], where: Location) -> Any:
    """Run ``fn``; an error that does not say where it happened is pointed at ``where``."""
    try:
        return fn()
    except RapportError as exc:
        if exc.location is not None and exc.location.line is not None:
            raise
        raise type(exc)(
            f"{exc.message} (used at {where})", location=exc.location or where, hint=exc.hint
        ) from exc


def _segments(groups: tuple[str, ...]) -> list[str]:
    out = []
    for g in groups:
        if "=" in g and g.split("=", 1)[0] not in out:
            out.append(g.split("=", 1)[0])
    return out


def _dont_know(items: list, store: ResultStore) -> tuple[float | None, str]:
    for item in items[:1]:
        if item.dont_know:
            try:
                cell = store.cell(item.id, item.dont_know)
            except DataError:
                return None, ""
            if cell.suppressed:
                return None, ""
            return cell.value, item.options.get(item.dont_know, "Ved ikke")
    return None, ""


def _axis(series: EditionSeries, frame: pd.DataFrame) -> tuple[str, ...]:
    """The x axis of a chart over editions: from the first edition with a figure to this
    round, so an edition without the figure shows as an empty place, not as no time."""
    labels = series.labels()
    present = set(frame["category"]) if len(frame) else set()
    first = next((i for i, x in enumerate(labels) if x in present), len(labels) - 1)
    return tuple(labels[first:])


def _periods(series: EditionSeries) -> tuple[tuple[str, str], ...]:
    return tuple((e.label, e.period or e.label) for e in series.editions)


def _editions_shown(
    series: EditionSeries | None, columns: tuple[str, ...], data: pd.DataFrame
) -> list[str]:
    """The editions an exhibit shows: all of a chart over editions, or a table's
    ``udgave=…`` columns."""
    if series is None:
        return []
    labels = series.labels()
    prefix = f"{EDITION_VARIABLE}="
    if any(c.startswith(prefix) for c in columns):
        groups = {c.removeprefix(prefix) for c in columns if c.startswith(prefix)}
        return [x for x in labels if x in groups]
    if "category" in data and set(data["category"]) <= set(labels) and len(data):
        return [x for x in labels if x in set(data["category"])]
    return []


def _base_n(data: pd.DataFrame) -> int | None:
    rows = data[data["group"] == "Alle"] if "group" in data else data
    if rows.empty or "n" not in rows:
        return None
    return int(rows["n"].max())
