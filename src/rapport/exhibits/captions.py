"""The words around an exhibit: its note (written from the questionnaire), source line
and disclosure legend."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..data.disclosure import legend
from ..data.results import ResultStore
from ..editions import EDITION_VARIABLE, EditionSeries
from ..editions_text import edition_note
from ..errors import DataError, Location, ProjectError
from ..groups import TOTAL_GROUP
from ..markup import inline_markup
from ..notes import NoteFacts, write_note
from ..template import TemplateEngine, escape_markdown
from ..yamlsrc import read_text
from .context import ExhibitContext

if TYPE_CHECKING:
    import pandas as pd

    from ..data.questionnaire import Item

SYNTHETIC_SOURCE = {
    "da": "Syntetiske respondentdata til illustration (rapport), kalibreret til {survey}",
    "en": "Synthetic respondent data for illustration (rapport), calibrated to {survey}",
}


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
        data: pd.DataFrame,
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
        facts = NoteFacts(
            items,
            [self.segment_label(source, s) for s in segments(groups)],
            *dont_know(items, sources.stores[source]),
            None if extra else base_n(data),
            sources.definitions[source].synthetic,
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
        data: pd.DataFrame,
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

    def segment_label(self, source: str, segment: str) -> str:
        q = self.context.sources.questionnaire(source)
        if q is not None and segment in q.segments:
            return q.segments[segment].label
        return segment

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
            language = engine.scope.formatter.language
            template = SYNTHETIC_SOURCE.get(language, SYNTHETIC_SOURCE["da"])
            title = self.context.project.title
            return inline_markup(escape_markdown(template.format(survey=title)))
        return ""

    def legend(self, data: pd.DataFrame) -> str:
        """The legend for the disclosure symbols the figure's data shows."""
        statuses = {s for s in data.get("status", []) if isinstance(s, str) and s}
        return self.legend_for(frozenset(statuses))

    def legend_for(self, statuses: frozenset[str]) -> str:
        lines = legend(sorted(statuses)) if statuses else []
        return "<br/>".join(inline_markup(escape_markdown(line)) for line in lines)


def segments(groups: Iterable[str]) -> list[str]:
    """The variables the groups break down by, in order (``sektor=kommunal`` → ``sektor``)."""
    out: list[str] = []
    for g in groups:
        if "=" in g and g.split("=", 1)[0] not in out:
            out.append(g.split("=", 1)[0])
    return out


def dont_know(items: list[Item], store: ResultStore) -> tuple[float | None, str]:
    """The first item's "don't know" share and wording, unless it is suppressed or absent."""
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


def editions_shown(
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


def base_n(data: pd.DataFrame) -> int | None:
    """The largest whole-population n in the data (the note's "n = …")."""
    rows = data[data["group"] == TOTAL_GROUP] if "group" in data else data
    if rows.empty or "n" not in rows:
        return None
    return int(rows["n"].max())
