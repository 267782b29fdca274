"""Stage 4: the project's data sources → disclosure-controlled result stores.

A source is either an aggregated-results file or a respondent file with its
questionnaire, aggregated here (weighted shares, unweighted n, confidence
intervals) for the whole population and every breakdown variable named in
``by``. Disclosure control runs on every source before anything can print it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .data.questionnaire import Questionnaire, load_questionnaire
from .data.results import ResultStore, load_results
from .project import DataSource, Project

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Sources:
    stores: dict[str, ResultStore]
    questionnaires: dict[str, Questionnaire]
    definitions: dict[str, DataSource]
    symbol: str

    def questionnaire(self, name: str) -> Questionnaire | None:
        return self.questionnaires.get(name)


def load_sources(project: Project) -> Sources:
    """Load every source of the project, aggregate and disclosure-control it."""
    from .data.disclosure import SYMBOLS, DisclosureRules, apply_disclosure

    rules = DisclosureRules(threshold=project.disclosure.threshold)
    stores, questionnaires = {}, {}
    for ds in project.data:
        frame, questionnaire = _frame(ds)
        if questionnaire is not None:
            questionnaires[ds.name] = questionnaire
        frame = apply_disclosure(frame, rules)
        stores[ds.name] = ResultStore(frame, name=ds.name, path=ds.results or ds.respondents)
    return Sources(stores, questionnaires, {d.name: d for d in project.data},
                   SYMBOLS["primary"])


def _frame(ds: DataSource) -> tuple[pd.DataFrame, Questionnaire | None]:
    if ds.results is not None:
        return load_results(ds.results, ds.encoding), None
    from .data.aggregate import aggregate_respondents
    from .data.respondents import load_respondents

    assert ds.questionnaire is not None
    assert ds.respondents is not None
    questionnaire = load_questionnaire(ds.questionnaire)
    respondents = load_respondents(ds.respondents, questionnaire, by=ds.by,
                                   encoding=ds.encoding)
    return aggregate_respondents(respondents, questionnaire, by=ds.by), questionnaire
