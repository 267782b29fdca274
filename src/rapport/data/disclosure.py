"""Tidy results → disclosure-controlled tidy results (small cells and their complements blanked).

A *cell* is one row of the tidy results: indicator × category × group. The
rules, with ``T`` = ``threshold`` (default 5), ``m`` = ``min_count`` (default T)
and ``d`` = ``dominance`` (default 0,5):

**Primary suppression** (status ``primary``). A visible cell is suppressed when

1. its group's unweighted base is too small: ``0 < n < T`` (all categories of
   that indicator × group go; n = 0 means no data and is shown as missing); or
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
  group. Likewise the groups of a nested variable inside one parent group
  combine to the parent (``kommune`` within ``region``; pass ``parents``, which
  :func:`~rapport.data.aggregate.group_parents` finds in the respondent data).
  When exactly one cell of such a relation is hidden for an indicator ×
  category, the visible part with the smallest n is hidden as well (ties by
  name; the total only when no part is visible). Because n is the same for all
  categories of an indicator × group, the same complementary group is chosen
  for every category, which keeps the row relation protected.

The relations are repaired narrowest first (rows, then nested totals, then
Alle), and the whole is repeated until nothing changes. Cells without a value
(but n > 0) count as hidden; cells with n = 0 take part in no relation.
Suppressed cells keep ``n`` but lose ``value``, ``ci_low``, ``ci_high``, ``count``
and ``top_share``.

Limitations: "never exactly one hidden cell per relation" is a heuristic, not a
proof; chains of relations could in principle still pin a cell down. The tests
therefore run an attacker's audit (linear algebra over all relations above, on
values with known group weights and on counts) on synthetic data and on the
project's respondent file and find no recoverable cell. The rules do not bound
how narrow an interval a reader could derive, and cross-tabulations of two
variables (e.g. sektor × størrelse) are not modelled.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import UsageError
from ..groups import TOTAL_GROUP
from ..phrases import phrases

if TYPE_CHECKING:  # imported where the rules run: the symbols and legend need neither
    import numpy as np
    import pandas as pd

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
                raise UsageError(
                    f"disclosure {name} must be a whole number ≥ 1, not {value!r}",
                    hint="the usual threshold is 5 respondents",
                )
        if self.dominance is not None and not 0 < self.dominance <= 1:
            raise UsageError(
                f"disclosure dominance must lie in (0, 1], not {self.dominance!r}",
                hint="0.5 means: no single respondent may carry more than half",
            )

    @property
    def cell_minimum(self) -> int:
        """The minimum number of respondents in (and outside) a category."""
        return self.threshold if self.min_count is None else self.min_count


def apply_disclosure(
    frame: pd.DataFrame,
    rules: DisclosureRules | None = None,
    *,
    multi: Collection[str] = (),
    parents: Mapping[str, Sequence[str]] | None = None,
) -> pd.DataFrame:
    """Primary and secondary suppression of a tidy results frame.

    ``multi`` names multiple-choice indicators; all others are treated as
    single-choice (categories sum to 100 %), the safe default. ``parents`` maps
    a group to the groups of coarser variables it lies within, e.g.
    ``{"kommune=Aarhus": ("region=midtjylland",)}`` (see
    :func:`rapport.data.aggregate.group_parents`); each parent and its
    children then form one more protected relation.
    """
    rules = rules or DisclosureRules()
    out = frame.reset_index(drop=True).copy()
    if "status" not in out:
        out["status"] = ""
    out["status"] = out["status"].fillna("").astype(object)
    primary = primary_mask(out, rules) & (out["status"] == "").to_numpy()
    out.loc[primary, "status"] = "primary"
    _secondary(out, multi, parents or {})
    hidden = out["status"].isin(["primary", "secondary"])
    for column in _BLANKED:
        if column in out:
            out[column] = out[column].mask(hidden)
    return out


def primary_mask(frame: pd.DataFrame, rules: DisclosureRules) -> np.ndarray:
    """Rows that fail a primary rule (regardless of their current status)."""
    import numpy as np

    n = frame["n"].to_numpy(float)
    mask: np.ndarray = (n > 0) & (n < rules.threshold)
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


def _links(
    frame: pd.DataFrame, multi: Collection[str], parents: Mapping[str, Sequence[str]]
) -> pd.DataFrame:
    """(relation key, row) for every linear relation a reader knows, sorted.

    Rows of one key form one relation; within a key, earlier rows are hidden first.
    """
    import numpy as np
    import pandas as pd

    count = frame["count"] if "count" in frame else frame["value"]
    count = count.astype(float).fillna(0.0)
    rows = pd.DataFrame(
        {
            "row": np.arange(len(frame)),
            "indicator": frame["indicator"],
            "category": frame["category"],
            "group": frame["group"],
            "n": frame["n"].astype(float),
            "count": count,
        }
    )
    rows = rows[rows["n"] > 0]  # a group nobody answered adds nothing to any total
    within = rows[~rows["indicator"].isin(list(multi))]
    within = within.assign(
        key="R|" + within["indicator"] + "|" + within["group"],
        rank=0,
        p1=(within["count"] == 0).astype(int),
        p2=within["count"],
        p3=within["row"].map("{:09d}".format),
    )
    across = rows.merge(_relation_sets(rows["group"], parents), on="group")
    across = across.assign(
        key="C|" + across["indicator"] + "|" + across["category"] + "|" + across["set"],
        rank=np.where(across["nested"], 1, 2),
        p1=across["total"].astype(int),
        p2=across["n"],
        p3=across["group"],
    )
    links = pd.concat([within, across], ignore_index=True)
    return links.sort_values(["key", "p1", "p2", "p3"], kind="stable")[["key", "row", "rank"]]


def _relation_sets(groups: pd.Series, parents: Mapping[str, Sequence[str]]) -> pd.DataFrame:
    """Groups → the additive relations they belong to (one total plus its parts each).

    Every variable's groups add up to Alle; a nested variable's groups inside one
    parent group add up to that parent.
    """
    import pandas as pd

    names = sorted(set(groups) - {TOTAL_GROUP})
    entries = [(g.split("=", 1)[0], g, False, False) for g in names]
    entries += [(v, TOTAL_GROUP, True, False) for v in sorted({e[0] for e in entries})]
    nested = sorted({(g.split("=", 1)[0], p) for g in names for p in parents.get(g, ())})
    entries += [(f"{v}<{p}", p, True, True) for v, p in nested]
    entries += [
        (f"{g.split('=', 1)[0]}<{p}", g, False, True) for g in names for p in parents.get(g, ())
    ]
    columns = ["set", "group", "total", "nested"]
    return pd.DataFrame(entries, columns=columns).drop_duplicates()


def _secondary(
    out: pd.DataFrame, multi: Collection[str], parents: Mapping[str, Sequence[str]]
) -> None:
    import pandas as pd

    links = _links(out, multi, parents)
    keys = links["key"].to_numpy()
    rows = links["row"].to_numpy()
    # rows first, then nested totals, then Alle: a complement chosen for a narrower
    # relation often also protects the wider one, so the wider one needs no extra cell
    rank = links["rank"].to_numpy()
    hidden = (out["status"] != "").to_numpy() | out["value"].isna().to_numpy()
    while True:
        in_key = pd.Series(hidden[rows]).groupby(keys).transform("sum").to_numpy()
        candidates = (in_key == 1) & ~hidden[rows]
        if candidates.any():
            candidates &= rank == rank[candidates].min()
        chosen = pd.Series(rows[candidates]).groupby(keys[candidates]).first().to_numpy()
        if chosen.size == 0:
            return
        hidden[chosen] = True
        out.loc[chosen, "status"] = "secondary"


def legend(
    statuses_used: Iterable[str], rules: DisclosureRules | None = None, language: str = "da"
) -> list[str]:
    """Legend lines for the suppression symbols actually used (primary first), in
    ``language`` (the phrase file's ``disclosure`` section)."""
    rules = rules or DisclosureRules()
    words = phrases(language)["disclosure"]
    fill = {"threshold": rules.threshold, "minimum": rules.cell_minimum}
    return [
        words[status].format(symbol=SYMBOLS[status], **fill)
        for status in ("primary", "secondary")
        if status in set(statuses_used)
    ]
