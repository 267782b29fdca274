"""Stage 4: the project's data sources → disclosure-controlled result stores.

A source is either an aggregated-results file or a respondent file with its
questionnaire, aggregated here (weighted shares, unweighted n, confidence
intervals) for the whole population and every breakdown variable named in
``by``; on first use, each group of a variable is tested against the rest
(two-proportion z test) so templates can state significant differences.
Disclosure control runs on every source before anything can print it;
respondent data gets the full rules (multiple-choice items and nested
breakdowns such as kommune within region are passed along). With a build
cache, a source whose input bytes and settings did not change is read back
instead of aggregated again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .buildcache import BuildCache, cache_key, file_digest
from .data.aggregate import (
    aggregate_disclosed,
    compare_groups,
    compare_results,
    effective_sizes,
)
from .data.disclosure import DisclosureRules, apply_disclosure
from .data.io import read_table
from .data.questionnaire import Questionnaire, group_labels, load_questionnaire
from .data.respondents import load_respondents
from .data.results import ResultStore, load_results
from .editions import EditionData, EditionSeries, with_editions
from .errors import DataError, Location
from .memo import Memo
from .project import DataSource, Edition, Project


@dataclass(frozen=True)
class Sources:
    stores: dict[str, ResultStore]
    questionnaires: dict[str, Questionnaire]
    definitions: dict[str, DataSource]
    respondents: dict[str, pd.DataFrame] = field(default_factory=dict)
    cache: BuildCache | None = None
    _tests: dict[tuple[str, str], pd.DataFrame] = field(default_factory=dict)
    editions: dict[str, EditionSeries] = field(default_factory=dict)

    def questionnaire(self, name: str) -> Questionnaire | None:
        return self.questionnaires.get(name)

    def group_labels(self, source: str) -> dict[str, str]:
        """``variable=code`` → label: the questionnaire's segment values, then the results
        file's ``group_label`` column for groups the questionnaire does not name."""
        store = self.stores.get(source)
        labels = store.group_labels() if store is not None else {}
        q = self.questionnaires.get(source)
        return {**labels, **(group_labels(q) if q is not None else {})}

    def simple_random_sample(self, source: str) -> bool:
        """True when significance tests must assume simple random sampling: aggregated
        results, where no respondent's weight is at hand (a questionnaire beside them may
        name the weight, but its effect on the variance cannot be computed)."""
        return source not in self.respondents and source in self.stores

    def comparisons(self, source: str, variable: str) -> pd.DataFrame | None:
        """Every group of ``variable`` tested against the rest (computed on first use)."""
        if source not in self.stores:
            return None
        if source in self.respondents and variable not in self.definitions[source].by:
            return None
        if (source, variable) not in self._tests:
            self._tests[(source, variable)] = self._compare(source, variable)
        return self._tests[(source, variable)]

    def _compare(self, source: str, variable: str) -> pd.DataFrame:
        if source not in self.respondents:
            return compare_results(self.stores[source].frame, variable)
        ds = self.definitions[source]
        key = cache_key("tests-v1", source, variable, _digests(ds))
        hit = self.cache.get("tests", key) if self.cache else None
        if isinstance(hit, pd.DataFrame):
            return hit
        frame = compare_groups(self.respondents[source], self.questionnaires[source], variable)
        if self.cache is not None:
            self.cache.put("tests", key, frame)
        return frame


_LOADED: Memo[tuple[Any, ...], Sources] = Memo("data sources", 1)


def load_sources(project: Project, cache: BuildCache | None = None) -> Sources:
    """Load every source of the project, aggregate and disclosure-control it.

    Within one process the result is reused while the data files (path, size,
    modification time) and settings are unchanged — tailored copies built one after
    another, or a watcher's rebuilds, load the data once.
    """
    key = _stamp(project, cache)
    if key not in _LOADED:
        _LOADED.put(key, _load(project, cache))
    return _LOADED[key]


def _stamp(project: Project, cache: BuildCache | None) -> tuple[Any, ...]:
    parts: list[Any] = [project.disclosure, str(cache.folder) if cache else None]
    for ds in project.data:
        files = ds.files()
        stats = [(str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in files]
        parts.append((ds.name, ds.by, ds.encoding, tuple(stats)))
    return tuple(parts)


def _load(project: Project, cache: BuildCache | None) -> Sources:
    rules = DisclosureRules(threshold=project.disclosure.threshold)
    stores, questionnaires, respondents, editions = {}, {}, {}, {}
    for ds in project.data:
        frame, questionnaire, answers = _cached(ds, rules, cache)
        if questionnaire is not None:
            questionnaires[ds.name] = questionnaire
        if answers is not None:
            respondents[ds.name] = answers
        path = ds.results or ds.respondents
        if ds.earlier:
            series = _series(ds, frame, questionnaire, answers, rules, cache)
            editions[ds.name] = series
            frame = with_editions(frame, series)
        stores[ds.name] = ResultStore(frame, name=ds.name, path=path)
    definitions = {d.name: d for d in project.data}
    return Sources(stores, questionnaires, definitions, respondents, cache, editions=editions)


def _series(
    ds: DataSource,
    frame: pd.DataFrame,
    questionnaire: Questionnaire | None,
    answers: pd.DataFrame | None,
    rules: DisclosureRules,
    cache: BuildCache | None,
) -> EditionSeries:
    """This round and the earlier ones as an edition series (oldest first)."""
    earlier = [_earlier(ds, e, questionnaire, rules, cache) for e in ds.earlier]
    path = ds.results or ds.respondents
    current = _edition(ds.edition, ds.period, frame, path, ds, questionnaire, answers)
    return EditionSeries(ds.name, (*earlier, current), questionnaire)


def _earlier(
    ds: DataSource,
    edition: Edition,
    questionnaire: Questionnaire | None,
    rules: DisclosureRules,
    cache: BuildCache | None,
) -> EditionData:
    part = DataSource(
        f"{ds.name}[{edition.label}]",
        edition.results,
        edition.respondents,
        ds.questionnaire if edition.respondents else None,
        ds.by,
        ds.synthetic,
        ds.encoding,
        ds.label,
        ds.citation,
        edition.where,
    )
    frame, _, answers = _cached(part, rules, cache)
    return _edition(
        edition.label, edition.period, frame, edition.path, part, questionnaire, answers
    )


def _edition(
    label: str,
    period: str,
    frame: pd.DataFrame,
    path: Any,
    ds: DataSource,
    questionnaire: Questionnaire | None,
    answers: pd.DataFrame | None,
) -> EditionData:
    store = ResultStore(frame, name=f"{ds.name} ({label})", path=path)
    if answers is None or questionnaire is None:
        return EditionData(label, period, store)
    sizes = effective_sizes(answers, questionnaire, ds.by)
    n_eff = {
        (i, g): float(v)
        for i, g, v in zip(sizes["indicator"], sizes["group"], sizes["n_eff"], strict=True)
    }
    return EditionData(label, period, store, n_eff, len(answers))


_Loaded = tuple["pd.DataFrame", "Questionnaire | None", "pd.DataFrame | None"]


def _cached(ds: DataSource, rules: DisclosureRules, cache: BuildCache | None) -> _Loaded:
    if cache is None:
        return _frame(ds, rules)
    key = cache_key("sources-v4", ds.name, ds.by, ds.encoding, repr(rules), _digests(ds))
    hit = cache.get("data", key)
    if isinstance(hit, tuple) and len(hit) == 3:
        return hit
    value = _frame(ds, rules)
    cache.put("data", key, value)
    return value


def _frame(ds: DataSource, rules: DisclosureRules) -> _Loaded:
    if ds.results is not None:
        meta = load_questionnaire(ds.questionnaire) if ds.questionnaire is not None else None
        return apply_disclosure(load_results(ds.results, ds.encoding), rules), meta, None
    if ds.questionnaire is None or ds.respondents is None:  # guaranteed by the project loader
        raise ValueError(f"data source {ds.name!r} is incomplete")
    questionnaire = load_questionnaire(ds.questionnaire)
    if ds.earlier:
        _check_new_round(ds, questionnaire)
    respondents = load_respondents(ds.respondents, questionnaire, by=ds.by, encoding=ds.encoding)
    return (
        aggregate_disclosed(respondents, questionnaire, ds.by, rules),
        questionnaire,
        respondents,
    )


def _check_new_round(ds: DataSource, questionnaire: Questionnaire) -> None:
    """A new round's respondent file must answer every item: list all that are missing."""
    assert ds.respondents is not None
    columns = set(read_table(ds.respondents, ds.encoding).frame.columns)
    missing = [
        item.id
        for item in questionnaire.items.values()
        if any(c not in columns for c in item.columns())
    ]
    if missing:
        raise DataError(
            f"the {ds.edition or 'new'} respondent file lacks {len(missing)} questionnaire "
            f"item(s): {', '.join(missing)}",
            location=Location(ds.respondents, 1),
            hint="add the columns for these items (multiple-choice items need one column per "
            "option, named item__option), or remove items no longer asked from the "
            "questionnaire and the chapters",
        )


def _digests(ds: DataSource) -> list[tuple[str, str]]:
    files = ds.files()
    return [(p.name, file_digest(p)) for p in files]
