"""Stage 4 (data): results files or respondents + questionnaire → tidy results → disclosure.

Public entry points: :func:`load_results` and :class:`ResultStore` (aggregated
results), :func:`load_questionnaire`, :func:`load_respondents`,
:func:`aggregate_respondents` and :func:`compare_groups` (respondent data),
:func:`apply_disclosure` with :class:`DisclosureRules` (disclosure control).
"""

from .aggregate import aggregate_respondents, compare_groups
from .questionnaire import Questionnaire, load_questionnaire
from .respondents import load_respondents, validate_respondents
from .results import Cell, ResultStore, load_results, validate_results

__all__ = [
    "Cell",
    "Questionnaire",
    "ResultStore",
    "aggregate_respondents",
    "compare_groups",
    "load_questionnaire",
    "load_respondents",
    "load_results",
    "validate_respondents",
    "validate_results",
]
