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
instead of aggregated again: its results as plain columns, without pandas. The
respondent file behind a source is read (from the cache or the file) only when a
significance test or an edition needs it, so a rebuild whose numbers all come from
the cache does not import pandas.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeGuard, TypeVar

from .buildcache import BuildCache, cache_key, file_digest
from .columns import Columns
from .data.disclosure import DisclosureRules
from .data.questionnaire import Questionnaire, group_labels, load_questionnaire
from .data.results import ResultStore
from .editions import EditionData, EditionSeries
from .errors import DataError, Location
from .memo import Memo
from .project import DataSource, Edition, Project

if TYPE_CHECKING:  # pandas is imported where respondents are read or results aggregated
    import pandas as pd

V = TypeVar("V")


@dataclass(frozen=True)
class Sources:
    stores: Mapping[str, ResultStore]
    questionnaires: Mapping[str, Questionnaire]
    definitions: dict[str, DataSource]
    respondents: Mapping[str, pd.DataFrame] = field(default_factory=dict)
    cache: BuildCache | None = None
    _tests: dict[tuple[str, str], Columns] = field(default_factory=dict)
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

    def comparisons(self, source: str, variable: str) -> Columns | None:
        """Every group of ``variable`` tested against the rest (computed on first use, kept
        in the build cache)."""
        if source not in self.stores:
            return None
        if source in self.respondents and variable not in self.definitions[source].by:
            return None
        if (source, variable) not in self._tests:
            self._tests[(source, variable)] = self._compare(source, variable)
        return self._tests[(source, variable)]

    def _compare(self, source: str, variable: str) -> Columns:
        ds = self.definitions[source]
        key = cache_key("tests-v2", source, variable, _digests(ds))
        hit = self.cache.get("tests", key) if self.cache else None
        if isinstance(hit, Columns):
            return hit
        table = Columns.from_frame(self._tested(source, variable))
        if self.cache is not None:
            self.cache.put("tests", key, table)
        return table

    def _tested(self, source: str, variable: str) -> pd.DataFrame:
        from .data.aggregate import compare_groups, compare_results

        if source not in self.respondents:
            return compare_results(self.stores[source].frame, variable)
        return compare_groups(self.respondents[source], self.questionnaires[source], variable)


class Lazy(Mapping[str, V]):
    """Values by source name, each made when first asked for (the names are known at
    once: listing the sources, or asking whether one has respondents, reads nothing)."""

    def __init__(self) -> None:
        self._makers: dict[str, Callable[[], V]] = {}
        self._made: dict[str, V] = {}

    def add(self, name: str, make: Callable[[], V]) -> None:
        self._makers[name] = make

    def __getitem__(self, name: str) -> V:
        if name not in self._made:
            self._made[name] = self._makers[name]()
        return self._made[name]

    def __contains__(self, name: object) -> bool:
        return name in self._makers

    def __iter__(self) -> Iterator[str]:
        return iter(self._makers)

    def __len__(self) -> int:
        return len(self._makers)


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
    """The sources, each read from the build cache only when something asks for it (an
    edit that renders one chapter reads only the sources that chapter names). A source
    the cache does not hold is loaded and aggregated at once, so a data error is
    reported here, not later from wherever the data is first used."""
    rules = DisclosureRules(threshold=project.disclosure.threshold)
    stores: Lazy[ResultStore] = Lazy()
    questionnaires: Lazy[Questionnaire] = Lazy()
    respondents: Lazy[pd.DataFrame] = Lazy()
    editions = {}
    for ds in project.data:
        source = _Source(ds, rules, cache)
        if ds.questionnaire is not None:
            questionnaires.add(ds.name, source.questionnaire)
        if ds.respondents is not None:
            respondents.add(ds.name, source.respondents)
        if ds.earlier:
            editions[ds.name], table = source.with_editions()
            stores.add(ds.name, partial(ResultStore, table, name=ds.name, path=_path(ds)))
        else:
            stores.add(ds.name, source.store)
        if cache is None or not cache.has("data", source.key):
            source.loaded()
    definitions = {d.name: d for d in project.data}
    return Sources(stores, questionnaires, definitions, respondents, cache, editions=editions)


def _path(ds: DataSource) -> Path | None:
    return ds.results or ds.respondents


class _Source:
    """One data source, read (from the cache or its files) on first use."""

    def __init__(self, ds: DataSource, rules: DisclosureRules, cache: BuildCache | None):
        self.ds, self.rules, self.cache = ds, rules, cache
        self.key = _key(ds, rules)
        self._loaded: _Loaded | None = None

    def loaded(self) -> _Loaded:
        if self._loaded is None:
            self._loaded = _cached(self.ds, self.rules, self.cache, self.key)
        return self._loaded

    def store(self) -> ResultStore:
        return ResultStore(self.loaded()[0], name=self.ds.name, path=_path(self.ds))

    def questionnaire(self) -> Questionnaire:
        questionnaire = self.loaded()[1]
        if questionnaire is None:  # the project loader requires one for respondent data
            raise ValueError(f"data source {self.ds.name!r} has no questionnaire")
        return questionnaire

    def respondents(self) -> pd.DataFrame:
        answers = self.loaded()[2]
        if answers is None:
            raise ValueError(f"data source {self.ds.name!r} has no respondents")
        return answers()

    def with_editions(self) -> tuple[EditionSeries, Columns]:
        """This round with the earlier ones, and the results with every edition's
        whole-population cells as ``udgave=…`` groups."""
        from .editions import with_editions

        table, questionnaire, answers = self.loaded()
        series = _series(self.ds, table, questionnaire, answers, self.rules, self.cache)
        return series, Columns.from_frame(with_editions(table.to_frame(), series))


def _series(
    ds: DataSource,
    table: Columns,
    questionnaire: Questionnaire | None,
    answers: Callable[[], pd.DataFrame] | None,
    rules: DisclosureRules,
    cache: BuildCache | None,
) -> EditionSeries:
    """This round and the earlier ones as an edition series (oldest first)."""
    earlier = [_earlier(ds, e, questionnaire, rules, cache) for e in ds.earlier]
    path = ds.results or ds.respondents
    current = _edition(ds.edition, ds.period, table, path, ds, questionnaire, answers)
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
    table, _, answers = _cached(part, rules, cache)
    return _edition(
        edition.label, edition.period, table, edition.path, part, questionnaire, answers
    )


def _edition(
    label: str,
    period: str,
    table: Columns,
    path: Any,
    ds: DataSource,
    questionnaire: Questionnaire | None,
    load_answers: Callable[[], pd.DataFrame] | None,
) -> EditionData:
    from .data.aggregate import effective_sizes

    store = ResultStore(table, name=f"{ds.name} ({label})", path=path)
    if load_answers is None or questionnaire is None:
        return EditionData(label, period, store)
    answers = load_answers()
    sizes = effective_sizes(answers, questionnaire, ds.by)
    n_eff = {
        (i, g): float(v)
        for i, g, v in zip(sizes["indicator"], sizes["group"], sizes["n_eff"], strict=True)
    }
    return EditionData(label, period, store, n_eff, len(answers))


_Loaded = tuple[Columns, "Questionnaire | None", "Callable[[], pd.DataFrame] | None"]


def _cached(
    ds: DataSource, rules: DisclosureRules, cache: BuildCache | None, key: str = ""
) -> _Loaded:
    """A source's disclosure-controlled results, its questionnaire and (for respondent
    data) how to get its respondents: from the build cache when the inputs did not
    change, else loaded and aggregated (and stored)."""
    key = key or _key(ds, rules)
    hit = cache.get("data", key) if cache is not None else None
    if _valid(hit):
        table, questionnaire, has_answers = hit
        return table, questionnaire, _reader(ds, questionnaire, cache, key) if has_answers else None
    frame, questionnaire, answers = _frame(ds, rules)
    table = Columns.from_frame(frame)
    if cache is not None:
        cache.put("data", key, (table, questionnaire, answers is not None))
        if answers is not None:
            cache.put("respondents", key, answers)
    return table, questionnaire, None if answers is None else (lambda: answers)


def _key(ds: DataSource, rules: DisclosureRules) -> str:
    return cache_key("sources-v5", ds.name, ds.by, ds.encoding, repr(rules), _digests(ds))


def _valid(hit: Any) -> TypeGuard[tuple[Columns, Questionnaire | None, bool]]:
    """A data entry as :func:`_cached` stores it."""
    return (
        isinstance(hit, tuple)
        and len(hit) == 3
        and isinstance(hit[0], Columns)
        and {"indicator", "category", "group", "value", "n", "status", "label"} <= set(hit[0].names)
        and (hit[1] is None or isinstance(hit[1], Questionnaire))
        and isinstance(hit[2], bool)
    )


def _reader(
    ds: DataSource, questionnaire: Questionnaire | None, cache: BuildCache | None, key: str
) -> Callable[[], pd.DataFrame]:
    """Reads the respondents of ``ds`` when called: the cached frame, else the file."""

    def read() -> pd.DataFrame:
        import pandas as pd

        from .data.respondents import load_respondents

        hit = cache.get("respondents", key) if cache is not None else None
        if isinstance(hit, pd.DataFrame):
            return hit
        if ds.respondents is None or questionnaire is None:
            raise ValueError(f"data source {ds.name!r} is incomplete")
        answers = load_respondents(ds.respondents, questionnaire, by=ds.by, encoding=ds.encoding)
        if cache is not None:
            cache.put("respondents", key, answers)
        return answers

    return read


def _frame(
    ds: DataSource, rules: DisclosureRules
) -> tuple[pd.DataFrame, Questionnaire | None, pd.DataFrame | None]:
    from .data.aggregate import aggregate_disclosed
    from .data.disclosure import apply_disclosure
    from .data.respondents import load_respondents
    from .data.results import load_results

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
    from .data.io import read_table

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
