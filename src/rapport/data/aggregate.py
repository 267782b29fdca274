"""Respondents + questionnaire → tidy weighted results per item, category and group.

For every item, every category and every group (``Alle`` and ``<variable>=<value>``
for each value of each ``by`` variable):

* ``value`` — weighted share in percent: Σw over respondents in the category /
  Σw over respondents in the item's base who answered (``Ved ikke`` is an
  ordinary category in the denominator; for a multi item each option is "chosen"
  among those who answered the item).
* ``n`` — unweighted number of respondents in that denominator.
* ``ci_low``/``ci_high`` — 95 % Wilson interval on the Kish effective sample size
  n_eff = (Σw)²/Σw² of the denominator (see :mod:`rapport.data.stats`).
* ``count`` — unweighted respondents in the category; ``top_share`` — percent of
  the category's weighted total carried by its heaviest respondent. Both feed
  disclosure control (:mod:`rapport.data.disclosure`).

A group in which nobody answered an item still gets its rows, with n = 0 and
an empty value (shown as missing, not as suppressed). Everything is computed with a few
matrix products (groups × respondents · respondents × categories), taking the respondents
:data:`CHUNK` rows at a time so that memory stays flat for large files (a file of fewer
rows is one chunk).
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..errors import DataError
from ..groups import TOTAL_GROUP
from ..memo import Memo
from .disclosure import DisclosureRules, apply_disclosure
from .questionnaire import Item, Questionnaire
from .respondents import WEIGHT, base_mask, validate_respondents
from .stats import TEST_NAME, TEST_NAME_SRS, effective_n, two_proportion_z, wilson_interval

COLUMNS = (
    "indicator",
    "category",
    "group",
    "label",
    "value",
    "n",
    "ci_low",
    "ci_high",
    "status",
    "count",
    "top_share",
)
REST = "øvrige"
CHUNK = 20_000
"""Respondents summed at a time (bounds the respondents × categories matrices)."""


@dataclass(frozen=True)
class _Design:
    """Respondents × categories: ``hits`` (in the category) and ``valid`` (in the base)."""

    indicator: np.ndarray
    category: np.ndarray
    label: np.ndarray
    item_pos: np.ndarray
    cat_pos: np.ndarray
    hits: np.ndarray
    valid: np.ndarray


@dataclass(frozen=True)
class _Grouping:
    """Group labels and, per ``by`` variable, each respondent's value code (-1 = none)."""

    labels: tuple[str, ...]
    codes: tuple[tuple[np.ndarray, int], ...]

    def membership(self, rows: slice, count: int) -> np.ndarray:
        """Groups × the ``count`` respondents in ``rows``, 0/1 (Alle, then each value)."""
        parts = [np.ones((1, count))]
        for code, values in self.codes:
            parts.append((code[rows][None, :] == np.arange(values)[:, None]).astype(float))
        return np.vstack(parts)


@dataclass(frozen=True)
class _Sums:
    """Per group × category: Σw in category, Σw and Σw² in base, counts, heaviest weight."""

    hit_w: np.ndarray
    base_w: np.ndarray
    base_w2: np.ndarray
    n: np.ndarray
    count: np.ndarray
    top_w: np.ndarray


def aggregate_respondents(
    respondents: pd.DataFrame, questionnaire: Questionnaire, by: Sequence[str] = ()
) -> pd.DataFrame:
    """Weighted shares, n and 95 % intervals in the tidy results format (not yet protected)."""
    frame = validate_respondents(respondents, questionnaire, by=by)
    return _tidy(*_summed(frame, questionnaire, by))


def aggregate_disclosed(
    respondents: pd.DataFrame,
    questionnaire: Questionnaire,
    by: Sequence[str] = (),
    rules: DisclosureRules | None = None,
) -> pd.DataFrame:
    """:func:`aggregate_respondents` followed by :func:`apply_disclosure`, wired correctly.

    Passes the questionnaire's multiple-choice items and the nesting of the
    ``by`` variables (:func:`group_parents`) to disclosure control.
    """
    frame = validate_respondents(respondents, questionnaire, by=by)
    multi = [item.id for item in questionnaire.items.values() if item.type == "multi"]
    return apply_disclosure(
        aggregate_respondents(frame, questionnaire, by),
        rules,
        multi=multi,
        parents=group_parents(frame, by),
    )


def group_parents(respondents: pd.DataFrame, by: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """Groups of finer variables → the coarser groups they lie within (for disclosure).

    Variable A is nested in B when every value of A occurs with a single value of
    B and A has more values, e.g. ``kommune`` in ``region``:
    ``{"kommune=Aarhus": ("region=midtjylland",), …}``.
    """
    cells = {v: respondents[v].astype(str).to_numpy(object) for v in dict.fromkeys(by)}
    out: dict[str, list[str]] = {}
    for child in by:
        for parent in by:
            both = (cells[child] != "") & (cells[parent] != "")
            if child == parent or not both.any():
                continue
            pairs = dict.fromkeys(zip(cells[child][both], cells[parent][both], strict=True))
            below = {value for value, _ in pairs}
            if len(below) == len(pairs) and len(below) > len({above for _, above in pairs}):
                for value, above in pairs:
                    out.setdefault(f"{child}={value}", []).append(f"{parent}={above}")
    return {group: tuple(sorted(above)) for group, above in sorted(out.items())}


def _item_hits(frame: pd.DataFrame, item: Item, asked: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    if item.type == "multi":
        cells = frame[list(item.columns())].to_numpy(str)
        valid = asked[:, None] & (cells != "")
        return valid & (cells == "1"), valid
    answers = frame[item.id].to_numpy(str)
    valid = asked & (answers != "")
    hits = answers[:, None] == np.array(list(item.options), dtype=str)[None, :]
    return hits & valid[:, None], np.repeat(valid[:, None], len(item.options), axis=1)


def _design(frame: pd.DataFrame, q: Questionnaire) -> _Design:
    hits, valid, meta = [], [], []
    for i, item in enumerate(q.items.values()):
        h, v = _item_hits(frame, item, base_mask(frame, q.bases[item.base]))
        hits.append(h)
        valid.append(v)
        meta += [
            (item.id, code, label, i, j) for j, (code, label) in enumerate(item.options.items())
        ]
    if not meta:
        raise DataError("the questionnaire has no items", hint="add items under 'items:'")
    indicator, category, label, item_pos, cat_pos = (np.array(c) for c in zip(*meta, strict=True))
    return _Design(
        indicator,
        category,
        label,
        item_pos,
        cat_pos,
        hits=np.hstack(hits).astype(float),
        valid=np.hstack(valid).astype(float),
    )


_DESIGNS: Memo[tuple[int, int, int, int], tuple[weakref.ref[pd.DataFrame], Questionnaire, _Design]]
_DESIGNS = Memo("respondent designs", 4)


def _design_of(frame: pd.DataFrame, q: Questionnaire, rows: slice) -> _Design:
    """:func:`_design` of ``frame.iloc[rows]``, made once per validated frame (the results
    and every significance test of a source share it; a validated frame is not changed)."""
    key = (id(frame), id(q), rows.start, rows.stop)
    known = _DESIGNS.get(key)
    if known is not None and known[0]() is frame and known[1] is q:
        return known[2]
    design = _design(frame.iloc[rows], q)
    _DESIGNS.put(key, (weakref.ref(frame), q, design))
    return design


def _grouping(frame: pd.DataFrame, q: Questionnaire, by: Sequence[str]) -> _Grouping:
    labels = [TOTAL_GROUP]
    codes = []
    for variable in by:
        cells = frame[variable].astype(str)
        segment = q.segments.get(variable)
        present = sorted(set(cells) - {""})
        declared = [v for v in (segment.values if segment else {}) if v in present]
        values = declared + [v for v in present if v not in declared]
        code = pd.Index(values, dtype=object).get_indexer(cells.to_numpy(object))
        codes.append((code, len(values)))
        labels += [f"{variable}={v}" for v in values]
    return _Grouping(tuple(labels), tuple(codes))


def _summed(
    frame: pd.DataFrame, q: Questionnaire, by: Sequence[str]
) -> tuple[_Design, _Grouping, _Sums]:
    """Categories, groups and their sums, the respondents taken :data:`CHUNK` at a time."""
    grouping = _grouping(frame, q, by)
    weights = frame[WEIGHT].to_numpy(float)
    design, total = None, None
    for start in range(0, max(len(frame), 1), CHUNK):
        rows = slice(start, start + CHUNK)
        design = _design_of(frame, q, rows)
        part = _sums(design, weights[rows], grouping, rows)
        total = part if total is None else _added(total, part)
    assert design is not None
    assert total is not None
    return design, grouping, total


def _added(a: _Sums, b: _Sums) -> _Sums:
    return _Sums(
        a.hit_w + b.hit_w,
        a.base_w + b.base_w,
        a.base_w2 + b.base_w2,
        a.n + b.n,
        a.count + b.count,
        np.maximum(a.top_w, b.top_w),
    )


def _group_max(values: np.ndarray, grouping: _Grouping, rows: slice) -> np.ndarray:
    """Column maxima per group (Alle first, then each variable's values; 0 for a group
    without respondents in ``rows``)."""
    return _per_group(np.maximum, values, grouping, rows)


def _group_count(values: np.ndarray, grouping: _Grouping, rows: slice) -> np.ndarray:
    """Column sums of 0/1 ``values`` per group, like :func:`_group_max`: whole numbers,
    exact in any order, so no matrix product (and no BLAS thread) is needed."""
    return _per_group(np.add, values, grouping, rows)


def _per_group(op: np.ufunc, values: np.ndarray, grouping: _Grouping, rows: slice) -> np.ndarray:
    parts = [op.reduce(values, axis=0, keepdims=True)]
    for full, size in grouping.codes:
        code = full[rows]
        block = np.zeros((size, values.shape[1]))
        order = np.argsort(code, kind="stable")
        order = order[code[order] >= 0]
        if order.size:
            starts = np.flatnonzero(np.r_[True, np.diff(code[order]) != 0])
            block[code[order][starts]] = op.reduceat(values[order], starts, axis=0)
        parts.append(block)
    return np.vstack(parts)


def _sums(design: _Design, weights: np.ndarray, grouping: _Grouping, rows: slice) -> _Sums:
    h = grouping.membership(rows, len(weights))
    hit_w = design.hits * weights[:, None]
    base_w = design.valid * weights[:, None]
    return _Sums(
        hit_w=h @ hit_w,
        base_w=h @ base_w,
        base_w2=h @ (base_w * weights[:, None]),
        n=_group_count(design.valid, grouping, rows),
        count=_group_count(design.hits, grouping, rows),
        top_w=_group_max(hit_w, grouping, rows),
    )


def _share(hit_w: np.ndarray, base_w: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(base_w > 0, hit_w / np.where(base_w > 0, base_w, 1), np.nan)


def _tidy(design: _Design, grouping: _Grouping, sums: _Sums) -> pd.DataFrame:
    groups, cats = sums.n.shape
    p = _share(sums.hit_w, sums.base_w)
    low, high = wilson_interval(p, effective_n(sums.base_w, sums.base_w2))
    top = _share(sums.top_w, sums.hit_w)
    group_pos = np.repeat(np.arange(groups), cats)
    col = np.tile(np.arange(cats), groups)
    frame = pd.DataFrame(
        {
            "indicator": design.indicator[col],
            "category": design.category[col],
            "group": np.array(grouping.labels)[group_pos],
            "label": design.label[col],
            "value": 100 * p.ravel(),
            "n": np.rint(sums.n.ravel()).astype("int64"),
            "ci_low": 100 * low.ravel(),
            "ci_high": 100 * high.ravel(),
            "status": "",
            "count": np.rint(sums.count.ravel()).astype("int64"),
            "top_share": 100 * top.ravel(),
        }
    )
    order = np.lexsort((design.cat_pos[col], group_pos, design.item_pos[col]))
    frame = frame.iloc[order].reset_index(drop=True)
    frame["n"] = frame["n"].astype("Int64")
    frame["count"] = frame["count"].astype("Int64")
    return frame


def compare_groups(
    respondents: pd.DataFrame,
    questionnaire: Questionnaire,
    by: str,
    *,
    against: str | None = None,
    level: float = 0.05,
) -> pd.DataFrame:
    """Test each value of ``by`` against the rest (or against the value ``against``).

    One row per item × category × group with columns ``indicator``, ``category``,
    ``group``, ``other``, ``value``, ``other_value``, ``difference`` (percentage
    points), ``z``, ``p_value``, ``significant`` (p < ``level``) and ``test`` (the
    test's Danish name for figure notes). See :mod:`rapport.data.stats`.
    """
    frame = validate_respondents(respondents, questionnaire, by=[by])
    design, grouping, sums = _summed(frame, questionnaire, [by])
    labels = list(grouping.labels)
    if against is not None and f"{by}={against}" not in labels:
        raise DataError(
            f"{by}={against!r} is not a group in the data", hint=f"groups: {', '.join(labels[1:])}"
        )
    first, other = _pairs(sums, labels, by, against)
    return _comparison(design, labels, first, other, level)


def _pairs(
    sums: _Sums, labels: list[str], by: str, against: str | None
) -> tuple[tuple[np.ndarray, ...], tuple[np.ndarray, ...]]:
    """(group sums, other sums) as (Σw hit, Σw base, Σw² base, other label) per group."""
    fields = (sums.hit_w, sums.base_w, sums.base_w2)
    groups = slice(1, None)
    mine = tuple(f[groups] for f in fields)
    if against is None:
        other = tuple(f[:1] - f[groups] for f in fields)
        return (*mine, np.array(labels[1:])), (*other, np.full(len(labels) - 1, REST))
    k = labels.index(f"{by}={against}")
    other = tuple(np.broadcast_to(f[k : k + 1], mine[0].shape) for f in fields)
    return (*mine, np.array(labels[1:])), (*other, np.full(len(labels) - 1, labels[k]))


def _comparison(
    design: _Design, labels: list[str], first: tuple[Any, ...], other: tuple[Any, ...], level: float
) -> pd.DataFrame:
    p1, p2 = _share(first[0], first[1]), _share(other[0], other[1])
    n1, n2 = effective_n(first[1], first[2]), effective_n(other[1], other[2])
    z, p_value = two_proportion_z(p1, n1, p2, n2)
    groups, cats = p1.shape
    col = np.tile(np.arange(cats), groups)
    frame = pd.DataFrame(
        {
            "indicator": design.indicator[col],
            "category": design.category[col],
            "group": np.repeat(first[3], cats),
            "other": np.repeat(other[3], cats),
            "value": 100 * p1.ravel(),
            "other_value": 100 * p2.ravel(),
            "difference": 100 * (p1 - p2).ravel(),
            "z": z.ravel(),
            "p_value": p_value.ravel(),
        }
    )
    frame["significant"] = (frame["p_value"] < level).to_numpy(bool)
    frame["test"] = TEST_NAME
    frame = frame[frame["group"] != frame["other"]]
    return frame.dropna(subset=["value", "other_value"]).reset_index(drop=True)


def effective_sizes(
    respondents: pd.DataFrame, questionnaire: Questionnaire, by: Sequence[str] = ()
) -> pd.DataFrame:
    """Kish effective sample size of each item's base per group (``indicator``, ``group``,
    ``n_eff``): what a test between two editions uses instead of n."""
    frame = validate_respondents(respondents, questionnaire, by=by)
    design, grouping, sums = _summed(frame, questionnaire, by)
    n_eff = effective_n(sums.base_w, sums.base_w2)
    groups, cats = n_eff.shape
    out = pd.DataFrame(
        {
            "indicator": np.tile(design.indicator, groups),
            "group": np.repeat(np.array(grouping.labels), cats),
            "n_eff": n_eff.ravel(),
        }
    )
    return out.drop_duplicates(["indicator", "group"]).reset_index(drop=True)


def compare_results(results: pd.DataFrame, by: str, *, level: float = 0.05) -> pd.DataFrame:
    """Each group of ``by`` against the rest, from aggregated ``value`` and ``n`` alone.

    The rest is the whole population (``Alle``) minus the group: n_rest = n_Alle − n and
    p_rest = (p_Alle·n_Alle − p·n) / n_rest. Without respondents there are no weights, so
    the test takes the bases as simple random samples (effective n = n); the rows say
    so in ``test`` (:data:`rapport.data.stats.TEST_NAME_SRS`). Same columns as
    :func:`compare_groups`.
    """
    keys = ["indicator", "category"]
    total = results[results["group"] == TOTAL_GROUP][[*keys, "value", "n"]]
    groups = results[results["group"].str.startswith(f"{by}=")][[*keys, "group", "value", "n"]]
    both = groups.merge(total, on=keys, suffixes=("", "_all"))
    n1 = both["n"].to_numpy(float)
    n_all = both["n_all"].to_numpy(float)
    p1 = both["value"].to_numpy(float) / 100
    n2 = n_all - n1
    with np.errstate(invalid="ignore", divide="ignore"):
        p2 = np.where(
            n2 > 0, (both["value_all"].to_numpy(float) / 100 * n_all - p1 * n1) / n2, np.nan
        )
    p2 = np.where((p2 >= -1e-9) & (p2 <= 1 + 1e-9), np.clip(p2, 0, 1), np.nan)
    z, p_value = two_proportion_z(p1, n1, p2, n2)
    frame = pd.DataFrame(
        {
            "indicator": both["indicator"].to_numpy(),
            "category": both["category"].to_numpy(),
            "group": both["group"].to_numpy(),
            "other": REST,
            "value": 100 * p1,
            "other_value": 100 * p2,
            "difference": 100 * (p1 - p2),
            "z": z,
            "p_value": p_value,
        }
    )
    frame["significant"] = (frame["p_value"] < level).to_numpy(bool)
    frame["test"] = TEST_NAME_SRS
    return frame.dropna(subset=["value", "other_value"]).reset_index(drop=True)
