"""Synthetic sample frame: sector, size, sub-sector, municipality, region and design weight."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .geography import KOMMUNER, REGION_OF

SIZES: tuple[str, ...] = ("3-9", "10-49", "50-99", "100+")

# Assumed population of workplaces (about 15.000) and the stratified sample (1.255 answers)
# per sector x size cell; the design weight is population / sample in the cell.
POPULATION: dict[tuple[str, str], int] = {
    ("kommunal", "3-9"): 3500,
    ("kommunal", "10-49"): 5600,
    ("kommunal", "50-99"): 1400,
    ("kommunal", "100+"): 600,
    ("regional", "3-9"): 150,
    ("regional", "10-49"): 450,
    ("regional", "50-99"): 250,
    ("regional", "100+"): 350,
    ("statslig", "3-9"): 800,
    ("statslig", "10-49"): 1200,
    ("statslig", "50-99"): 350,
    ("statslig", "100+"): 350,
}
SAMPLE: dict[tuple[str, str], int] = {
    ("kommunal", "3-9"): 150,
    ("kommunal", "10-49"): 400,
    ("kommunal", "50-99"): 150,
    ("kommunal", "100+"): 110,
    ("regional", "3-9"): 15,
    ("regional", "10-49"): 50,
    ("regional", "50-99"): 40,
    ("regional", "100+"): 70,
    ("statslig", "3-9"): 50,
    ("statslig", "10-49"): 110,
    ("statslig", "50-99"): 50,
    ("statslig", "100+"): 60,
}

# Which sub-sectors exist in each sector, by size (schools and day care are municipal,
# hospitals regional, upper-secondary and higher education, courts and police state).
DELSEKTOR_MIX: dict[tuple[str, str], dict[str, float]] = {
    ("kommunal", "3-9"): {
        "dagtilbud": 0.35,
        "aeldre_handicap": 0.15,
        "kultur": 0.20,
        "sundhed": 0.10,
        "administration": 0.15,
        "skole": 0.05,
    },
    ("kommunal", "10-49"): {
        "dagtilbud": 0.40,
        "skole": 0.15,
        "aeldre_handicap": 0.20,
        "kultur": 0.07,
        "sundhed": 0.06,
        "administration": 0.12,
    },
    ("kommunal", "50-99"): {
        "skole": 0.45,
        "aeldre_handicap": 0.25,
        "dagtilbud": 0.05,
        "administration": 0.15,
        "sundhed": 0.05,
        "kultur": 0.05,
    },
    ("kommunal", "100+"): {
        "skole": 0.45,
        "aeldre_handicap": 0.20,
        "administration": 0.30,
        "sundhed": 0.05,
    },
    ("regional", "3-9"): {"sundhed": 0.40, "aeldre_handicap": 0.40, "administration": 0.20},
    ("regional", "10-49"): {"sundhed": 0.50, "aeldre_handicap": 0.35, "administration": 0.15},
    ("regional", "50-99"): {"sundhed": 0.70, "aeldre_handicap": 0.15, "administration": 0.15},
    ("regional", "100+"): {"sundhed": 0.90, "administration": 0.10},
    ("statslig", "3-9"): {
        "administration": 0.35,
        "retsvaesen": 0.30,
        "kultur": 0.25,
        "videregaaende": 0.10,
    },
    ("statslig", "10-49"): {
        "administration": 0.30,
        "retsvaesen": 0.30,
        "ungdomsuddannelse": 0.20,
        "kultur": 0.10,
        "videregaaende": 0.10,
    },
    ("statslig", "50-99"): {
        "ungdomsuddannelse": 0.40,
        "administration": 0.20,
        "retsvaesen": 0.20,
        "videregaaende": 0.15,
        "kultur": 0.05,
    },
    ("statslig", "100+"): {
        "ungdomsuddannelse": 0.35,
        "videregaaende": 0.25,
        "administration": 0.25,
        "retsvaesen": 0.15,
    },
}

# Regional and state workplaces cluster in the larger towns: location probability is
# proportional to inhabitants raised to this power.
CONCENTRATION: dict[str, float] = {"kommunal": 1.0, "regional": 1.3, "statslig": 1.5}


def _cells(rng: np.random.Generator) -> pd.DataFrame:
    rows = [cell for cell, count in SAMPLE.items() for _ in range(count)]
    frame = pd.DataFrame(rows, columns=["sektor", "stoerrelse"])
    return frame.iloc[rng.permutation(len(frame))].reset_index(drop=True)


def _delsektor(frame: pd.DataFrame, rng: np.random.Generator) -> np.ndarray:
    out = np.empty(len(frame), dtype=object)
    for cell, mix in DELSEKTOR_MIX.items():
        rows = np.flatnonzero((frame["sektor"] == cell[0]) & (frame["stoerrelse"] == cell[1]))
        codes = list(mix)
        probs = np.array([mix[c] for c in codes]) / sum(mix.values())
        out[rows] = np.array(codes, dtype=object)[rng.choice(len(codes), len(rows), p=probs)]
    return out


def _kommune(frame: pd.DataFrame, rng: np.random.Generator) -> np.ndarray:
    """Every municipality gets at least one municipal workplace; the rest follow size."""
    names = np.array([k[0] for k in KOMMUNER], dtype=object)
    size = np.array([k[2] for k in KOMMUNER], dtype=float)
    out = np.empty(len(frame), dtype=object)
    for sector, power in CONCENTRATION.items():
        rows = np.flatnonzero(frame["sektor"] == sector)
        probs = size**power / (size**power).sum()
        out[rows] = names[rng.choice(len(names), len(rows), p=probs)]
    municipal = np.flatnonzero(frame["sektor"] == "kommunal")
    out[municipal[: len(names)]] = names[rng.permutation(len(names))]
    return out


def _weights(frame: pd.DataFrame) -> np.ndarray:
    cell = list(zip(frame["sektor"], frame["stoerrelse"], strict=True))
    return np.array([round(POPULATION[c] / SAMPLE[c], 4) for c in cell])


def build_frame(rng: np.random.Generator) -> pd.DataFrame:
    """The 1.255 synthetic workplaces with their background variables and design weight."""
    frame = _cells(rng)
    frame["delsektor"] = _delsektor(frame, rng)
    frame["kommune"] = _kommune(frame, rng)
    frame["region"] = frame["kommune"].map(REGION_OF)
    frame["vaegt"] = _weights(frame)
    frame.insert(0, "id", np.arange(1, len(frame) + 1))
    return frame[["id", "sektor", "delsektor", "region", "kommune", "stoerrelse", "vaegt"]]
