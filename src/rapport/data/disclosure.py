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
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(relation, row, rank) for every linear relation a reader knows, sorted by relation.

    Rows of one relation are adjacent; within one, earlier rows are hidden first: in a
    row relation non-empty categories, then fewer respondents, then earlier rows; across
    groups the parts before the total, then smaller n, then the group's name.
    """
    import numpy as np
    import pandas as pd

    count = frame["count"] if "count" in frame else frame["value"]
    counts = count.astype(float).fillna(0.0).to_numpy(float)
    n = frame["n"].astype(float).to_numpy(float, na_value=np.nan)
    rows = np.flatnonzero(n > 0)  # a group nobody answered adds nothing to any total
    indicator, indicators = pd.factorize(frame["indicator"].to_numpy(object)[rows])
    category, _ = pd.factorize(frame["category"].to_numpy(object)[rows])
    group, groups = pd.factorize(frame["group"].to_numpy(object)[rows])
    single = ~np.isin(indicators, list(multi))[indicator]
    within = (
        2 * (indicator * len(groups) + group)[single],
        rows[single],
        np.zeros(single.sum(), dtype=np.int64),
        (counts[rows] == 0)[single].astype(np.int64),
        counts[rows][single],
        rows[single],
    )
    across = _across(rows, indicator, category, group, list(groups), n, parents)
    key, row, rank, *order = (np.concatenate(parts) for parts in zip(within, across, strict=True))
    sort = np.lexsort((order[2], order[1], order[0], key))
    return key[sort], row[sort], rank[sort]


def _across(
    rows: np.ndarray,
    indicator: np.ndarray,
    category: np.ndarray,
    group: np.ndarray,
    groups: list[str],
    n: np.ndarray,
    parents: Mapping[str, Sequence[str]],
) -> tuple[np.ndarray, ...]:
    """Links of the relations across groups, each row once per relation its group is in
    (see :func:`_links`): (key, row, rank, total, n, the group's place by name)."""
    import numpy as np

    sets = _relation_sets(groups, parents)
    names = sorted({name for name, _, _, _ in sets})
    of = np.array([groups.index(g) for _, g, _, _ in sets], dtype=np.int64)
    member = np.argsort(of, kind="stable")  # the sets of each group, in order
    per_group = np.bincount(of, minlength=len(groups))
    first = np.r_[0, np.cumsum(per_group)[:-1]]
    times = per_group[group]
    link = np.repeat(np.arange(rows.size), times)
    within_group = np.arange(link.size) - np.repeat(np.cumsum(times) - times, times)
    entry = member[first[group[link]] + within_group]
    set_id = np.array([names.index(name) for name, _, _, _ in sets], dtype=np.int64)[entry]
    total = np.array([t for _, _, t, _ in sets], dtype=np.int64)[entry]
    nested = np.array([d for _, _, _, d in sets], dtype=bool)[entry]
    by_name = np.argsort(np.argsort(np.array(groups, dtype=object), kind="stable"))
    cells = (indicator[link] * (category.max(initial=0) + 1) + category[link]) * len(names)
    return (
        2 * (cells + set_id) + 1,
        rows[link],
        np.where(nested, 1, 2),
        total,
        n[rows][link],
        by_name[group[link]],
    )


def _relation_sets(
    groups: Sequence[str], parents: Mapping[str, Sequence[str]]
) -> list[tuple[str, str, bool, bool]]:
    """Groups → the additive relations they belong to (one total plus its parts each), as
    (relation, group, is the total, nested).

    Every variable's groups add up to Alle; a nested variable's groups inside one
    parent group add up to that parent. Only relations with a member in ``groups``.
    """
    names = sorted(set(groups) - {TOTAL_GROUP})
    entries = [(g.split("=", 1)[0], g, False, False) for g in names]
    entries += [(v, TOTAL_GROUP, True, False) for v in sorted({e[0] for e in entries})]
    nested = sorted({(g.split("=", 1)[0], p) for g in names for p in parents.get(g, ())})
    entries += [(f"{v}<{p}", p, True, True) for v, p in nested]
    entries += [
        (f"{g.split('=', 1)[0]}<{p}", g, False, True) for g in names for p in parents.get(g, ())
    ]
    present = set(groups)
    return [entry for entry in dict.fromkeys(entries) if entry[1] in present]


def _secondary(
    out: pd.DataFrame, multi: Collection[str], parents: Mapping[str, Sequence[str]]
) -> None:
    import numpy as np

    key, rows, rank = _links(out, multi, parents)
    if key.size == 0:
        return
    relation = np.cumsum(np.r_[True, key[1:] != key[:-1]]) - 1
    # rows first, then nested totals, then Alle: a complement chosen for a narrower
    # relation often also protects the wider one, so the wider one needs no extra cell
    hidden = (out["status"] != "").to_numpy() | out["value"].isna().to_numpy()
    while True:
        in_relation = np.bincount(relation, weights=hidden[rows])[relation]
        candidates = (in_relation == 1) & ~hidden[rows]
        if candidates.any():
            candidates &= rank == rank[candidates].min()
        at = np.flatnonzero(candidates)  # the first candidate of each relation
        chosen = rows[at[np.r_[True, relation[at][1:] != relation[at][:-1]]]] if at.size else at
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
