"""The whole pipeline, written down once: project folder → PDF bytes.

:func:`build_report` runs the stages listed in :mod:`rapport` in order and
returns a :class:`BuildResult` (bytes plus what was built); writing the file is
a separate step (:func:`rapport.write.write_pdf`). Nothing here prints.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from reportlab.platypus import Flowable, PageBreak, Spacer

from . import __version__
from .buildcache import SUFFIX, BuildCache, cache_key, trusted_folder
from .charts.cache import ChartCache
from .coldstart import DataHelper
from .compose import Composer, Makers
from .data.disclosure import SYMBOLS
from .errors import Location, ProjectError, RapportError
from .exhibits import ExhibitContext, ExhibitFactory
from .fonts import register_family
from .formatting import Formatter, NumberStyle
from .frontmatter import FrontComposer, FrontMatter
from .groups import TOTAL_GROUP
from .images import image_path
from .layout.load import load_layout
from .layout.model import Layout
from .linebreaks import FORMAT, keeping
from .linebreaks import reap as reap_lines
from .markdown import FigureBlock, ImageBlock, KeyFigures, ParsedChapter, parse_chapter
from .memo import Memo
from .numbering import ChapterInput, References, block_key, number_blocks
from .postprocess import finish_pdf
from .prewarm import ChartJob, ChartWorker, start_worker
from .project import Chapter, Project, load_project
from .quotes import quote_chapter, quote_marks
from .render import Metadata, NextKind, RenderHint, Running, contents_entries, render_pdf
from .rendered import ChapterTexts
from .reuse import data_identity, install_digest
from .sheet import droppable, sheet_error, sheet_fits, tightened, trimmed
from .sources import Sources, load_sources
from .styles import Fonts, load_hyphenation
from .template import TemplateContext, TemplateEngine, compile_ahead
from .yamlsrc import read_text

LOG = logging.getLogger("rapport.progress")
DA_SUPPRESSED = ".."


@dataclass(frozen=True)
class BuildOptions:
    """What to build: a project (None = the embedded default) and optional overrides."""

    project: Path | None = None
    layout: str | None = None
    segment: str = TOTAL_GROUP
    segment_label: str = ""
    params: Mapping[str, Any] = field(default_factory=dict)
    cache_dir: Path | None = None
    pdfa: bool = True  # PDF/A-2b (archival) as well as PDF/UA-1 in one file


@dataclass(frozen=True)
class BuildResult:
    pdf: bytes
    pages: int
    project: Project
    layout: Layout
    figures: int
    tables: int
    charts_drawn: int
    charts_cached: int


@dataclass(frozen=True)
class Prepared:
    """Everything before rendering: the composed story and what the renderer needs."""

    project: Project
    layout: Layout
    fonts: Fonts
    story: list[Flowable]
    metadata: Metadata
    running: Running
    factory: ExhibitFactory
    cache: ChartCache | None
    store: BuildCache | None = None
    identity: str = ""
    recompose: Callable[..., list[Flowable]] | None = None
    """(drop, tight=0) → the story with the first ``drop`` droppable units left out (sheet
    layouts), set ``tight`` steps tighter (see ``sheet.tightened``)."""
    droppable: int = 0


def prepare_report(options: BuildOptions, helper: DataHelper | None = None) -> Prepared:
    """Stages 1–8: load, validate, template, parse and compose (no PDF yet).

    ``helper``: a cold build's data helper (:mod:`rapport.coldstart`), started before
    this; it loads the data into the cache meanwhile."""
    from .resources import default_project_dir

    project = load_project(options.project or default_project_dir())
    layout = _layout(project, options)
    fonts = Fonts(
        register_family(layout.typography.body, _layout_dir(layout)),
        register_family(layout.typography.heading, _layout_dir(layout)),
    )
    formatter = Formatter(
        NumberStyle(project.language, layout.numbers.percent, layout.numbers.base)
    )
    folder = options.cache_dir if options.cache_dir and trusted_folder(options.cache_dir) else None
    store = BuildCache(folder) if folder else None
    cache = ChartCache(folder / "charts") if folder else None
    worker = start_worker(cache, len(project.figures)) if cache else None
    try:
        if helper is not None and store is not None:
            # the data is not here yet: meanwhile do what does not need it
            compile_ahead(_template_texts(project, options), formatter)
            load_hyphenation(layout, [_language(c, project) for c in project.chapters])
            helper.await_data()  # it loaded the data into the cache meanwhile
        return _prepare(project, layout, fonts, formatter, options, store, cache, worker)
    except BaseException:
        if worker is not None:
            worker.close()
        raise


def _prepare(
    project: Project,
    layout: Layout,
    fonts: Fonts,
    formatter: Formatter,
    options: BuildOptions,
    store: BuildCache | None,
    cache: ChartCache | None,
    worker: ChartWorker | None,
) -> Prepared:
    sources = load_sources(project, store)
    options = replace(options, segment_label=segment_label(options, sources))
    LOG.info("Step 1-4: project, layout, fonts and %d data source(s) loaded", len(sources.stores))
    template_context = _context(project, options, sources, layout)
    texts = ChapterTexts(lambda: _template_world(project, layout, template_context), store)
    engines = _Engines(template_context, formatter, texts)
    context = ExhibitContext(
        project, layout, fonts, sources, engines.get, options.segment, options.segment_label
    )
    factory = ExhibitFactory(context, cache, store)
    in_copy = [c for c in project.chapters if not c.tailored or options.segment != TOTAL_GROUP]
    chapters = []
    for chapter in in_copy:
        chapters.append(_chapter(chapter, project, engines, layout.typography.quotes))
        if worker is not None and cache is not None and _shows(chapter, layout):
            worker.send(_chart_jobs(chapters[-1:], [True], factory), cache)  # drawn meanwhile
    shown = _selected(in_copy, layout, project)
    LOG.debug("Step 5-6: %d chapter(s) templated and parsed", len(chapters))
    if worker is not None and cache is not None:
        worker.end()
        factory.figures.worker = worker
        LOG.debug("Step 7: %d chart(s) sent to the drawer", len(worker.pending))

    def compose(drop: int, tight: int = 0) -> list[Flowable]:
        parts = trimmed(chapters, shown, drop) if drop else chapters
        used, maker = layout, factory
        if tight:
            used = tightened(layout, tight)
            maker = ExhibitFactory(
                ExhibitContext(
                    project,
                    used,
                    fonts,
                    sources,
                    engines.get,
                    options.segment,
                    options.segment_label,
                ),
                cache,
                store,
            )
        return _compose(project, used, fonts, parts, shown, maker, engines, options.segment_label)

    story = compose(0)
    LOG.debug("Step 8: story composed")
    return Prepared(
        project,
        layout,
        fonts,
        story,
        _metadata(project, options),
        _running(project, options, formatter),
        factory,
        cache,
        store,
        render_key(project, layout, options.segment, options.params),
        compose,
        droppable(chapters, shown) if layout.sections.pages else 0,
    )


def build_report(options: BuildOptions, helper: DataHelper | None = None) -> BuildResult:
    """Run every stage; raises a :class:`~rapport.errors.RapportError` on any user mistake.

    ``helper``: see :func:`prepare_report`; it is reaped last (once it has signalled, it
    only writes what later builds read, at low priority), or at once if the build fails
    before it needs the data."""
    try:
        prep = prepare_report(options, helper)
    except BaseException:
        if helper is not None:
            helper.close()
        raise
    try:
        return _render(prep, options)
    finally:
        if prep.factory.figures.worker is not None:
            prep.factory.figures.worker.close()  # never leave the chart child behind
        if helper is not None:
            helper.close()


def _render(prep: Prepared, options: BuildOptions) -> BuildResult:
    LOG.info("Step 9: rendering")
    hint = _render_hint(prep, options)
    with keeping(_lines_file(prep)):
        raw, pages, hint = render_pdf(
            prep.story, prep.layout, prep.fonts, prep.metadata, prep.running, hint
        )
        raw, pages, hint = _fit_sheet(prep, raw, pages, hint)
        raw, pages, hint = _fill_last_page(prep, raw, pages, hint)
    if prep.store is not None:
        prep.store.put("render", prep.identity, replace(hint, tags=None))
        if options.segment != TOTAL_GROUP:  # the next copy of the same breakdown starts from it
            sibling = render_key(
                prep.project, prep.layout, _any_of(options.segment), options.params
            )
            prep.store.put("render", sibling, replace(hint, tags=None))
    try:
        pdf = finish_pdf(raw, prep.project.date, prep.metadata, hint.tags, pdfa=options.pdfa)
    finally:
        reap_lines()  # the kept line breaking, written meanwhile
    LOG.debug("Step 10: PDF finished")
    factory, cache = prep.factory, prep.cache
    worker = factory.figures.worker
    if worker is not None:
        worker.close()
    background = worker.drawn if worker else 0
    drawn = cache.misses + background if cache else factory.figures.chart_count
    hits = cache.hits - min(background, cache.hits) if cache else 0
    return BuildResult(
        pdf,
        pages,
        prep.project,
        prep.layout,
        factory.figures.figure_count,
        factory.tables.table_count,
        drawn,
        hits,
    )


def _lines_file(prep: Prepared) -> Path | None:
    """Where the line breaking of this project and layout is kept (see
    :mod:`rapport.linebreaks`); every copy and edition of it shares the file."""
    if prep.store is None:
        return None
    name = cache_key("lines", FORMAT, prep.project.root.name, prep.project.file.name, prep.layout)
    return prep.store.folder / "lines" / f"{name}{SUFFIX}"


def _fit_sheet(
    prep: Prepared, raw: bytes, pages: int, hint: RenderHint
) -> tuple[bytes, int, RenderHint]:
    """A sheet layout (``sections.pages``): leave bullets, then tiles, out until it fits its
    pages, each of them full (see :func:`rapport.sheet.sheet_fits`)."""
    limit = prep.layout.sections.pages
    if not limit or prep.recompose is None:
        return raw, pages, hint
    if sheet_fits(pages, hint.last_fill, limit):
        return raw, pages, hint
    first, within = (raw, pages, hint), pages <= limit
    for drop in range(1, prep.droppable + 1):
        LOG.info("Step 9: %d page(s) for a %d-page sheet; leaving out one more part", pages, limit)
        story = prep.recompose(drop)
        raw, pages, hint = render_pdf(
            story, prep.layout, prep.fonts, prep.metadata, prep.running, None
        )
        # content within its pages is only shortened to make one page
        if pages == 1 or (not within and sheet_fits(pages, hint.last_fill, limit)):
            return raw, pages, hint
    if not within:
        raise sheet_error(prep.layout, first[1], Location(prep.project.file))
    return first  # within its pages: keep everything rather than a shorter sheet


def _fill_last_page(
    prep: Prepared, raw: bytes, pages: int, hint: RenderHint
) -> tuple[bytes, int, RenderHint]:
    """A last page emptier than ``sections.last_page``: set the text a little tighter (up
    to three steps) until the last lines move back to the page before, else a little
    looser until enough lines reach the last page."""
    least = prep.layout.sections.last_page
    if not least or hint.last_fill >= least or prep.recompose is None or pages < 2:
        return raw, pages, hint
    for step in (1, 2, 3, -1, -2, -3):
        story = prep.recompose(0, step)
        tried = render_pdf(story, prep.layout, prep.fonts, prep.metadata, prep.running, None)
        if tried[2].last_fill >= least or tried[1] < pages:
            LOG.info("Step 9: text spacing changed (step %d) to fill the last page", step)
            return tried
    return raw, pages, hint


def _layout(project: Project, options: BuildOptions) -> Layout:
    """The layout to use; a wrong name in report.yaml is reported at its line there."""
    try:
        root = None if options.layout else project.root  # --layout FILE: the user's choice
        return load_layout(options.layout or project.layout, search=project.root, root=root)
    except RapportError as exc:
        if options.layout or exc.location is not None or project.layout_where is None:
            raise
        raise type(exc)(exc.message, location=project.layout_where, hint=exc.hint) from exc


def render_key(project: Project, layout: Layout, segment: str, params: Mapping[str, Any]) -> str:
    """Key of a copy's render hint: independent of where the project lies (a copy built
    on a cluster worker finds the hint the client's whole report left)."""
    return cache_key("render", project.root.name, project.file.name, layout, segment, params)


def _any_of(segment: str) -> str:
    """'kommune=Aarhus' → 'kommune=*': the last tailored copy of that breakdown."""
    return segment.partition("=")[0] + "=*"


def _render_hint(prep: Prepared, options: BuildOptions) -> Any:
    """The last render's contents and page total for this copy, else the last tailored
    copy's of the same breakdown (copies usually paginate alike), else the whole report's;
    the renderer verifies any of them, so a wrong one only costs a pass."""
    if prep.store is None:
        return None
    project, layout, params = prep.project, prep.layout, options.params
    hint = prep.store.get("render", prep.identity)
    if hint is None and options.segment != TOTAL_GROUP:
        hint = prep.store.get(
            "render", render_key(project, layout, _any_of(options.segment), params)
        )
    if hint is None and options.segment != TOTAL_GROUP:
        hint = prep.store.get("render", render_key(project, layout, TOTAL_GROUP, params))
    return hint


def segment_label(options: BuildOptions, sources: Sources) -> str:
    """The tailored segment's display label: given, from a questionnaire, or the value."""
    if options.segment_label or options.segment == TOTAL_GROUP:
        return options.segment_label
    value = options.segment.partition("=")[2]
    for source in sources.stores:
        if options.segment in (named := sources.group_labels(source)):
            return named[options.segment]
    return value or options.segment


def _layout_dir(layout: Layout) -> Path | None:
    source = getattr(layout, "source", None)
    return Path(source).parent if source else None


class _Engines:
    """One template engine per language, created on first use; chapters render through
    ``texts`` (reused when nothing they read changed)."""

    def __init__(
        self, context: TemplateContext, formatter: Formatter, texts: ChapterTexts | None = None
    ) -> None:
        self.context, self.formatter = context, formatter
        self.texts = texts or ChapterTexts(lambda: "")
        self._engines: dict[str, TemplateEngine] = {}

    def get(self, language: str) -> TemplateEngine:
        if language not in self._engines:
            fmt = (
                self.formatter
                if language == self.formatter.language
                else self.formatter.with_locale(_locale(language))
            )
            self._engines[language] = TemplateEngine(self.context, fmt)
        return self._engines[language]


def _template_texts(project: Project, options: BuildOptions) -> list[str]:
    """The templates a build renders first: its chapters, figure and table titles."""
    texts = [f.title for f in project.figures.values()]
    texts += [t.title for t in project.tables.values()]
    for chapter in project.chapters:
        if not chapter.tailored or options.segment != TOTAL_GROUP:
            try:
                texts.append(read_text(chapter.file, ProjectError))
            except ProjectError:
                continue  # reported where the chapter is read
    return texts


def _template_world(project: Project, layout: Layout, context: TemplateContext) -> str:
    """What every chapter's rendering reads besides its text and the segment: rapport,
    the data, the number style, the report's fields, parameters and settings."""
    report = sorted((k, repr(v)) for k, v in context.report.items() if k != "segment_label")
    return cache_key(
        "template-world-v1",
        install_digest(),
        data_identity(project),
        project.language,
        repr(layout.numbers),
        report,
        sorted((k, repr(v)) for k, v in context.params.items()),
        context.on_suppressed,
        repr(context.symbols),
        context.series_break,
    )


def _locale(language: str) -> str:
    return {"da": "da_DK", "en": "en_GB"}.get(language, language)


def _context(
    project: Project, options: BuildOptions, sources: Sources, layout: Layout
) -> TemplateContext:
    report = {
        "title": project.title,
        "subtitle": project.subtitle,
        "edition": project.edition,
        "publisher": project.publisher,
        "date": project.date,
        "authors": list(project.authors),
        "isbn": project.isbn,
        "segment_label": options.segment_label or "",
        "disclosure_threshold": project.disclosure.threshold,
    }
    params = {**project.parameters, **options.params}
    return TemplateContext(
        sources.stores,
        report,
        params,
        options.segment,
        project.disclosure.on_suppressed,
        SYMBOLS,
        sources.comparisons,
        sources.editions,
        layout.numbers.series_break,
    )


def _language(chapter: Chapter, project: Project) -> str:
    """The chapter's language code ("da", "en")."""
    return (chapter.language or project.language).split("_")[0].split("-")[0]


def _chapter(
    chapter: Chapter, project: Project, engines: _Engines, quotes: str = "guillemets"
) -> ChapterInput:
    language = _language(chapter, project)
    text = read_text(chapter.file, ProjectError)
    where = Location(chapter.file, 1, None)
    rendered = engines.texts.render(engines.get(language), text, language, where)
    parsed = _parsed(rendered, chapter.file, quote_marks(language, quotes))
    return ChapterInput(_with_images(parsed, project.root), language, chapter.numbered)


_PARSED: Memo[tuple[str, str, tuple[str, str]], ParsedChapter] = Memo("parsed chapters", 256)


def _parsed(rendered: str, file: Path, marks: tuple[str, str]) -> ParsedChapter:
    """The rendered chapter's blocks (frozen), parsed once per text in a process."""
    key = (rendered, str(file), marks)
    known = _PARSED.get(key)
    if known is None:
        known = _PARSED.put(key, quote_chapter(parse_chapter(rendered, file), marks))
    return known


def _with_images(parsed: ParsedChapter, root: Path) -> ParsedChapter:
    """Image paths (relative to the project folder) checked and made absolute."""
    blocks = tuple(
        replace(b, path=str(image_path(b.path, root, root, Location(parsed.file, b.line, 1))))
        if isinstance(b, ImageBlock)
        else b
        for b in parsed.blocks
    )
    return replace(parsed, blocks=blocks)


def _chart_jobs(
    chapters: list[ChapterInput], shown: list[bool], factory: ExhibitFactory
) -> list[ChartJob]:
    """Every chart the shown chapters place, in document order (see ``prewarm``)."""
    jobs = []
    for chapter, show in zip(chapters, shown, strict=True):
        for ident, tile in _placed_charts(chapter) if show else ():
            try:
                jobs.append(factory.figures.chart_job(ident, chapter.language, tile=tile))
            except (RapportError, KeyError):
                continue  # composition reports it, at its place
    return jobs


def _placed_charts(chapter: ChapterInput) -> list[tuple[str, bool]]:
    out: list[tuple[str, bool]] = []
    for block in chapter.parsed.blocks:
        if isinstance(block, FigureBlock):
            out.append((block.id, False))
        elif isinstance(block, KeyFigures):
            out += [(ident, True) for ident in block.ids]
    return out


def _shows(chapter: Chapter, layout: Layout) -> bool:
    """Whether this layout shows the chapter (see :func:`_selected`)."""
    tag = layout.sections.only_tagged
    return not tag or tag in chapter.tags


def _selected(chapters: list[Chapter], layout: Layout, project: Project) -> list[bool]:
    """Which chapters this layout shows (all, or those tagged ``sections.only_tagged``)."""
    tag = layout.sections.only_tagged
    if not tag:
        return [True] * len(chapters)
    chosen = [_shows(c, layout) for c in chapters]
    if not any(chosen):
        raise ProjectError(
            f"layout {layout.name!r} shows only chapters tagged {tag!r}, and none is",
            location=Location(project.file),
            hint=f"add 'tags: [{tag}]' to a chapter entry under 'chapters:' in report.yaml",
        )
    return chosen


def _compose(
    project: Project,
    layout: Layout,
    fonts: Fonts,
    chapters: list[ChapterInput],
    shown: list[bool],
    factory: ExhibitFactory,
    engines: _Engines,
    segment_label: str = "",
) -> list[Flowable]:
    """The whole story; numbering counts every chapter, only ``shown`` ones are set."""
    styles = {lang: factory.context.paragraph_styles(lang) for lang in ("da", "en")}
    numbering = number_blocks(
        chapters,
        numbered=layout.sections.number_headings,
        defined={"fig": project.figures, "tab": project.tables},
    )
    references = References(layout, numbering, _present(chapters, shown))
    figures = factory.figures
    makers = Makers(figures.figure, factory.tables.table, figures.keyfigure)
    composer = Composer(layout, styles, makers, references, fonts)
    factory.context.resolve = composer.resolve
    front = FrontComposer(layout, styles)
    story: list[Flowable] = []
    if layout.sections.cover:
        story += front.cover(_front(project, engines, segment_label))
    if layout.sections.colophon:
        story += [*factory.colophon(), NextKind("contents"), PageBreak()]
    body = [
        flowable
        for chapter, show in zip(chapters, shown, strict=True)
        if show
        for flowable in composer.chapter(chapter)
    ]
    if layout.sections.contents and contents_entries(body):  # no empty contents page
        story += front.contents()
    story += body
    if layout.cover.show_back_page and layout.sections.cover:
        story += [NextKind("back"), PageBreak(), Spacer(1, 1), *factory.back_page()]
    return story


def _present(chapters: list[ChapterInput], shown: list[bool]) -> set[str] | None:
    """Link targets that exist in this document (None: everything is shown)."""
    if all(shown):
        return None
    return {
        f"{kind}-{ident}"
        for chapter, show in zip(chapters, shown, strict=True)
        if show
        for kind, ident in _targets(chapter)
    }


def _targets(chapter: ChapterInput) -> list[tuple[str, str]]:
    return [key for block in chapter.parsed.blocks if (key := block_key(block))]


def _front(project: Project, engines: _Engines, segment_label: str = "") -> FrontMatter:
    fmt = engines.get(project.language.split("_")[0]).scope.formatter
    return FrontMatter(
        project.title,
        project.subtitle,
        project.edition,
        fmt.date(project.date),
        project.publisher,
        segment=segment_label,
    )


def _metadata(project: Project, options: BuildOptions) -> Metadata:
    title = project.title + (f" – {options.segment_label}" if options.segment_label else "")
    subject = project.subject or project.subtitle or project.title
    return Metadata(
        title,
        ", ".join(project.authors) or project.publisher,
        subject,
        project.keywords,
        project.language.replace("_", "-"),
        f"rapport {__version__}",
    )


def _running(project: Project, options: BuildOptions, formatter: Formatter) -> Running:
    return Running(
        {
            "title": project.title,
            "subtitle": project.subtitle,
            "edition": project.edition,
            "publisher": project.publisher,
            "date": formatter.date(project.date),
            "segment": options.segment_label or "",
        }
    )
