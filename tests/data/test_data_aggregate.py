"""Weighted shares, intervals and group tests against independent calculations."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint, proportions_ztest
from statsmodels.stats.weightstats import DescrStatsW

from rapport.data.aggregate import aggregate_respondents, compare_groups
from rapport.data.io import write_table
from rapport.data.respondents import load_respondents, validate_respondents
from rapport.data.results import ResultStore, validate_results
from rapport.data.stats import effective_n, two_proportion_z, wilson_interval
from rapport.errors import DataError


@pytest.fixture(scope="module")
def results(people, questionnaire) -> pd.DataFrame:
    return aggregate_respondents(people, questionnaire, by=["sektor", "kommune"])


def _reference(people: pd.DataFrame, mask: np.ndarray, hit: np.ndarray) -> dict[str, float]:
    """Share, n, n_eff and Wilson bounds computed with statsmodels on the raw rows."""
    w = people["vaegt"].to_numpy(float)[mask]
    x = hit[mask].astype(float)
    share = DescrStatsW(x, weights=w).mean
    n_eff = w.sum() ** 2 / (w**2).sum()
    low, high = proportion_confint(share * n_eff, n_eff, alpha=0.05, method="wilson")
    return {"value": 100 * share, "n": int(mask.sum()), "ci_low": 100 * low, "ci_high": 100 * high}


CASES = [
    ("innovation", "ja", "Alle"),
    ("innovation", "nej", "sektor=statslig"),
    ("kultur", "ved_ikke", "Alle"),
    ("kultur", "hoej", "sektor=regional"),
    ("kultur", "nogen", "kommune=K00"),
    ("samarbejde", "borgere", "Alle"),
    ("samarbejde", "andre", "sektor=kommunal"),
]


@pytest.mark.parametrize(("indicator", "category", "group"), CASES)
def test_cells_match_statsmodels(results, people, indicator, category, group) -> None:
    mask = np.ones(len(people), bool)
    if group != "Alle":
        var, value = group.split("=")
        mask &= (people[var] == value).to_numpy()
    if indicator == "samarbejde":
        column = people[f"samarbejde__{category}"]
        mask &= (column != "").to_numpy()
        hit = (column == "1").to_numpy()
    else:
        mask &= (people[indicator] != "").to_numpy()
        hit = (people[indicator] == category).to_numpy()
    expected = _reference(people, mask, hit)
    row = results.set_index(["indicator", "category", "group"]).loc[(indicator, category, group)]
    assert row["n"] == expected["n"]
    for key in ("value", "ci_low", "ci_high"):
        assert row[key] == pytest.approx(expected[key], abs=1e-9)


def test_hand_worked_example() -> None:
    # weights 1, 1, 2, 4; "ja" for the first and third: p = 3/8 and n_eff = 8²/22 = 2,909.
    # With z² = 3,8415: centre = (0,375 + 0,6603) / 2,3205 = 0,4461,
    # half-width = 1,96 · √(0,0806 + 0,1135) / 2,3205 = 0,3721 → (0,0741; 0,8182).
    w = np.array([1.0, 1.0, 2.0, 4.0])
    n_eff = effective_n(w.sum(), (w**2).sum())
    assert n_eff == pytest.approx(64 / 22)
    low, high = wilson_interval(np.array(3 / 8), n_eff)
    assert float(low) == pytest.approx(0.0741, abs=1e-4)
    assert float(high) == pytest.approx(0.8182, abs=1e-4)


def test_wilson_stays_inside_0_100_at_the_edges() -> None:
    low, high = wilson_interval(np.array([0.0, 1.0]), np.array([12.0, 12.0]))
    assert low[0] == 0.0
    assert high[1] == 1.0
    assert 0 < high[0] < 0.3
    assert 0.7 < low[1] < 1


def test_shares_of_single_items_sum_to_100(results) -> None:
    single = results[results["indicator"].isin(["innovation", "kultur"])]
    sums = single.groupby(["indicator", "group"])["value"].sum()
    assert np.allclose(sums.to_numpy(), 100.0)


def test_dont_know_is_its_own_category_in_the_denominator(results, questionnaire) -> None:
    kultur = results[(results["indicator"] == "kultur") & (results["group"] == "Alle")]
    assert list(kultur["category"]) == list(questionnaire.items["kultur"].options)
    assert kultur.loc[kultur["category"] == "ved_ikke", "label"].item() == "Ved ikke"
    assert kultur.loc[kultur["category"] == "ved_ikke", "value"].item() > 0


def test_base_is_routed_and_item_nonresponse_left_out(people, questionnaire) -> None:
    frame = people.copy()
    asked = frame.index[frame["innovation"] == "ja"]
    frame.loc[asked[:3], "kultur"] = ""  # three innovators skipped the question
    out = aggregate_respondents(frame, questionnaire)
    kultur = out[(out["indicator"] == "kultur")]
    assert set(kultur["n"]) == {len(asked) - 3}


def test_groups_order_and_labels(results) -> None:
    groups = list(dict.fromkeys(results["group"]))
    assert groups[:4] == ["Alle", "sektor=kommunal", "sektor=regional", "sektor=statslig"]
    assert all(g.startswith("kommune=K") for g in groups[4:])


def test_output_passes_the_results_contract(results) -> None:
    checked = validate_results(results)
    store = ResultStore(checked, name="synthetic")
    assert store.cell("innovation", "ja").n == 400


def test_two_proportion_z_matches_statsmodels() -> None:
    p1, n1, p2, n2 = 0.62, 143.7, 0.48, 88.2
    z, p_value = two_proportion_z(np.array([p1]), np.array([n1]), np.array([p2]), np.array([n2]))
    ref_z, ref_p = proportions_ztest([p1 * n1, p2 * n2], [n1, n2])
    assert float(z[0]) == pytest.approx(ref_z)
    assert float(p_value[0]) == pytest.approx(ref_p)


def test_compare_groups_against_rest(people, questionnaire) -> None:
    out = compare_groups(people, questionnaire, "sektor")
    row = out[
        (out["indicator"] == "innovation")
        & (out["category"] == "ja")
        & (out["group"] == "sektor=statslig")
    ].iloc[0]
    w = people["vaegt"].to_numpy(float)
    inside = (people["sektor"] == "statslig").to_numpy()
    yes = (people["innovation"] == "ja").to_numpy()
    shares, sizes = [], []
    for mask in (inside, ~inside):
        shares.append(np.average(yes[mask], weights=w[mask]))
        sizes.append(w[mask].sum() ** 2 / (w[mask] ** 2).sum())
    ref_z, ref_p = proportions_ztest([shares[0] * sizes[0], shares[1] * sizes[1]], sizes)
    assert row["other"] == "øvrige"
    assert row["z"] == pytest.approx(ref_z)
    assert row["p_value"] == pytest.approx(ref_p)
    assert row["significant"] == (ref_p < 0.05)
    assert "z-test" in row["test"]


def test_compare_groups_flags_a_real_difference(people, questionnaire) -> None:
    frame = people.copy()
    state = frame["sektor"] == "statslig"
    frame.loc[state, "innovation"] = "nej"
    for column in [c for c in frame.columns if c.startswith("samarbejde__")] + ["kultur"]:
        frame.loc[state, column] = ""
    out = compare_groups(frame, questionnaire, "sektor", against="kommunal")
    row = out[
        (out["indicator"] == "innovation")
        & (out["category"] == "ja")
        & (out["group"] == "sektor=statslig")
    ].iloc[0]
    assert row["other"] == "sektor=kommunal"
    assert bool(row["significant"])
    assert row["p_value"] < 1e-6


@pytest.mark.parametrize("suffix", [".xlsx", ".parquet", ".csv"])
def test_respondent_files_in_every_format_agree(
    tmp_path, people, questionnaire, results, suffix
) -> None:
    path = tmp_path / f"svar{suffix}"
    typed = people.copy()
    for column in [c for c in typed.columns if c.startswith("samarbejde__")]:
        typed[column] = pd.to_numeric(typed[column])  # 0/1 as numbers, NaN when not asked
    typed["id"] = typed["id"].astype(int)
    write_table(typed, path)
    loaded = load_respondents(path, questionnaire, by=["sektor", "kommune"])
    again = aggregate_respondents(loaded, questionnaire, by=["sektor", "kommune"])
    pd.testing.assert_frame_equal(again, results)


def test_unknown_by_on_a_validated_frame(people, questionnaire) -> None:
    checked = validate_respondents(people, questionnaire)
    with pytest.raises(DataError, match=r"breakdown variable 'sektr'.*did you mean 'sektor'"):
        aggregate_respondents(checked, questionnaire, by=["sektr"])


def test_codes_written_by_other_tools_count_as_the_codes(people, questionnaire) -> None:
    """'1.0', '1,0' and '01' in a multi column are the code '1'; cells already written as
    codes are left alone (and skip the number parsing)."""
    column = "samarbejde__borgere"
    odd = people.copy()
    text = odd[column].to_numpy(object).copy()
    ones = np.flatnonzero(text == "1")
    text[ones[0::3]], text[ones[1::3]], text[ones[2::3]] = "1.0", "01", "1.00"
    odd[column] = text
    plain = validate_respondents(people.copy(), questionnaire, by=["sektor"])
    again = validate_respondents(odd, questionnaire, by=["sektor"])
    assert again[column].tolist() == plain[column].tolist()
    assert aggregate_respondents(again, questionnaire, ["sektor"]).equals(
        aggregate_respondents(plain, questionnaire, ["sektor"])
    )


def test_tests_and_results_of_one_frame_equal_those_of_fresh_frames(people, questionnaire) -> None:
    """The results and the significance tests of one validated frame share its design
    matrices; they are the same as each made from a frame of its own."""
    shared = validate_respondents(people.copy(), questionnaire, by=["sektor", "kommune"])
    together = [
        aggregate_respondents(shared, questionnaire, ["sektor", "kommune"]),
        compare_groups(shared, questionnaire, "sektor"),
        compare_groups(shared, questionnaire, "kommune"),
    ]

    def fresh() -> pd.DataFrame:
        return validate_respondents(people.copy(), questionnaire, by=["sektor", "kommune"])

    alone = [
        aggregate_respondents(fresh(), questionnaire, ["sektor", "kommune"]),
        compare_groups(fresh(), questionnaire, "sektor"),
        compare_groups(fresh(), questionnaire, "kommune"),
    ]
    for mine, theirs in zip(together, alone, strict=True):
        pd.testing.assert_frame_equal(mine, theirs, check_exact=True)
