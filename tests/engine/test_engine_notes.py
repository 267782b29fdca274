"""Notes and the phrase files: one language per sentence, number agreement, punctuation.

Notes quote with straight quotes; the exhibit sets them in the layout's marks.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rapport.data.questionnaire import load_questionnaire
from rapport.formatting import Formatter, NumberStyle
from rapport.notes import NoteFacts, join_sentences, write_note
from rapport.phrases import available, phrases

QUESTIONNAIRE = (
    Path(__file__).parents[1] / "projects" / "fritidsvaner" / "data" / "questionnaire.yaml"
)
DA = Formatter(NumberStyle("da_DK"))
EN = Formatter(NumberStyle("en_GB"))


@pytest.fixture(scope="module")
def q():  # type: ignore[no-untyped-def]
    return load_questionnaire(QUESTIONNAIRE)


def facts(*items: str, share: tuple[float, float] | None = None, **kw: object) -> NoteFacts:
    base = kw.pop("base", (6366, 6366))
    return NoteFacts(list(items), kw.pop("segments", []), share, "ved_ikke", base, False, **kw)  # type: ignore[arg-type]


def keys(tree: object, path: str = "") -> set[str]:
    if not isinstance(tree, dict):
        return {path}
    return set().union(*(keys(v, f"{path}.{k}") for k, v in tree.items()))


def test_every_language_file_has_the_same_phrases() -> None:
    assert available() == ("da", "en")
    reference = keys(phrases("da")) - {k for k in keys(phrases("da")) if ".ordinals." in k}
    for language in available():
        found = keys(phrases(language))
        assert reference - found == set(), language


@pytest.mark.parametrize("language", available())
def test_a_phrase_file_reads_as_yaml_1_2(language: str) -> None:
    """The fast reader (libyaml, YAML 1.1) gives what ruamel.yaml's YAML 1.2 gives: no
    word such as "no" or "on" in a phrase file turns into a truth value."""
    from importlib import resources

    from ruamel.yaml import YAML

    from rapport.phrases import load_text

    text = resources.files("rapport.phrases").joinpath(f"{language}.yaml").read_text("utf-8")
    assert load_text(text) == YAML(typ="safe", pure=True).load(text)
    assert load_text("a: no\nb: on\n") != YAML(typ="safe", pure=True).load("a: no\nb: on\n")


def test_a_quoted_question_is_not_followed_by_a_full_stop() -> None:
    text = join_sentences(['Spørgsmålet lyder: "Hvor ofte?"', "Det er vægtet", "Slut."])
    assert text == 'Spørgsmålet lyder: "Hvor ofte?" Det er vægtet. Slut.'


def test_one_question_singular_several_plural_and_counts_in_words(q) -> None:  # type: ignore[no-untyped-def]
    one = write_note("figure", facts("besoeg", share=(1.2, 1.2)), q, DA)
    assert 'Spørgsmålet lyder: "Hvor ofte' in one
    assert "Spørgsmålet er stillet til alle adspurgte." in one
    assert 'den ene procent, der har svaret "Ved ikke"' in one
    assert one.endswith("n=6.366.")
    three = write_note(
        "table", facts("tilfreds_udvalg", "tilfreds_aabning", "tilfreds_lokaler"), q, DA
    )
    assert "har svaret på tre spørgsmål" in three
    stem = '"Hvor tilfreds eller utilfreds er du med følgende ved dit bibliotek?"'
    assert f'Spørgsmålene lyder: {stem} – 1) "Udvalget' in three
    assert "Spørgsmålene er kun stillet til dem" in three
    assert "Spørgsmålet" not in three
    assert "inden for det seneste år, har svaret" in three, "the relative clause is closed"


def test_the_ved_ikke_share_of_several_items_is_a_range(q) -> None:  # type: ignore[no-untyped-def]
    text = write_note("figure", facts("barriere_tid", "barriere_pris", share=(2.6, 4.4)), q, DA)
    assert 'de 3–4\u00a0%, der har svaret "Ved ikke"' in text


def test_an_english_note_is_english_throughout(q) -> None:  # type: ignore[no-untyped-def]
    text = write_note(
        "figure",
        facts("barriere_tid", "barriere_pris", segments=["alder"], share=(3.0, 3.0)),
        q,
        EN,
    )
    assert text.startswith(
        "The figure shows how all residents asked answered two questions, by age."
    )
    assert "The questions were asked of all respondents." in text
    assert '"Don\'t know"' in text
    assert text.endswith("n=6,366.")
    for word in ("Spørgsmål", "alle", "stillet", "fordelt", "Ved ikke", "6.366"):
        assert word not in text


def test_without_a_translation_the_note_leaves_the_wording_out(q) -> None:  # type: ignore[no-untyped-def]
    text = write_note("figure", facts("enig_trivsel"), q, EN)
    assert text == "The figure shows percentages of the respondents. n=6,366."


def test_a_base_that_differs_between_items_is_a_range(q) -> None:  # type: ignore[no-untyped-def]
    text = write_note("figure", facts("besoeg", base=(699, 717)), q, DA)
    assert text.endswith("n=699–717.")


def test_one_group_is_named_not_called_a_breakdown(q) -> None:  # type: ignore[no-untyped-def]
    text = write_note("figure", facts("besoeg", segments=["alder"], only="75 år og derover"), q, DA)
    assert "alle adspurgte borgere i gruppen 75 år og derover." in text
    assert "fordelt på" not in text
