"""Tidy results → disclosure-controlled tidy results (small cells and their complements blanked).

A *cell* is one row of the tidy results: indicator × category × group. The
rules, with ``T`` = ``threshold`` (default 5), ``m`` = ``min_count`` (default T)
and ``d`` = ``dominance`` (default 0,5):

**Primary suppression** (status ``primary``). A visible cell is suppressed when

1. its group's unweighted base is too small: ``n < T`` (all categories of that
   indicator × group go); or
2. few respondents are in the category: ``0 < count < m``; or
3. few respondents are *outside* it: ``0 < n − count < m`` ("everybody but k"
   would reveal the k); or
4. one respondent dominates it: the heaviest weight in the category carries
   more than ``d`` of the category's weighted total (``top_share > 100·d``).

A count of 0 (nobody in the group chose the category) is not suppressed.
Rules 2–4 need the ``count`` and ``top_share`` columns that ``rapport aggregate``
writes; for results files without them only rule 1 applies.

**Secondary suppression** (status ``secondary``) makes sure no suppressed value
can be worked out from published ones. Two kinds of linear relation are known
to a reader, and in each no relation may contain exactly one hidden cell:

* *Within a row*: the categories of a single-choice or Likert item sum to 100 %
  in each group (and their counts to n). When exactly one is hidden, the
  visible category with the fewest respondents (non-empty categories first) is
  hidden as well. Multiple-choice items have no such relation.
* *Across groups*: for each variable (``sektor``, ``kommune`` …) the weighted
  group values combine to the total ``Alle`` (and the counts add up to Alle's
  count), so a reader who knows the group weights can solve for one hidden
  group. When exactly one of {Alle, the variable's groups} is hidden for an
  indicator × category, the visible group with the smallest n is hidden as
  well (ties by name; Alle only when no other group is visible). Because n is
  the same for all categories of an indicator × group, the same complementary
  group is chosen for every category, which keeps the row relation protected.

Both steps are repeated until nothing changes. Cells without a value count as
hidden. Suppressed cells keep ``n`` but lose ``value``, ``ci_low``, ``ci_high``,
``count`` and ``top_share``.

Limitations: nested breakdowns (e.g. ``kommune`` within ``sektor=kommunal``) are
protected against Alle, and against their parent group only as far as the
"never exactly one hidden" rule also covers it; published tables that combine
two variables (cross-tabulations) are not modelled.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import UsageError
from .results import TOTAL_GROUP

SYMBOLS = {"primary": "..", "secondary": "(..)"}
_BLANKED = ("value", "ci_low", "ci_high", "count", "top_share")


@dataclass(frozen=True)
class DisclosureRules:
    """Thresholds for disclosure control (see the module docstring)."""

    threshold: int = 5
    min_count: int | None = None
    dominance: float | None = 0.5

    def __post_init__(self) -> None:
        for name in ("threshold", "min_count"):
            value = getattr(self, name)
            if value is None and name == "min_count":
                continue
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise UsageError(f"disclosure {name} must be a whole number ≥ 1, not {value!r}",
                                 hint="the usual threshold is 5 respondents")
        if self.dominance is not None and not 0 < self.dominance <= 1:
            raise UsageError(f"disclosure dominance must lie in (0, 1], not {self.dominance!r}",
                             hint="0.5 means: no single respondent may carry more than half")

    @property
    def cell_minimum(self) -> int:
        """The minimum number of respondents in (and outside) a category."""
        return self.threshold if self.min_count is None else self.min_count


def apply_disclosure(frame: pd.DataFrame, rules: DisclosureRules | None = None, *,
                     multi: Collection[str] = ()) -> pd.DataFrame:
    """Primary and secondary suppression; ``multi`` names multiple-choice indicators.

    Indicators not named in ``multi`` are treated as single-choice (their
    categories sum to 100 %), which is the safe default.
    """
    rules = rules or DisclosureRules()
    out = frame.reset_index(drop=True).copy()
    if "status" not in out:
        out["status"] = ""
    out["status"] = out["status"].fillna("").astype(object)
    primary = primary_mask(out, rules) & (out["status"] == "").to_numpy()
    out.loc[primary, "status"] = "primary"
    _secondary(out, multi)
    hidden = out["status"].isin(["primary", "secondary"])
    for column in _BLANKED:
        if column in out:
            out[column] = out[column].mask(hidden)
    return out


def primary_mask(frame: pd.DataFrame, rules: DisclosureRules) -> np.ndarray:
    """Rows that fail a primary rule (regardless of their current status)."""
    n = frame["n"].to_numpy(float)
    mask = n < rules.threshold
    if "count" in frame:
        count = frame["count"].to_numpy(float, na_value=np.nan)
        m = rules.cell_minimum
        with np.errstate(invalid="ignore"):
            mask |= (count > 0) & (count < m)
            mask |= (n - count > 0) & (n - count < m)
    if "top_share" in frame and rules.dominance is not None:
        with np.errstate(invalid="ignore"):
            mask |= frame["top_share"].to_numpy(float, na_value=np.nan) > 100 * rules.dominance
    return mask


def _links(frame: pd.DataFrame, multi: Collection[str]) -> pd.DataFrame:
    """(relation key, row) for every linear relation a reader knows, sorted.

    Rows of one key form one relation; within a key, earlier rows are hidden first.
    """
    variable = frame["group"].str.split("=", n=1).str[0].where(frame["group"] != TOTAL_GROUP)
    count = frame["count"] if "count" in frame else frame["value"]
    count = count.astype(float).fillna(0.0)
    rows = pd.DataFrame({
        "row": np.arange(len(frame)), "indicator": frame["indicator"],
        "category": frame["category"], "group": frame["group"], "var": variable,
        "n": frame["n"].astype(float), "count": count,
    })
    within = rows[~rows["indicator"].isin(list(multi))]
    within = within.assign(key="R|" + within["indicator"] + "|" + within["group"],
                           p1=(within["count"] == 0).astype(int), p2=within["count"],
                           p3=within["row"].map("{:09d}".format))
    links = pd.concat([within, _across(rows)], ignore_index=True)
    return links.sort_values(["key", "p1", "p2", "p3"], kind="stable")[["key", "row"]]


def _across(rows: pd.DataFrame) -> pd.DataFrame:
    groups = rows[rows["var"].notna()]
    pairs = groups[["indicator", "var"]].drop_duplicates()
    totals = rows[rows["var"].isna()].drop(columns="var").merge(pairs, on="indicator")
    both = pd.concat([groups, totals], ignore_index=True)
    both["key"] = "C|" + both["indicator"] + "|" + both["category"] + "|" + both["var"]
    return both.assign(p1=(both["group"] == TOTAL_GROUP).astype(int), p2=both["n"],
                       p3=both["group"])


def _secondary(out: pd.DataFrame, multi: Collection[str]) -> None:
    links = _links(out, multi)
    keys = links["key"].to_numpy()
    rows = links["row"].to_numpy()
    hidden = (out["status"] != "").to_numpy() | out["value"].isna().to_numpy()
    while True:
        in_key = pd.Series(hidden[rows]).groupby(keys).transform("sum").to_numpy()
        candidates = (in_key == 1) & ~hidden[rows]
        chosen = pd.Series(rows[candidates]).groupby(keys[candidates]).first().to_numpy()
        if chosen.size == 0:
            return
        hidden[chosen] = True
        out.loc[chosen, "status"] = "secondary"


def legend(statuses_used: Iterable[str], rules: DisclosureRules | None = None) -> list[str]:
    """Danish legend lines for the suppression symbols actually used (primary first)."""
    rules = rules or DisclosureRules()
    used = set(statuses_used)
    lines = []
    if "primary" in used:
        lines.append(f"{SYMBOLS['primary']} Diskretioneret: tallet bygger på for få besvarelser "
                     f"(færre end {rules.threshold} i gruppen eller "
                     f"{rules.cell_minimum} i svarkategorien) eller er domineret af én "
                     "besvarelse og vises ikke af hensyn til fortroligheden.")
    if "secondary" in used:
        lines.append(f"{SYMBOLS['secondary']} Diskretioneret, for at et andet diskretioneret tal "
                     "ikke kan regnes ud fra totaler og de øvrige tal.")
    return lines
