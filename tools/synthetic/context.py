"""Shared state for drawing answers: the frame, the seeded generator and helpers for scores."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Ctx:
    """One generation run: background frame, generator, innovator mask and answer columns."""

    frame: pd.DataFrame
    rng: np.random.Generator
    inn: np.ndarray
    cols: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def n(self) -> int:
        return len(self.frame)

    @property
    def weight(self) -> np.ndarray:
        return self.frame["vaegt"].to_numpy(float)

    @property
    def sector(self) -> np.ndarray:
        return self.frame["sektor"].to_numpy(object)

    def effect(self, column: str, mapping: Mapping[str, float]) -> np.ndarray:
        """Per-row additive effect looked up from a background column (0 when unlisted)."""
        return self.frame[column].map(dict(mapping)).fillna(0.0).to_numpy(float)

    def score(self, *parts: np.ndarray | float) -> np.ndarray:
        """A latent propensity: the sum of ``parts`` plus seeded logistic noise."""
        total = np.zeros(self.n)
        for part in parts:
            total = total + part
        return total + self.rng.logistic(size=self.n)

    def bern(self, p: float | np.ndarray) -> np.ndarray:
        """Independent seeded coin flips with probability ``p``."""
        return self.rng.random(self.n) < p

    def pick(self, mix: Mapping[str, float]) -> np.ndarray:
        """One seeded code per row drawn from the distribution ``mix``."""
        codes = list(mix)
        probs = np.array([mix[c] for c in codes], dtype=float)
        drawn = self.rng.choice(len(codes), self.n, p=probs / probs.sum())
        return np.array(codes, dtype=object)[drawn]

    def single(self, name: str, values: np.ndarray, base: np.ndarray) -> None:
        """Store a single/likert column, blank outside ``base``."""
        self.cols[name] = np.where(base, values, "").astype(object)

    def flags(self, item: str, code: str, values: np.ndarray) -> None:
        """Store one 0/1 column of a multi item (blanked outside the base when written)."""
        self.cols[f"{item}__{code}"] = np.asarray(values, dtype=bool)


def codes_from(flags: Mapping[str, np.ndarray], default: str, n: int) -> np.ndarray:
    """Codes from mutually exclusive flags, applied in order; ``default`` where none is set."""
    out = np.full(n, default, dtype=object)
    for code, flag in flags.items():
        out[flag & (out == default)] = code
    return out
