"""Disclosure control: thresholds hold, and suppressed cells cannot be recomputed."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from rapport.data.aggregate import aggregate_respondents
from rapport.data.disclosure import (
    SYMBOLS,
    DisclosureRules,
    apply_disclosure,
    legend,
    primary_mask,
)
from rapport.errors import UsageError

MULTI = ("samarbejde",)
SUPPRESSED = ("primary", "secondary")


@pytest.fixture(scope="module")
def raw(people, questionnaire) -> pd.DataFrame:
    return aggregate_respondents(people, questionnaire, by=["sektor", "kommune"])


@pytest.fixture(scope="module")
def protected(raw) -> pd.DataFrame:
    return apply_disclosure(raw, DisclosureRules(threshold=5), multi=MULTI)


def _weighted_bases(people: pd.DataFrame) -> dict[tuple[str, str, str], float]:
    """Σw of each indicator × category column's denominator, per group (Alle, sektor, kommune)."""
    w = people["vaegt"].astype(float)
    columns = {("innovation", None): "innovation", ("kultur", None): "kultur"}
    columns |= {("samarbejde", c): f"samarbejde__{c}" for c in ("borgere", "virksomheder", "andre")}
    out = {}
    for (indicator, category), column in columns.items():
        answered = people[column] != ""
        groups = {"Alle": answered}
        for var in ("sektor", "kommune"):
            for value in sorted(set(people[var]) - {""}):
                groups[f"{var}={value}"] = answered & (people[var] == value)
        for group, mask in groups.items():
            out[(indicator, category or "*", group)] = float(w[mask].sum())
    return out


def _equations(frame: pd.DataFrame, people: pd.DataFrame, weighted: bool) -> list[dict]:
    """Linear relations a reader knows: rows sum to 100 (or n); groups add up to totals."""
    bases = _weighted_bases(people)
    cells = frame.set_index(["indicator", "category", "group"])
    eqs: list[dict] = []
    for (indicator, group), part in frame.groupby(["indicator", "group"]):
        if indicator not in MULTI:
            eqs.append({(indicator, c, group): 1.0 for c in part["category"]})
    partitions = {"Alle": "sektor=", "sektor=kommunal": "kommune="}
    for (indicator, category), part in frame.groupby(["indicator", "category"]):
        cat = category if indicator in MULTI else "*"
        for total, prefix in partitions.items():
            members = [g for g in part["group"] if g.startswith(prefix)]
            if (indicator, category, total) not in cells.index or not members:
                continue
            def coef(g: str, cat: str = cat, indicator: str = indicator) -> float:
                return bases[(indicator, cat, g)] if weighted else 1.0
            eq = {(indicator, category, total): coef(total)}
            eq |= {(indicator, category, g): -coef(g) for g in members}
            eqs.append(eq)
    return eqs


def recoverable(frame: pd.DataFrame, people: pd.DataFrame, weighted: bool = True) -> set:
    """Hidden cells whose value is fixed by the visible cells and the known relations."""
    hidden = frame[frame["status"].isin(SUPPRESSED)]
    unknown = {key: i for i, key in enumerate(
        zip(hidden["indicator"], hidden["category"], hidden["group"], strict=True))}
    rows = []
    for eq in _equations(frame, people, weighted):
        row = np.zeros(len(unknown))
        for key, coef in eq.items():
            if key in unknown:
                row[unknown[key]] = coef
        if row.any():
            rows.append(row / np.abs(row).max())
    if not rows:
        return set()
    matrix = np.vstack(rows)
    _, s, vt = np.linalg.svd(matrix)
    rank = int((s > 1e-9 * s.max()).sum())
    null = vt[rank:].T
    keys = list(unknown)
    return {keys[i] for i in range(len(keys)) if np.linalg.norm(null[i]) < 1e-9}


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
    visible = protected[protected["status"] == ""]
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


def test_audit_finds_recoverable_cells_without_secondary_suppression(raw, people) -> None:
    only_primary = _hide(raw, primary_mask(raw, DisclosureRules()))
    assert recoverable(only_primary, people)


@pytest.mark.parametrize("weighted", [True, False], ids=["values", "counts"])
def test_suppressed_values_cannot_be_recomputed(protected, people, weighted) -> None:
    assert recoverable(protected, people, weighted) == set()


def test_100_minus_visible_never_isolates_one_cell(protected) -> None:
    single = protected[~protected["indicator"].isin(MULTI)]
    hidden = single["status"].isin(SUPPRESSED).groupby(
        [single["indicator"], single["group"]]).sum()
    assert not (hidden == 1).any()


@pytest.mark.parametrize("threshold", [3, 10])
def test_other_thresholds_also_protect(raw, people, threshold) -> None:
    out = apply_disclosure(raw, DisclosureRules(threshold=threshold), multi=MULTI)
    assert (out.loc[out["status"] == "", "n"] >= threshold).all()
    assert recoverable(out, people) == set()


def _frame(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["indicator", "category", "group", "value", "n", "count"])
    frame["count"] = frame["count"].astype("Int64")
    return frame


def test_row_complement_is_the_smallest_nonempty_category() -> None:
    frame = _frame([
        ("q", "a", "Alle", 70.0, 100, 70), ("q", "b", "Alle", 27.0, 100, 27),
        ("q", "c", "Alle", 3.0, 100, 3), ("q", "d", "Alle", 0.0, 100, 0),
    ])
    out = apply_disclosure(frame)
    assert list(out["status"]) == ["", "secondary", "primary", ""]


def test_small_group_gets_a_complementary_group() -> None:
    frame = _frame([
        ("q", "a", "Alle", 60.0, 50, 30), ("q", "b", "Alle", 40.0, 50, 20),
        ("q", "a", "s=x", 50.0, 4, 2), ("q", "b", "s=x", 50.0, 4, 2),
        ("q", "a", "s=y", 60.0, 30, 18), ("q", "b", "s=y", 40.0, 30, 12),
        ("q", "a", "s=z", 62.5, 16, 10), ("q", "b", "s=z", 37.5, 16, 6),
    ])
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


@pytest.mark.parametrize("kwargs", [{"threshold": 0}, {"threshold": 2.5}, {"min_count": -1},
                                    {"dominance": 0}, {"dominance": 1.5}])
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
