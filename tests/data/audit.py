"""An attacker's audit: which suppressed cells are fixed by published cells and known relations?

The relations a reader can use, written as linear equations in the hidden cells:

* single-choice/Likert rows: the categories of an indicator × group sum to 100 % (and
  their counts to n);
* group totals: for a total T (Alle, or a parent group such as a region) whose parts
  P (the groups of one variable inside T) cover it exactly,
  ``W_T · x_T = Σ_{g∈P} W_g · x_g`` with W the weighted base (the reader is assumed to
  know every group's weighted size); for counts, W = 1.

A hidden cell is *recoverable* when its unit vector lies in the row space of the
equations restricted to hidden cells, i.e. its row of the null-space basis is zero.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from rapport.data.questionnaire import Questionnaire
from rapport.data.respondents import base_mask

SUPPRESSED = ("primary", "secondary")
Key = tuple[str, str, str]


def _group_masks(people: pd.DataFrame, by: Sequence[str]) -> dict[str, np.ndarray]:
    masks = {"Alle": np.ones(len(people), bool)}
    for var in by:
        for value in sorted(set(people[var]) - {""}):
            masks[f"{var}={value}"] = (people[var] == value).to_numpy()
    return masks


def _answered(people: pd.DataFrame, q: Questionnaire, indicator: str, category: str) -> np.ndarray:
    item = q.items[indicator]
    column = f"{indicator}__{category}" if item.type == "multi" else indicator
    asked = base_mask(people, q.bases[item.base])
    return asked & (people[column].astype(str) != "").to_numpy()


def _relations(
    masks: Mapping[str, np.ndarray], by: Sequence[str], parents: Mapping[str, Sequence[str]]
) -> list[tuple[str, list[str]]]:
    """(total, parts) pairs whose parts exactly cover the total's respondents."""
    out = []
    for var in by:
        parts = [g for g in masks if g.startswith(f"{var}=")]
        out.append(("Alle", parts))
    for parent in sorted({p for ps in parents.values() for p in ps}):
        for var in by:
            parts = [g for g, ps in parents.items() if parent in ps and g.startswith(f"{var}=")]
            if parts:
                out.append((parent, parts))
    return [
        (t, ps)
        for t, ps in out
        if np.array_equal(masks[t], np.logical_or.reduce([masks[g] for g in ps]))
    ]


def _equations(
    part: pd.DataFrame,
    people: pd.DataFrame,
    q: Questionnaire,
    relations: list,
    masks: Mapping[str, np.ndarray],
    weighted: bool,
) -> list[dict]:
    indicator = part["indicator"].iloc[0]
    eqs: list[dict] = []
    if q.items[indicator].type != "multi":
        for group, rows in part.groupby("group"):
            eqs.append({(indicator, c, group): 1.0 for c in rows["category"]})
    weights = people["vaegt"].astype(float).to_numpy()
    present = set(zip(part["category"], part["group"], strict=True))
    for category in dict.fromkeys(part["category"]):
        answered = _answered(people, q, indicator, category)
        for total, parts in relations:
            groups = [g for g in [total, *parts] if (category, g) in present]
            if total not in groups:
                continue
            coef = {
                g: float(weights[answered & masks[g]].sum()) if weighted else 1.0 for g in groups
            }
            eq = {(indicator, category, total): coef[total]}
            eq |= {(indicator, category, g): -coef[g] for g in groups if g != total}
            eqs.append(eq)
    return eqs


def _determined(eqs: list[dict], unknown: list[Key]) -> set[Key]:
    index = {key: i for i, key in enumerate(unknown)}
    rows = []
    for eq in eqs:
        row = np.zeros(len(unknown))
        for key, coef in eq.items():
            if key in index:
                row[index[key]] = coef
        if row.any():
            rows.append(row / np.abs(row).max())
    if not rows:
        return set()
    _, s, vt = np.linalg.svd(np.vstack(rows))
    rank = int((s > 1e-9 * s.max()).sum())
    null = vt[rank:].T
    return {unknown[i] for i in range(len(unknown)) if np.linalg.norm(null[i]) < 1e-8}


def recoverable(
    frame: pd.DataFrame,
    people: pd.DataFrame,
    q: Questionnaire,
    by: Sequence[str],
    parents: Mapping[str, Sequence[str]] | None = None,
    weighted: bool = True,
) -> set[Key]:
    """Hidden cells whose value (or count, ``weighted=False``) a reader can solve for."""
    masks = _group_masks(people, by)
    relations = _relations(masks, by, parents or {})
    found: set[Key] = set()
    for _, part in frame.groupby("indicator", sort=True):
        hidden = part[part["status"].isin(SUPPRESSED)]
        if hidden.empty:
            continue
        unknown = list(zip(hidden["indicator"], hidden["category"], hidden["group"], strict=True))
        eqs = _equations(part, people, q, relations, masks, weighted)
        found |= _determined(eqs, unknown)
    return found
