"""The malformed-file corpus: each file fails with its expected, precise message."""

from __future__ import annotations

from pathlib import Path

import pytest

from rapport.data.questionnaire import load_questionnaire
from rapport.data.respondents import load_respondents
from rapport.data.results import load_results
from rapport.errors import DataError

CORPUS = Path(__file__).parent / "malformed"
FIXTURES = Path(__file__).parent / "fixtures"

# file → fragments the message must contain (location, column, value, problem)
EXPECTED: dict[str, tuple[str, ...]] = {
    # aggregated results
    "r_missing_n.csv": ("r_missing_n.csv:1", "required column 'n' is missing"),
    "r_misspelt_column.csv": ("required column 'indicator'", "the file has 'indikator'"),
    "r_extra_column.csv": ("r_extra_column.csv:1", "unknown column 'kommentar'"),
    "r_value_text.csv": (
        "r_value_text.csv, row 3",
        "column 'value'",
        "'ca. 67'",
        "not a number",
        "line 4 counting the header",
    ),
    "r_share_above_100.csv": ("row 2", "column 'value'", "'130.1'", "between 0 and 100"),
    "r_share_negative.csv": ("row 4", "column 'value'", "'-2'", "between 0 and 100"),
    "r_negative_n.csv": ("row 2", "column 'n'", "'-400'", "whole number ≥ 0"),
    "r_fractional_n.csv": ("row 3", "column 'n'", "'233.5'", "whole number ≥ 0"),
    "r_empty_n.csv": ("row 4", "column 'n'", "the base n is empty"),
    "r_duplicate_key.csv": (
        "row 5",
        "innovation / ja / sektor=kommunal",
        "already given in data row 3",
    ),
    "r_bad_status.csv": ("row 4", "column 'status'", "'primær'", "did you mean 'primary'"),
    "r_suppressed_with_value.csv": (
        "row 3",
        "column 'value'",
        "'67.6'",
        "primary-suppressed but still has a value",
    ),
    "r_ci_outside.csv": ("row 1", "ci_low/ci_high", "'71.2 – 74.7'", "do not enclose"),
    "r_ci_half.csv": ("r_ci_half.csv:1", "'ci_low' is given without 'ci_high'"),
    "r_bad_group.csv": ("row 4", "column 'group'", "'kommunal'", "not a group name"),
    "r_empty_indicator.csv": ("row 2", "column 'indicator'", "must not be empty"),
    "r_empty.csv": ("r_empty.csv", "is empty"),
    "r_mojibake.csv": ("r_mojibake.csv:2", "garbled", "'Ã¸'", "--encoding"),
    "r_bad_bytes.csv": ("r_bad_bytes.csv:3", "byte 0x81", "--encoding"),
    "r_results.json": ("r_results.json", "unknown file type '.json'"),
    "r_broken.xlsx": ("r_broken.xlsx", "cannot read 'r_broken.xlsx' as an Excel workbook"),
    "r_danish_value_text.csv": ("row 2", "column 'value'", "'30,1 %'", "decimal comma"),
    "r_duplicate_header.csv": ("r_duplicate_header.csv:1", "'n' appears twice"),
    # respondent files (questionnaire: fixtures/questionnaire.yaml, --by sektor)
    "p_missing_weight.csv": ("p_missing_weight.csv:1", "column 'vaegt'", "survey.weight"),
    "p_misspelt_weight.csv": ("column 'vaegt'", "the file has 'vægt'"),
    "p_weight_zero.csv": (
        "p_weight_zero.csv, row 5",
        "column 'vaegt'",
        "value '0'",
        "greater than 0",
    ),
    "p_weight_text.csv": ("row 7", "column 'vaegt'", "'tre'", "not a number"),
    "p_weight_missing.csv": ("row 3", "column 'vaegt'", "weight is missing"),
    "p_bad_option.csv": (
        "row 6",
        "column 'innovation'",
        "'maaske'",
        "not an option",
        "options: ja, nej",
    ),
    "p_likert_typo.csv": ("row 3", "column 'kultur'", "'hoj'", "did you mean 'hoej'"),
    "p_multi_not_01.csv": ("row 2", "column 'samarbejde__borgere'", "'2'", "1 (chosen) or 0"),
    "p_routing.csv": (
        "row 1",
        "column 'kultur'",
        "'hoej'",
        "outside base 'innovatorer'",
        "innovation = ja",
    ),
    "p_missing_item.csv": ("p_missing_item.csv:1", "column 'kultur'", "likert item"),
    "p_missing_multi_column.csv": ("column 'samarbejde__andre'", "multi item 'samarbejde'"),
    "p_bad_segment.csv": ("row 8", "column 'sektor'", "'komunal'", "did you mean 'kommunal'"),
    "p_duplicate_id.csv": ("row 10", "column 'id'", "'4'", "duplicate respondent id"),
    "p_missing_by.csv": ("p_missing_by.csv:1", "breakdown variable 'sektor'", "not a column"),
    # questionnaires
    "q_unknown_type.yaml": ("q_unknown_type.yaml:26:11", "'likret'", "did you mean 'likert'"),
    "q_undefined_base.yaml": (
        "q_undefined_base.yaml:22:11",
        "'innovatorr'",
        "not defined",
        "did you mean 'innovatorer'",
    ),
    "q_dont_know_not_option.yaml": (
        "q_dont_know_not_option.yaml:30:16",
        "'vet_ikke'",
        "not one of its options",
    ),
    "q_unknown_key.yaml": (
        "q_unknown_key.yaml:18:5",
        "unknown key 'optoins'",
        "did you mean 'options'",
    ),
    "q_bad_yaml.yaml": ("q_bad_yaml.yaml:14:9", "malformed YAML"),
    "q_filter_not_option.yaml": (
        "q_filter_not_option.yaml:11:47",
        "innovation = 'yes'",
        "not an option of item 'innovation'",
    ),
    "q_no_title.yaml": ("q_no_title.yaml:2:3", "'title' is required"),
}


def _load(path: Path) -> None:
    if path.name.startswith("r_"):
        load_results(path)
    elif path.name.startswith("p_"):
        load_respondents(path, load_questionnaire(FIXTURES / "questionnaire.yaml"), by=["sektor"])
    else:
        load_questionnaire(path)


def test_corpus_is_complete() -> None:
    files = {p.name for p in CORPUS.iterdir()}
    assert files == set(EXPECTED)
    assert len(files) >= 20


@pytest.mark.parametrize(("name", "fragments"), sorted(EXPECTED.items()))
def test_malformed_file_gives_its_message(name: str, fragments: tuple[str, ...]) -> None:
    with pytest.raises(DataError) as info:
        _load(CORPUS / name)
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message
    assert info.value.hint
    assert name in str(info.value.location)
