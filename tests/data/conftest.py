"""Fixtures for the data tests: a small questionnaire and seeded synthetic respondents."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from datasynth import respondents

from rapport.data.questionnaire import Questionnaire, load_questionnaire

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def questionnaire() -> Questionnaire:
    return load_questionnaire(FIXTURES / "questionnaire.yaml")


@pytest.fixture(scope="session")
def people() -> pd.DataFrame:
    return respondents()
