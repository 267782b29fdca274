"""The words around an exhibit: its note (written from the questionnaire), source line
and disclosure legend."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..columns import Columns, values_of
from ..data.disclosure import legend
from ..editions import EDITION_VARIABLE, EditionSeries
from ..editions_text import edition_note
from ..errors import Location, ProjectError
from ..groups import TOTAL_GROUP
from ..markup import inline_markup
from ..notes import NoteFacts, dont_know_share, exhibit_base, write_note
from ..phrases import phrase
from ..template import TemplateEngine, escape_markdown
from ..yamlsrc import read_text
from .context import ExhibitContext

if TYPE_CHECKING:
    import pandas as pd


class Captions:
    """Notes, source lines and legends for the exhibits of one build."""

    def __init__(self, context: ExhibitContext) -> None:
        self.context = context

    @functools.cached_property
    def tests_in_text(self) -> bool:
        """Whether any chapter calls ``.sig()`` (then notes state the test's assumption)."""
        chapters = self.context.project.chapters
        return any(".sig(" in read_text(c.file, ProjectError) for c in chapters)

    def note(
        self,
        kind: str,
        note: str,
        where: Location,
        source: str,
        indicators: tuple[str, ...],
        data: Columns | pd.DataFrame,
        engine: TemplateEngine,
        *,
        groups: Iterable[str],
        columns: tuple[str, ...] = (),
    ) -> str:
        """The exhibit's note: as written, or (``auto``) from the questionnaire and data."""
        language = engine.scope.formatter.language
        extra = self._edition_sentences(
            source, indicators, columns, data, engine, tested=note == "auto"
        )
        if note != "auto":
            rendered = self.context.quoted(engine.render(note, where), language)
            text = inline_markup(rendered, self.context.resolve) if note else ""
            extra = self.context.quoted(extra, language)
            return " ".join(x for x in (text, inline_markup(escape_markdown(extra))) if x)
        sources = self.context.sources
        q = sources.questionnaire(source)
        items = [q.items[i] for i in indicators if i in q.items] if q else []
        shown = tuple(groups)
        threshold = self.context.project.disclosure.threshold
        facts = NoteFacts(
            [item.id for item in items],
            segments(shown),
            dont_know_share(sources.stores[source], items, shown),
            (items[0].dont_know or "") if items else "",
            None if extra else exhibit_base(data, indicators, shown, threshold),
            sources.definitions[source].synthetic,
            self.only_group(source, shown, language),
            sources.simple_random_sample(source) and self.tests_in_text,
        )
        text = write_note(kind, facts, q if items else None, engine.scope.formatter)
        text = " ".join(x for x in (text, extra) if x)
        return inline_markup(escape_markdown(self.context.quoted(text, language)))

    def _edition_sentences(
        self,
        source: str,
        indicators: tuple[str, ...],
        columns: tuple[str, ...],
        data: Columns | pd.DataFrame,
        engine: TemplateEngine,
        *,
        tested: bool = True,
    ) -> str:
        """For an exhibit across editions: every edition's base, the series breaks with
        the earlier wording, and (in written notes) how changes are tested."""
        series = self.context.sources.editions.get(source)
        shown = editions_shown(series, columns, data)
        if series is None or len(shown) < 2:
            return ""
        return edition_note(series, indicators, shown, engine.scope.formatter, tested=tested)

    def only_group(self, source: str, groups: tuple[str, ...], language: str) -> str:
        """The label of the one group an exhibit shows ("75 år og derover"), if it shows one
        group other than the whole population."""
        shown = set(groups)
        if len(shown) != 1 or TOTAL_GROUP in shown:
            return ""
        (group,) = shown
        return self.context.group_labels(source, language).get(group, group.partition("=")[2])

    def source_line(
        self, text: str | None, source: str, where: Location, engine: TemplateEngine
    ) -> str:
        """The written source, else the data source's citation, else the synthetic label."""
        resolve = self.context.resolve
        if text:
            return inline_markup(engine.render(text, where), resolve)
        ds = self.context.sources.definitions[source]
        if ds.citation:
            return inline_markup(engine.render(ds.citation, where), resolve)
        if ds.synthetic:
            template = phrase(engine.scope.formatter.language, "labels", "synthetic_source")
            title = self.context.project.title
            return inline_markup(escape_markdown(template.format(survey=title)))
        return ""

    def legend(self, data: Columns | pd.DataFrame, language: str, groups: Iterable[str]) -> str:
        """The legend for the disclosure symbols the figure's data shows in ``groups``."""
        if "status" not in data:
            return ""
        shown = set(groups)
        pairs = zip(values_of(data, "group"), values_of(data, "status"), strict=True)
        statuses = {s for g, s in pairs if g in shown and isinstance(s, str) and s}
        return self.legend_for(frozenset(statuses), language)

    def legend_for(self, statuses: frozenset[str], language: str) -> str:
        lines = legend(sorted(statuses), language=language) if statuses else []
        return "<br/>".join(inline_markup(escape_markdown(line)) for line in lines)


def segments(groups: Iterable[str]) -> list[str]:
    """The variables the groups break down by, in order (``sektor=kommunal`` → ``sektor``)."""
    out: list[str] = []
    for g in groups:
        if "=" in g and g.split("=", 1)[0] not in out:
            out.append(g.split("=", 1)[0])
    return out


def editions_shown(
    series: EditionSeries | None, columns: tuple[str, ...], data: Columns | pd.DataFrame
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
