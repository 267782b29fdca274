"""published.csv: the reference figures, converted faithfully, in the tidy results format."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from rapport.data.aggregate import aggregate_respondents
from rapport.data.questionnaire import load_questionnaire
from rapport.data.respondents import load_respondents
from rapport.data.results import load_results

DATA = Path(__file__).resolve().parents[2] / "data" / "innovationsbarometeret"

# Copied by hand from shared/reference/innovationsbarometer_results.csv (percent column; for
# the edition rows the n column) and the methods table of shared/reference/
# innovationsbarometer.md. Key: (indicator, category) -> (value or None, n or None).
REFERENCE: dict[tuple[str, str], tuple[float | None, int | None]] = {
    ("samarbejde", "ja"): (79, None),
    ("medarbejdere_noegle", "ja"): (86, None),
    ("genbrug", "ja"): (73, None),
    ("borgere_rolle", "ja"): (63, None),
    ("politikere_rolle", "ja"): (69, None),
    ("virksomheder_rolle", "ja"): (30, None),
    ("videns_rolle", "ja"): (21, None),
    ("frivillige_rolle", "ja"): (14, None),
    ("oekonomi_rolle", "ja"): (65, None),
    ("vaerdi", "kvalitet"): (70, None),
    ("vaerdi", "effektivitet"): (46, None),
    ("vaerdi", "medarbejdertilfredshed"): (50, None),
    ("vaerdi_kun_medarbejdertilfredshed", "ja"): (2, None),
    ("evalueret", "ja"): (44, None),
    ("nyhed", "ved_ikke"): (8, 1093),
    ("samarbejdspartnere", "virksomheder"): (22, 1093),
    ("svarprocent", "udgave_1"): (35, 1255),
    ("svarprocent", "udgave_2"): (50, 2363),
    ("svarprocent", "udgave_3"): (50, 2271),
    ("svarprocent", "udgave_4"): (36, 1611),
    ("antal_svar", "udgave_1"): (None, 1255),
    ("antal_svar", "udgave_2"): (None, 2363),
    ("antal_svar", "udgave_3"): (None, 2271),
    ("antal_svar", "udgave_4"): (None, 1611),
    ("antal_innovatorer", "udgave_1"): (None, 1093),
    ("antal_innovatorer", "udgave_2"): (None, 1942),
    ("antal_innovatorer", "udgave_3"): (None, 1877),
    ("antal_innovatorer", "udgave_4"): (None, 1352),
    ("andel_innovative", "udgave_3"): (81, 2271),
    ("andel_innovative", "udgave_4"): (83, 1611),
    ("population", "udgave_4"): (None, 14297),
    ("stikproeve", "udgave_4"): (None, 4494),
    ("bortfald", "udgave_4"): (64, 1611),
}


@pytest.fixture(scope="module")
def published() -> pd.DataFrame:
    return load_results(DATA / "published.csv")


def test_every_row_is_a_reference_figure(published: pd.DataFrame) -> None:
    keys = list(zip(published["indicator"], published["category"], strict=True))
    assert sorted(keys) == sorted(REFERENCE)


def test_values_and_counts_equal_the_reference(published: pd.DataFrame) -> None:
    for row in published.itertuples():
        value, n = REFERENCE[(row.indicator, row.category)]
        if value is None:
            assert pd.isna(row.value), row.indicator
        else:
            assert row.value == value, row.indicator
        if n is not None:
            assert row.n == n, row.indicator


def test_innovator_rows_use_the_innovator_base(published: pd.DataFrame) -> None:
    edition = published["category"].str.startswith("udgave_")
    assert (published.loc[~edition, "n"] == 1093).all()
    assert (published["group"] == "Alle").all()


def test_every_row_cites_a_web_source(published: pd.DataFrame) -> None:
    assert published["source"].str.match(r"^https?://\S+$").all()
    assert (published["label"] != "").all()


def test_published_indicators_exist_in_the_questionnaire(published: pd.DataFrame) -> None:
    questionnaire = load_questionnaire(DATA / "questionnaire.yaml")
    for row in published.itertuples():
        if row.indicator in questionnaire.items:
            assert row.category in questionnaire.items[row.indicator].options


def test_shipped_files_pass_the_project_loaders() -> None:
    questionnaire = load_questionnaire(DATA / "questionnaire.yaml")
    assert questionnaire.survey.synthetic is True
    frame = load_respondents(
        DATA / "respondents.csv", questionnaire, by=list(questionnaire.segments)
    )
    assert len(frame) == 1255


def test_project_aggregation_of_synthetic_data_reproduces_published(
    published: pd.DataFrame,
) -> None:
    questionnaire = load_questionnaire(DATA / "questionnaire.yaml")
    frame = load_respondents(DATA / "respondents.csv", questionnaire)
    results = aggregate_respondents(frame, questionnaire)
    both = published.merge(
        results, on=["indicator", "category", "group"], suffixes=("_pub", "_syn")
    )
    assert len(both) >= 15
    assert ((both["value_syn"] - both["value_pub"]).abs() <= 0.5).all()
    assert (both["n_syn"] == both["n_pub"]).all()
