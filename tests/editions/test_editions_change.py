"""Change between editions: the test against statsmodels, the wording of every branch,
and no sentence that claims a change the test does not support."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.proportion import proportions_ztest

from rapport.data.results import ResultStore
from rapport.editions import EditionData, EditionSeries, compare_editions
from rapport.errors import Location, TemplateError
from rapport.formatting import Formatter
from rapport.project import load_project
from rapport.sources import load_sources
from rapport.template import TemplateContext, TemplateEngine


def _statsmodels(before: float, n1: float, after: float, n2: float) -> tuple[float, float]:
    z, p = proportions_ztest([after / 100 * n2, before / 100 * n1], [n2, n1])
    return float(z), float(p)


def _kish(frame: pd.DataFrame) -> float:
    w = frame["vaegt"].to_numpy(float)
    return float(w.sum() ** 2 / (w**2).sum())


def _weighted(frame: pd.DataFrame, item: str) -> float:
    w = frame["vaegt"].to_numpy(float)
    return float(100 * w[frame[item] == "ja"].sum() / w.sum())


def test_respondent_editions_are_tested_on_kish_effective_n(rounds: Path) -> None:
    sources = load_sources(load_project(rounds))
    change = compare_editions(sources.editions["survey"], "genbrug", "ja", "Alle", "1. udgave")
    r1, r2 = pd.read_csv(rounds / "r1.csv"), pd.read_csv(rounds / "r2.csv")
    assert change.n_before == pytest.approx(_kish(r1))
    assert change.n_after == pytest.approx(_kish(r2))
    assert change.n_before < len(r1)  # unequal weights: n_eff below n
    assert change.before == pytest.approx(_weighted(r1, "genbrug"))
    z, p = _statsmodels(change.before, _kish(r1), change.after, _kish(r2))
    assert change.z == pytest.approx(z, rel=1e-9)
    assert change.p_value == pytest.approx(p, rel=1e-9)
    assert change.status == "up"
    assert p < 0.05


def test_published_editions_use_the_published_n(rounds: Path) -> None:
    sources = load_sources(load_project(rounds))
    change = compare_editions(
        sources.editions["published"], "samarbejde", "ja", "Alle", "1. udgave"
    )
    assert (change.n_before, change.n_after) == (1000, 1500)
    z, p = _statsmodels(60, 1000, 66, 1500)
    assert change.z == pytest.approx(z, rel=1e-9)
    assert change.p_value == pytest.approx(p, rel=1e-9)


def _series(rows: dict[str, list[tuple[str, float | None, int]]]) -> EditionSeries:
    """Editions from (indicator, value, n) rows per label, oldest first."""
    editions = []
    for label, cells in rows.items():
        frame = pd.DataFrame(
            [
                {
                    "indicator": i,
                    "category": "ja",
                    "group": "Alle",
                    "value": v,
                    "n": n,
                    "status": "",
                    "label": "Ja",
                }
                for i, v, n in cells
            ]
        )
        frame["value"] = frame["value"].astype(float)
        frame["n"] = frame["n"].astype("Int64")
        editions.append(EditionData(label, label, ResultStore(frame, name=label)))
    return EditionSeries("pub", tuple(editions))


def _engine(series: EditionSeries, series_break: str = "error") -> TemplateEngine:
    from rapport.editions import with_editions

    frame = with_editions(series.current.store.frame, series)
    ctx = TemplateContext(
        {"pub": ResultStore(frame, name="pub")},
        {},
        {},
        editions={"pub": series},
        series_break=series_break,
    )
    return TemplateEngine(ctx, Formatter())


BRANCHES = _series(
    {
        "1. udgave": [
            ("op", 60, 1000),
            ("ned", 50, 1000),
            ("ens", 40, 1000),
            ("lidt", 40, 300),
            ("kun_nu", None, 1000),
        ],
        "2. udgave": [
            ("op", 70, 1000),
            ("ned", 42, 1000),
            ("ens", 40.2, 1000),
            ("lidt", 44, 300),
            ("kun_nu", 30, 1000),
        ],
    }
)


@pytest.mark.parametrize(
    ("indicator", "expected"),
    [
        (
            "op",
            "steget fra 60 % i 1. udgave til 70 %, en statistisk signifikant stigning",
        ),
        ("ned", "faldet fra 50 % i 1. udgave til 42 %, et statistisk signifikant fald"),
        ("ens", "uændret på 40 % siden 1. udgave"),
        (
            "lidt",
            "44 % mod 40 % i 1. udgave; forskellen er ikke statistisk signifikant",
        ),
        ("kun_nu", "ikke opgjort i 1. udgave, så en udvikling kan ikke vurderes"),
    ],
)
def test_wording_of_every_branch(indicator: str, expected: str) -> None:
    text = _engine(BRANCHES).render(
        f'{{{{ pub.{indicator}.ja.change("1. udgave") }}}}', Location(None)
    )
    assert text.replace("\\", "").replace("\xa0", " ") == expected


def test_conditions_follow_the_test() -> None:
    e = _engine(BRANCHES)
    flags = "{% set c = pub.X.ja.change('1. udgave') %}{{ c.up }} {{ c.down }} {{ c.significant }}"
    assert e.render(flags.replace("X", "op"), Location(None)) == "True False True"
    assert e.render(flags.replace("X", "ned"), Location(None)) == "False True True"
    assert e.render(flags.replace("X", "lidt"), Location(None)) == "False False False"
    assert (
        e.render("{{ pub.op.ja.change('1. udgave').short }}", Location(None)).replace("\\", "")
        == "+10\xa0procentpoint siden 1. udgave"
    )


def _broken() -> EditionSeries:
    from rapport.data.questionnaire import Item, Questionnaire, Survey

    item = Item(
        "rolle",
        "single",
        "alle",
        {"ja": "Ja"},
        "Ny tekst",
        "Rolle",
        changed_in=("2. udgave",),
        wording={"1. udgave": "Gammel tekst"},
    )
    q = Questionnaire(Survey("t"), {}, {}, {"rolle": item})
    base = _series({"1. udgave": [("rolle", 80, 900)], "2. udgave": [("rolle", 87, 900)]})
    return EditionSeries("pub", base.editions, q)


def test_series_break_is_a_build_error_at_the_line() -> None:
    e = _engine(_broken())
    with pytest.raises(TemplateError) as info:
        e.render(
            "Linje et.\nRollen er {{ pub.rolle.ja.change('1. udgave') }}.",
            Location(Path("kapitel.md"), 10, None),
        )
    assert info.value.location.line == 11
    assert "changed in 2. udgave" in info.value.message
    assert "comparable" in info.value.hint


def test_series_break_in_the_layouts_wording() -> None:
    e = _engine(_broken(), series_break="text")
    text = e.render("{{ pub.rolle.ja.change('1. udgave') }}", Location(None))
    assert text.replace("\\", "").replace("\xa0", " ") == (
        "ikke sammenlignelig med 1. udgave, fordi spørgsmålet er ændret i 2. udgave"
    )
    assert e.render("{{ pub.rolle.ja.change('1. udgave').comparable }}", Location(None)) == (
        "False"
    )
    assert e.render("{{ pub.rolle.ja.change('1. udgave').up }}", Location(None)) == "False"


@settings(max_examples=150, deadline=None)
@given(
    before=st.floats(1, 99),
    after=st.floats(1, 99),
    n1=st.integers(30, 3000),
    n2=st.integers(30, 3000),
)
def test_no_sentence_claims_an_unsupported_change(
    before: float, after: float, n1: int, n2: int
) -> None:
    series = _series({"A": [("x", before, n1)], "B": [("x", after, n2)]})
    text = _engine(series).render("{{ pub.x.ja.change('A') }}", Location(None))
    _, p = _statsmodels(before, n1, after, n2)
    claims = "steget" in text or "faldet" in text
    assert claims == (p < 0.05)
    if claims:
        assert ("steget" in text) == (after > before)
    change = compare_editions(series, "x", "ja", "Alle", "A")
    assert change.significant == (p < 0.05)


def test_unchanged_means_printed_alike() -> None:
    """40,5 % and 41,4 % both print as 41 %: the sentence says "uændret", never "41 % mod 41 %"."""
    series = _series({"A": [("x", 40.5, 200)], "B": [("x", 41.4, 200)]})
    text = _engine(series).render("{{ pub.x.ja.change('A') }}", Location(None))
    assert text.replace("\\", "").replace("\xa0", " ") == "uændret på 41 % siden A"


def test_a_hidden_earlier_cell_is_not_compared_and_not_revealed() -> None:
    series = _series({"A": [("x", None, 3)], "B": [("x", 55, 400)]})
    hidden = series.editions[0].store.frame.assign(status="primary")
    editions = (EditionData("A", "A", ResultStore(hidden, name="A")), series.editions[1])
    text = _engine(EditionSeries("pub", editions)).render(
        "{{ pub.x.ja.change('A') }} {{ pub.x.ja.change('A').missing }}", Location(None)
    )
    assert text.replace("\\", "") == (
        "ikke vist for A af hensyn til diskretionen, så en udvikling kan ikke vurderes True"
    )


def test_an_english_chapter_gets_english_words() -> None:
    from rapport.editions import with_editions
    from rapport.formatting import NumberStyle

    frame = with_editions(BRANCHES.current.store.frame, BRANCHES)
    ctx = TemplateContext({"pub": ResultStore(frame)}, {}, {}, editions={"pub": BRANCHES})
    engine = TemplateEngine(ctx, Formatter(NumberStyle("en_GB")))
    text = engine.render("{{ pub.op.ja.change('1. udgave') }}", Location(None))
    assert text.replace("\\", "") == (
        "up from 60% in 1. udgave to 70%, a statistically significant increase"
    )
