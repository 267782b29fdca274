"""Write the seeded, calibrated synthetic respondent file of the 4th-edition example.

Run from the repository root:  .venv/bin/python -m tools.synthetic.edition4

1.611 workplaces (the published number of answers in 4. udgave, 2021-2023) with
sector and size, a design weight from a stratified sample, and answers whose
weighted totals hit the published 4th-edition figures (``TARGETS``; each one's
source URL is in ``data/innovationsbarometeret-4/udgaver/udgave-4.csv``) within one
respondent's weight. Differences between sectors and sizes are drawn at random
around those totals: they are an illustration, not statistics.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20230601
N = 1611
ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "data" / "innovationsbarometeret-4" / "respondents.csv"

# sector × size strata: population share and sample share (so weights differ)
SECTORS = {"kommunal": (0.72, 0.62), "regional": (0.10, 0.14), "statslig": (0.18, 0.24)}
SIZES = {"3-9": (0.30, 0.20), "10-49": (0.45, 0.42), "50-99": (0.13, 0.18), "100+": (0.12, 0.20)}
POPULATION = 14297

# published 4th-edition shares (percent); innovator items among innovative workplaces
TARGETS_ALL = {"innovation": 83.0}
TARGETS_MULTI = {
    "innovationstype": {"processer": 79.0, "kommunikation": 37.0, "service": 29.0, "produkt": 22.0}
}
TARGETS_SINGLE = {
    "nyhed": {"tilpasset": 56.0, "kopi": 19.0, "foerste": 16.0, "ved_ikke": 9.0},
    "samarbejde": {"ja": 69.0, "nej": 31.0},
    "virksomheder_rolle": {"ja": 26.0, "nej": 74.0},
    "udlandet_rolle": {"ja": 5.0, "nej": 95.0},
    "teknologi": {
        "loesning": 11.0,
        "vigtig": 26.0,
        "mindre": 33.0,
        "slet_ikke": 27.0,
        "ved_ikke": 3.0,
    },
    "faktor_medarbejdere": {"fremmede": 90.0, "haemmede": 7.0, "hverken": 3.0},
}
SECTOR_EFFECT = {"kommunal": 0.0, "regional": 0.25, "statslig": -0.2}
SIZE_EFFECT = {"3-9": -0.35, "10-49": 0.0, "50-99": 0.15, "100+": 0.35}


def frame(rng: np.random.Generator) -> pd.DataFrame:
    """Workplaces with sector, size and the stratified design weight."""
    strata = [(s, z) for s in SECTORS for z in SIZES]
    sample = np.array([SECTORS[s][1] * SIZES[z][1] for s, z in strata])
    pick = rng.choice(len(strata), size=N, p=sample / sample.sum())
    sektor = np.array([strata[i][0] for i in pick])
    size = np.array([strata[i][1] for i in pick])
    counts = np.bincount(pick, minlength=len(strata))
    population = np.array([SECTORS[s][0] * SIZES[z][0] for s, z in strata]) * POPULATION
    weight = population[pick] / counts[pick]
    return pd.DataFrame(
        {
            "id": np.arange(1, N + 1),
            "sektor": sektor,
            "stoerrelse": size,
            "vaegt": np.round(weight, 4),
        }
    )


def score(rng: np.random.Generator, people: pd.DataFrame) -> np.ndarray:
    """A propensity: random, nudged by sector and size (the illustrated differences)."""
    nudge = people["sektor"].map(SECTOR_EFFECT) + people["stoerrelse"].map(SIZE_EFFECT)
    return rng.normal(size=len(people)) + rng.uniform(0.3, 1.0) * nudge.to_numpy(float)


def take(weights: np.ndarray, order: np.ndarray, share: float) -> np.ndarray:
    """The first respondents in ``order`` whose weights make up ``share`` percent."""
    cum = np.cumsum(weights[order]) / weights.sum() * 100
    chosen = np.zeros(len(weights), bool)
    chosen[order[: int(np.searchsorted(cum, share - 1e-9)) + 1]] = True
    return chosen


def single(rng: np.random.Generator, people: pd.DataFrame, mask: np.ndarray, target: dict) -> list:
    """One answer per asked respondent, categories filled to their weighted targets."""
    out = np.full(len(people), "", dtype=object)
    idx = np.flatnonzero(mask)
    w = people["vaegt"].to_numpy(float)[idx]
    left = np.ones(len(idx), bool)
    codes = list(target)
    for code in codes[:-1]:
        order = np.argsort(-score(rng, people.iloc[idx]))
        order = order[left[order]]
        cum = np.cumsum(w[order]) / w.sum() * 100
        chosen = order[: int(np.searchsorted(cum, target[code] - 1e-9)) + 1]
        out[idx[chosen]] = code
        left[chosen] = False
    out[idx[left]] = codes[-1]
    return list(out)


def generate(seed: int = SEED) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    people = frame(rng)
    w = people["vaegt"].to_numpy(float)
    innovative = take(w, np.argsort(-score(rng, people)), TARGETS_ALL["innovation"])
    people["innovation"] = np.where(innovative, "ja", "nej")
    idx = np.flatnonzero(innovative)
    for item, options in TARGETS_MULTI.items():
        for code, share in options.items():
            chosen = take(w[idx], np.argsort(-score(rng, people.iloc[idx])), share)
            column = np.full(len(people), "", dtype=object)
            column[idx] = np.where(chosen, "1", "0")
            people[f"{item}__{code}"] = column
    for item, target in TARGETS_SINGLE.items():
        people[item] = single(rng, people, innovative, target)
    return people


def main() -> None:
    generate().to_csv(OUTPUT, index=False)
    print(f"wrote {OUTPUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
