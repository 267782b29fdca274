"""questionnaire.yaml → frozen records."""

from __future__ import annotations

import dataclasses

import pytest

from rapport.data.questionnaire import load_questionnaire
from rapport.errors import DataError


def test_records(questionnaire) -> None:
    assert questionnaire.survey.title == "Testbarometeret"
    assert questionnaire.survey.weight == "vaegt"
    assert questionnaire.survey.synthetic is True
    assert questionnaire.segments["sektor"].values["kommunal"] == "Kommunal"
    assert dict(questionnaire.segments["kommune"].values) == {}
    assert dict(questionnaire.bases["innovatorer"].filter) == {"innovation": ("ja",)}
    kultur = questionnaire.item("kultur")
    assert kultur.type == "likert"
    assert kultur.dont_know == "ved_ikke"
    assert kultur.short == kultur.text  # short defaults to the text
    assert questionnaire.item("innovation").short == "Har indført en innovation"
    assert questionnaire.item("samarbejde").columns()[0] == "samarbejde__borgere"
    with pytest.raises(dataclasses.FrozenInstanceError):
        kultur.type = "single"  # type: ignore[misc]
    with pytest.raises(TypeError):
        kultur.options["x"] = "y"  # type: ignore[index]


def test_unknown_item(questionnaire) -> None:
    with pytest.raises(DataError, match="did you mean 'kultur'"):
        questionnaire.item("kultr")


def test_implicit_base_alle(tmp_path) -> None:
    path = tmp_path / "q.yaml"
    path.write_text(
        "survey: {title: T}\nitems:\n  q1: {options: {1: Ja, 2: Nej}}\n", encoding="utf-8"
    )
    q = load_questionnaire(path)
    assert q.items["q1"].base == "alle"
    assert list(q.items["q1"].options) == ["1", "2"]
    assert q.survey.weight is None


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("- a\n- b\n", "must be a mapping"),
        ("survey: {title: T}\n", "no 'items' section"),
        ("survey: {title: T}\nitems:\n  q1: {options: []}\n", "non-empty mapping"),
        ("survey: {title: T, edition: første}\nitems: {}\n", "edition must be a whole number"),
        ("survey: {title: T}\nitems:\n  q1: {type: multi, options: {a__b: X}}\n", "'__'"),
        ("survey: {title: T}\nbases:\n  b: {filter: [x]}\nitems: {}\n", "filter of base 'b'"),
    ],
)
def test_more_questionnaire_errors(tmp_path, text, fragment) -> None:
    path = tmp_path / "q.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_questionnaire(path)
    assert fragment in str(info.value)
    assert "q.yaml" in str(info.value.location)
