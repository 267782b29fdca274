"""Sampling statistics for weighted proportions: Kish n_eff, Wilson intervals, z tests.

All functions take numpy arrays (or scalars) and work element-wise; proportions
are fractions 0–1 here, the callers convert to percent.

* **Effective sample size** (Kish): ``n_eff = (Σw)² / Σw²`` over the respondents
  in the denominator. It equals n for equal weights and shrinks as weights vary,
  which approximates the design effect of weighting (deff = n / n_eff).
* **Confidence interval**: the Wilson score interval for a proportion p̂ with
  ``n_eff`` in place of n, ``(p̂ + z²/2m ± z·√(p̂(1−p̂)/m + z²/4m²)) / (1 + z²/m)``
  with m = n_eff and z = 1,96 for 95 %. Unlike the Wald interval it stays
  inside 0–100 % and behaves for shares near 0 or 100 and for small groups.
* **Difference between two groups**: the two-sided two-proportion z test with
  pooled variance on the effective sample sizes,
  ``z = (p̂₁ − p̂₂) / √(p̂(1−p̂)(1/m₁ + 1/m₂))``, ``p̂ = (m₁p̂₁ + m₂p̂₂)/(m₁ + m₂)``.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where a statistic is computed
    import numpy as np

Z95 = 1.959963984540054
TEST_NAME = (
    "tosidet z-test for forskel mellem to andele med effektive stikprøvestørrelser "
    "(Kish), 5 %-signifikansniveau"
)
TEST_NAME_SRS = (
    "tosidet z-test for forskel mellem to andele ud fra aggregerede andele og n under "
    "antagelse af simpel tilfældig udvælgelse, 5 %-signifikansniveau"
)


def effective_n(sum_w: np.ndarray, sum_w2: np.ndarray) -> np.ndarray:
    """Kish effective sample size from Σw and Σw² (0 where there are no respondents)."""
    import numpy as np

    sum_w, sum_w2 = np.asarray(sum_w, float), np.asarray(sum_w2, float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(sum_w2 > 0, sum_w**2 / np.where(sum_w2 > 0, sum_w2, 1), 0.0)


def wilson_interval(p: np.ndarray, n: np.ndarray, z: float = Z95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval (low, high) for proportions ``p`` on (effective) sizes ``n``."""
    import numpy as np

    p, n = np.asarray(p, float), np.asarray(n, float)
    safe = np.where(n > 0, n, np.nan)
    z2 = z * z
    denom = 1 + z2 / safe
    centre = (p + z2 / (2 * safe)) / denom
    half = z * np.sqrt(np.clip(p * (1 - p), 0, None) / safe + z2 / (4 * safe**2)) / denom
    low = np.where(p <= 0, 0.0, np.clip(centre - half, 0, 1))
    return low, np.where(p >= 1, 1.0, np.clip(centre + half, 0, 1))


def two_proportion_z(
    p1: np.ndarray, n1: np.ndarray, p2: np.ndarray, n2: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Pooled two-proportion z statistic and two-sided p-value (NaN when undefined)."""
    import numpy as np

    p1, n1, p2, n2 = (np.asarray(a, float) for a in (p1, n1, p2, n2))
    with np.errstate(invalid="ignore", divide="ignore"):
        pooled = (n1 * p1 + n2 * p2) / (n1 + n2)
        se = np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
        z = np.where(se > 0, (p1 - p2) / np.where(se > 0, se, 1), np.nan)
    z = np.where((n1 > 0) & (n2 > 0), z, np.nan)
    erfc = np.frompyfunc(math.erfc, 1, 1)
    p_value = np.where(
        np.isnan(z), np.nan, erfc(np.abs(np.nan_to_num(z)) / math.sqrt(2)).astype(float)
    )
    return z, p_value
