"""Fixtures for the data tests: a small questionnaire and seeded synthetic respondents."""

from __future__ import annotations

import pandas as pd
import pytest
from datasynth import FIXTURES, respondents

from rapport.data.questionnaire import Questionnaire, load_questionnaire


@pytest.fixture(scope="session")
def questionnaire() -> Questionnaire:
    return load_questionnaire(FIXTURES / "questionnaire.yaml")


@pytest.fixture(scope="session")
def people() -> pd.DataFrame:
    return respondents()
