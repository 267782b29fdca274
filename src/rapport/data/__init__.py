"""Stage 4 (data): results files or respondents + questionnaire → tidy results → disclosure.

Public entry points: :func:`load_results` and :class:`ResultStore` (aggregated
results), :func:`load_questionnaire`, :func:`load_respondents`,
:func:`aggregate_respondents`, :func:`compare_groups` and :func:`group_parents`
(respondent data), :func:`apply_disclosure` with :class:`DisclosureRules`,
:data:`SYMBOLS` and :func:`legend` (disclosure control).

The names are loaded on first use, so importing one light module of the package
(``questionnaire``, ``disclosure``) does not import pandas through the others.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_names

if TYPE_CHECKING:
    from .aggregate import aggregate_respondents, compare_groups, group_parents
    from .disclosure import SYMBOLS, DisclosureRules, apply_disclosure, legend
    from .io import read_table, write_table
    from .questionnaire import Base, Item, Questionnaire, Segment, Survey, load_questionnaire
    from .respondents import load_respondents, validate_respondents
    from .results import Cell, ResultStore, load_results, validate_results

_HOMES = {
    "aggregate": ("aggregate_respondents", "compare_groups", "group_parents"),
    "disclosure": ("SYMBOLS", "DisclosureRules", "apply_disclosure", "legend"),
    "io": ("read_table", "write_table"),
    "questionnaire": ("Base", "Item", "Questionnaire", "Segment", "Survey", "load_questionnaire"),
    "respondents": ("load_respondents", "validate_respondents"),
    "results": ("Cell", "ResultStore", "load_results", "validate_results"),
}

__all__ = [
    "SYMBOLS",
    "Base",
    "Cell",
    "DisclosureRules",
    "Item",
    "Questionnaire",
    "ResultStore",
    "Segment",
    "Survey",
    "aggregate_respondents",
    "apply_disclosure",
    "compare_groups",
    "group_parents",
    "legend",
    "load_questionnaire",
    "load_respondents",
    "load_results",
    "read_table",
    "validate_respondents",
    "validate_results",
    "write_table",
]


__getattr__ = lazy_names(__name__, _HOMES)
