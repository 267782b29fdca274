"""Exact weighted calibration: turn seeded scores into flags that hit weighted target shares."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np


def top_weighted(
    score: np.ndarray, weight: np.ndarray, eligible: np.ndarray, target: float
) -> np.ndarray:
    """Flag the highest-scoring eligible rows whose weights sum closest to ``target``."""
    idx = np.flatnonzero(eligible)
    order = idx[np.lexsort((idx, -score[idx]))]
    cum = np.concatenate(([0.0], np.cumsum(weight[order])))
    k = int(np.argmin(np.abs(cum - target)))
    out = np.zeros(len(score), dtype=bool)
    out[order[:k]] = True
    return out


def sector_targets(
    overall: float,
    weight: np.ndarray,
    sector: np.ndarray,
    base: np.ndarray,
    offsets: Mapping[str, float] | None = None,
    fixed: Mapping[str, float] | None = None,
) -> dict[str, float]:
    """Per-sector target percents that average (weighted) to ``overall``.

    ``fixed`` sectors get exactly their value; the others get ``overall + offset + c`` with one
    common shift ``c`` chosen so the weighted mean over the base equals ``overall``.
    """
    offsets, fixed = offsets or {}, fixed or {}
    totals = {s: float(weight[base & (sector == s)].sum()) for s in sorted(set(sector[base]))}
    free = [s for s in totals if s not in fixed]
    remaining = overall * sum(totals.values()) - sum(totals[s] * fixed[s] for s in fixed)
    free_total = sum(totals[s] for s in free)
    planned = sum(totals[s] * (overall + offsets.get(s, 0.0)) for s in free)
    shift = (remaining - planned) / free_total
    targets = {s: overall + offsets.get(s, 0.0) + shift for s in free}
    targets.update(fixed)
    return targets


def calibrate_flag(
    score: np.ndarray,
    weight: np.ndarray,
    base: np.ndarray,
    sector: np.ndarray,
    overall: float,
    offsets: Mapping[str, float] | None = None,
    fixed: Mapping[str, float] | None = None,
) -> np.ndarray:
    """A flag over ``base`` whose weighted share is ``overall`` percent, sector by sector."""
    out = np.zeros(len(score), dtype=bool)
    for s, pct in sector_targets(overall, weight, sector, base, offsets, fixed).items():
        cell = base & (sector == s)
        out |= top_weighted(score, weight, cell, pct / 100 * float(weight[cell].sum()))
    return out


def calibrate_within(
    score: np.ndarray, weight: np.ndarray, base: np.ndarray, eligible: np.ndarray, share: float
) -> np.ndarray:
    """Flag eligible rows so they make up ``share`` percent of the base's weight."""
    target = share / 100 * float(weight[base].sum())
    if float(weight[base & eligible].sum()) < target:
        raise ValueError(f"eligible rows cannot reach {share} % of the base")
    return top_weighted(score, weight, base & eligible, target)


def weighted_share(flag: np.ndarray, weight: np.ndarray, base: np.ndarray) -> float:
    """Weighted percent of ``base`` rows where ``flag`` is true."""
    return 100 * float(weight[base & flag].sum()) / float(weight[base].sum())
