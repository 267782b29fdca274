"""Stage 8 helper, notes: the figure/table note written from the questionnaire and data."""

from __future__ import annotations

from pathlib import Path

import pytest

from rapport.data.questionnaire import Questionnaire, load_questionnaire
from rapport.formatting import Formatter, NumberStyle
from rapport.notes import NoteFacts, write_note

QUESTIONNAIRE = Path(__file__).parents[1] / "data" / "fixtures" / "questionnaire.yaml"


@pytest.fixture(scope="module")
def q() -> Questionnaire:
    return load_questionnaire(QUESTIONNAIRE)


def _facts(q: Questionnaire, *ids: str, **changes: object) -> NoteFacts:
    values: dict[str, object] = {
        "items": list(ids),
        "segments": [],
        "dont_know_share": None,
        "dont_know_code": "",
        "base": None,
        "synthetic": False,
    }
    values.update(changes)
    return NoteFacts(**values)  # type: ignore[arg-type]


def test_one_question_names_its_base_and_quotes_the_question(
    q: Questionnaire, formatter: Formatter
) -> None:
    text = write_note("figure", _facts(q, "innovation", base=(1093, 1093)), q, formatter)
    assert text.startswith("Figuren viser procentandele af alle arbejdspladser.")
    assert 'Spørgsmålet lyder: "Har jeres arbejdsplads indført en innovation?"' in text
    assert "Spørgsmålet er stillet til alle arbejdspladser." in text
    assert text.endswith("n=1.093.")


def test_segments_multiple_answers_dont_know_and_synthetic(
    q: Questionnaire, formatter: Formatter
) -> None:
    multi = write_note(
        "table", _facts(q, "samarbejde", segments=["sektor"], synthetic=True), q, formatter
    )
    assert multi.startswith("Tabellen viser procentandele af innovatorer, fordelt på sektor.")
    assert "summerer til mere end 100 %" in multi
    assert "syntetiske respondentdata" in multi
    likert = write_note(
        "figure",
        _facts(q, "kultur", dont_know_share=(12.0, 12.0), dont_know_code="ved_ikke"),
        q,
        formatter,
    )
    assert 'Figuren viser ikke de 12\u00a0%, der har svaret "Ved ikke".' in likert


def test_several_questions_are_listed(q: Questionnaire, formatter: Formatter) -> None:
    text = write_note("figure", _facts(q, "samarbejde", "kultur"), q, formatter)
    assert "innovatorer har svaret på to spørgsmål" in text
    assert '"Hvem har I samarbejdet med?"; "I hvilken grad accepterer ledelsen risiko?"' in text


def test_without_a_questionnaire_and_in_english(q: Questionnaire) -> None:
    english = Formatter(NumberStyle("en_GB", "symbol", "long"))
    assert write_note("table", _facts(q), None, english) == "The table shows percentages."
    text = write_note("figure", _facts(q, "innovation", base=(1093, 1093), srs=True), q, english)
    assert text.startswith("The figure shows percentages of the respondents.")  # no English texts
    assert "simple random sampling" in text
    assert text.endswith("Number of observations = 1,093.")
