"""Disclosure control: thresholds hold, and suppressed cells cannot be recomputed."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from audit import recoverable
from datasynth import respondents

from rapport.data.aggregate import aggregate_respondents, group_parents
from rapport.data.disclosure import (
    SYMBOLS,
    DisclosureRules,
    apply_disclosure,
    legend,
    primary_mask,
)
from rapport.data.questionnaire import load_questionnaire
from rapport.data.respondents import load_respondents
from rapport.errors import UsageError

MULTI = ("samarbejde",)
SUPPRESSED = ("primary", "secondary")
BY = ("sektor", "kommune")


@pytest.fixture(scope="module")
def raw(people, questionnaire) -> pd.DataFrame:
    return aggregate_respondents(people, questionnaire, by=BY)


@pytest.fixture(scope="module")
def parents(people) -> dict:
    return group_parents(people, BY)


@pytest.fixture(scope="module")
def protected(raw, parents) -> pd.DataFrame:
    return apply_disclosure(raw, DisclosureRules(threshold=5), multi=MULTI, parents=parents)


def _hide(frame: pd.DataFrame, mask: np.ndarray) -> pd.DataFrame:
    out = frame.copy()
    out.loc[mask, "status"] = "primary"
    out.loc[mask, ["value", "ci_low", "ci_high", "top_share"]] = np.nan
    return out


def test_some_cells_are_suppressed_both_ways(protected) -> None:
    counts = protected["status"].value_counts()
    assert counts.get("primary", 0) > 10
    assert counts.get("secondary", 0) > 0


def test_no_visible_cell_below_the_thresholds(protected) -> None:
    visible = protected[(protected["status"] == "") & protected["value"].notna()]
    assert (visible["n"] >= 5).all()
    count = visible["count"].astype(int)
    assert ((count == 0) | (count >= 5)).all()
    rest = visible["n"].astype(int) - count
    assert ((rest == 0) | (rest >= 5)).all()
    assert (visible["top_share"].fillna(0) <= 50).all()


def test_suppressed_cells_are_blank(protected) -> None:
    hidden = protected[protected["status"].isin(SUPPRESSED)]
    for column in ("value", "ci_low", "ci_high", "count", "top_share"):
        assert hidden[column].isna().all()
    assert hidden["n"].notna().all()


def test_kommuner_are_nested_in_the_municipal_sector(parents) -> None:
    assert parents["kommune=K00"] == ("sektor=kommunal",)
    assert not any(group.startswith("sektor=") for group in parents)


def test_audit_finds_recoverable_cells_without_secondary_suppression(
    raw, people, questionnaire, parents
) -> None:
    only_primary = _hide(raw, primary_mask(raw, DisclosureRules()))
    assert recoverable(only_primary, people, questionnaire, BY, parents)


@pytest.mark.parametrize("weighted", [True, False], ids=["values", "counts"])
def test_suppressed_values_cannot_be_recomputed(
    protected, people, questionnaire, parents, weighted
) -> None:
    assert recoverable(protected, people, questionnaire, BY, parents, weighted) == set()


def test_100_minus_visible_never_isolates_one_cell(protected) -> None:
    single = protected[~protected["indicator"].isin(MULTI)]
    hidden = single["status"].isin(SUPPRESSED).groupby([single["indicator"], single["group"]]).sum()
    assert not (hidden == 1).any()


@pytest.mark.parametrize("threshold", [3, 10])
def test_other_thresholds_also_protect(raw, people, questionnaire, parents, threshold) -> None:
    out = apply_disclosure(raw, DisclosureRules(threshold=threshold), multi=MULTI, parents=parents)
    shown = out[(out["status"] == "") & out["value"].notna()]
    assert (shown["n"] >= threshold).all()
    assert recoverable(out, people, questionnaire, BY, parents) == set()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_national_size_synthetic_data_is_protected(questionnaire, seed) -> None:
    people = respondents(n=1255, kommuner=98, seed=seed)
    parents = group_parents(people, BY)
    raw = aggregate_respondents(people, questionnaire, by=BY)
    out = apply_disclosure(raw, DisclosureRules(min_count=3), multi=MULTI, parents=parents)
    shown = out[(out["status"] == "") & out["value"].notna()]
    assert (shown["n"] >= 5).all()
    assert recoverable(out, people, questionnaire, BY, parents) == set()
    assert recoverable(out, people, questionnaire, BY, parents, weighted=False) == set()


def test_nested_relation_gets_a_sibling_complement() -> None:
    # region r1 = kommuner a + b; only kommune a is small → its sibling b, not c, goes too
    frame = _frame(
        [
            ("m", "x", "Alle", 50.0, 60, 30),
            ("m", "x", "region=r1", 50.0, 30, 15),
            ("m", "x", "region=r2", 50.0, 30, 15),
            ("m", "x", "kommune=a", 50.0, 4, 2),
            ("m", "x", "kommune=b", 50.0, 26, 13),
            ("m", "x", "kommune=c", 50.0, 10, 5),
            ("m", "x", "kommune=d", 50.0, 20, 10),
        ]
    )
    parents = {
        "kommune=a": ("region=r1",),
        "kommune=b": ("region=r1",),
        "kommune=c": ("region=r2",),
        "kommune=d": ("region=r2",),
    }
    out = apply_disclosure(frame, multi=["m"], parents=parents).set_index("group")["status"]
    assert out["kommune=a"] == "primary"
    assert out["kommune=b"] == "secondary"
    assert out["kommune=c"] == ""


def _frame(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["indicator", "category", "group", "value", "n", "count"])
    frame["count"] = frame["count"].astype("Int64")
    return frame


def test_row_complement_is_the_smallest_nonempty_category() -> None:
    frame = _frame(
        [
            ("q", "a", "Alle", 70.0, 100, 70),
            ("q", "b", "Alle", 27.0, 100, 27),
            ("q", "c", "Alle", 3.0, 100, 3),
            ("q", "d", "Alle", 0.0, 100, 0),
        ]
    )
    out = apply_disclosure(frame)
    assert list(out["status"]) == ["", "secondary", "primary", ""]


def test_small_group_gets_a_complementary_group() -> None:
    frame = _frame(
        [
            ("q", "a", "Alle", 60.0, 50, 30),
            ("q", "b", "Alle", 40.0, 50, 20),
            ("q", "a", "s=x", 50.0, 4, 2),
            ("q", "b", "s=x", 50.0, 4, 2),
            ("q", "a", "s=y", 60.0, 30, 18),
            ("q", "b", "s=y", 40.0, 30, 12),
            ("q", "a", "s=z", 62.5, 16, 10),
            ("q", "b", "s=z", 37.5, 16, 6),
        ]
    )
    out = apply_disclosure(frame).set_index("group")["status"]
    assert list(out["s=x"]) == ["primary", "primary"]
    assert list(out["s=z"]) == ["secondary", "secondary"]
    assert list(out["s=y"]) == ["", ""]
    assert list(out["Alle"]) == ["", ""]


def test_multi_items_have_no_row_relation() -> None:
    frame = _frame([("m", "a", "Alle", 3.0, 100, 3), ("m", "b", "Alle", 40.0, 100, 40)])
    assert list(apply_disclosure(frame, multi=["m"])["status"]) == ["primary", ""]
    assert list(apply_disclosure(frame)["status"]) == ["primary", "secondary"]


def test_everybody_but_few_is_suppressed() -> None:
    frame = _frame([("m", "a", "Alle", 98.0, 100, 98)])
    assert list(apply_disclosure(frame, multi=["m"])["status"]) == ["primary"]


def test_dominance_uses_top_share() -> None:
    frame = _frame([("m", "a", "Alle", 30.0, 100, 30)]).assign(top_share=[62.0])
    assert list(apply_disclosure(frame, multi=["m"])["status"]) == ["primary"]
    lenient = DisclosureRules(dominance=0.7)
    assert list(apply_disclosure(frame, lenient, multi=["m"])["status"]) == [""]


def test_results_without_counts_use_the_group_threshold() -> None:
    frame = _frame([("q", "a", "Alle", 50.0, 4, 2)]).drop(columns="count")
    assert list(apply_disclosure(frame, multi=["q"])["status"]) == ["primary"]


def test_applying_twice_changes_nothing(protected) -> None:
    again = apply_disclosure(protected, multi=MULTI)
    pd.testing.assert_frame_equal(again, protected)


@pytest.mark.parametrize(
    "kwargs",
    [{"threshold": 0}, {"threshold": 2.5}, {"min_count": -1}, {"dominance": 0}, {"dominance": 1.5}],
)
def test_rules_are_validated(kwargs) -> None:
    with pytest.raises(UsageError, match="disclosure"):
        DisclosureRules(**kwargs)


def test_legend_lists_only_used_symbols() -> None:
    assert legend([""]) == []
    lines = legend(["", "primary"], DisclosureRules(threshold=10))
    assert len(lines) == 1
    assert lines[0].startswith(SYMBOLS["primary"] + " ")
    assert "færre end 10" in lines[0]
    both = legend(["secondary", "primary"])
    assert [line.split(" ")[0] for line in both] == [SYMBOLS["primary"], SYMBOLS["secondary"]]


PROJECT = Path(__file__).resolve().parents[2] / "data" / "innovationsbarometeret"


def test_project_respondents_per_kommune_are_protected() -> None:
    q = load_questionnaire(PROJECT / "questionnaire.yaml")
    by = list(q.segments)
    people = load_respondents(PROJECT / "respondents.csv", q, by=by)
    parents = group_parents(people, by)
    multi = [i for i, item in q.items.items() if item.type == "multi"]
    raw = aggregate_respondents(people, q, by)
    out = apply_disclosure(raw, multi=multi, parents=parents)
    shown = out[(out["status"] == "") & out["value"].notna()]
    assert (shown["n"] >= 5).all()
    assert out.loc[out["n"] == 0, "value"].isna().all()
    assert out["group"].str.startswith("kommune=").any()
    sample = sorted(q.items)[::5]  # the full audit takes ~25 s; every fifth item here
    part = out[out["indicator"].isin(sample)]
    assert part["status"].eq("secondary").any()
    assert recoverable(part, people, q, by, parents) == set()


def test_groups_nobody_answered_are_missing_not_suppressed(questionnaire) -> None:
    people = respondents(n=200, kommuner=6, seed=5)
    k05 = people["kommune"] == "K05"
    people.loc[k05, "innovation"] = "nej"
    for column in [
        "kultur",
        "samarbejde__borgere",
        "samarbejde__virksomheder",
        "samarbejde__andre",
    ]:
        people.loc[k05, column] = ""
    raw = aggregate_respondents(people, questionnaire, by=BY)
    out = apply_disclosure(raw, multi=MULTI, parents=group_parents(people, BY))
    empty = out[(out["group"] == "kommune=K05") & (out["indicator"] == "kultur")]
    assert len(empty) == 5
    assert (empty["n"] == 0).all()
    assert (empty["status"] == "").all()
    assert empty["value"].isna().all()
