"""Write the synthetic respondent file and aggregated results of the second test project.

The project ``tests/projects/fritidsvaner`` ("Fritid og biblioteker 2026") is a made-up
survey of residents' leisure and library habits. Every answer is drawn here from a seeded
generator, so the file is byte-for-byte reproducible; none of it describes real people.
The aggregated results file beside it is written by ``rapport aggregate`` from the
respondent file, so the project can test both data paths.

Run from the repository root:  .venv/bin/python tools/fritidsvaner.py
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20260301
N = 6366
ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "projects" / "fritidsvaner" / "data"

AGES = ["16-29", "30-44", "45-59", "60-74", "75+"]
AGE_SHARE = [0.19, 0.23, 0.25, 0.22, 0.11]
EDUCATIONS = ["grundskole", "gymnasial", "erhvervsfaglig", "kort", "mellemlang", "lang"]
EDUCATION_SHARE = [0.17, 0.12, 0.30, 0.06, 0.21, 0.14]
HOMES = ["storby", "by", "land"]
HOME_SHARE = [0.34, 0.43, 0.23]
LIBRARY = ["ugentligt", "maanedligt", "sjaeldnere", "aldrig", "ved_ikke"]
ACTIVITIES = ["motion", "forening", "forestilling", "museum", "frivillig", "hobby"]
SATISFACTION = ["meget_tilfreds", "tilfreds", "hverken", "utilfreds", "meget_utilfreds"]
DEGREE = ["hoej", "nogen", "mindre", "slet"]
AGREEMENT = ["helt_enig", "enig", "lidt_enig", "hverken", "lidt_uenig", "uenig", "helt_uenig"]


def background(rng: np.random.Generator) -> pd.DataFrame:
    """Age group, education, place of living and a post-stratification-like weight."""
    age = rng.choice(len(AGES), size=N, p=AGE_SHARE)
    edu = rng.choice(len(EDUCATIONS), size=N, p=EDUCATION_SHARE)
    young = age == 0
    edu = np.where(young & (edu >= 3), rng.choice([1, 2], size=N), edu)
    home = rng.choice(len(HOMES), size=N, p=HOME_SHARE)
    weight = np.round(rng.lognormal(0.0, 0.25, size=N), 4)
    return pd.DataFrame(
        {
            "id": np.arange(1, N + 1),
            "alder": np.array(AGES)[age],
            "uddannelse": np.array(EDUCATIONS)[edu],
            "bopael": np.array(HOMES)[home],
            "vaegt": weight,
            "_age": age,
            "_edu": edu,
        }
    )


def likert(
    rng: np.random.Generator, shift: np.ndarray, levels: int, dont_know: float
) -> np.ndarray:
    """Scale positions 0..levels-1 (0 = most positive) from a latent score; -1 is ved ikke."""
    latent = rng.normal(shift, 1.0)
    cuts = np.linspace(-1.6, 1.6, levels - 1)
    pos = np.searchsorted(cuts, latent)
    return np.where(rng.random(len(shift)) < dont_know, -1, pos)


def coded(positions: np.ndarray, codes: list[str]) -> np.ndarray:
    return np.where(positions < 0, "ved_ikke", np.array(codes)[np.clip(positions, 0, None)])


def answers(rng: np.random.Generator, frame: pd.DataFrame) -> pd.DataFrame:
    age = frame["_age"].to_numpy()
    edu = frame["_edu"].to_numpy()
    out = frame.copy()
    reader = 0.25 + 0.07 * edu + 0.03 * age
    lib = rng.random(N)
    visits = np.select(
        [lib < reader * 0.35, lib < reader * 0.9, lib < reader * 0.9 + 0.25, lib < 0.985],
        [0, 1, 2, 3],
        4,
    )
    out["besoeg"] = np.array(LIBRARY)[visits]
    out["bog"] = np.where(rng.random(N) < 0.3 + 0.06 * edu + 0.02 * age, "ja", "nej")
    rates = {
        "motion": 0.70 - 0.06 * age,
        "forening": 0.30 - 0.02 * age,
        "forestilling": 0.22 + 0.04 * edu,
        "museum": 0.15 + 0.04 * edu + 0.02 * age,
        "frivillig": 0.12 + 0.03 * age,
        "hobby": 0.35 + 0.05 * age,
    }
    picked = np.zeros(N, dtype=bool)
    for code in ACTIVITIES:
        flag = rng.random(N) < rates[code]
        out[f"aktiviteter__{code}"] = flag.astype(int)
        picked |= flag
    out["aktiviteter__ingen"] = (~picked).astype(int)
    users = visits <= 2
    for item, shift in [
        ("tilfreds_udvalg", -0.9),
        ("tilfreds_aabning", -0.3),
        ("tilfreds_personale", -1.2),
        ("tilfreds_lokaler", -0.6),
        ("tilfreds_arrangementer", -0.1),
    ]:
        pos = likert(
            rng, shift + 0.1 * (2 - age), 5, 0.04 + 0.03 * (item == "tilfreds_arrangementer")
        )
        out[item] = np.where(users, coded(pos, SATISFACTION), "")
    for item, shift in [
        ("barriere_tid", 0.6 - 0.35 * age),
        ("barriere_pris", 0.8 - 0.1 * edu),
        ("barriere_afstand", 1.2 + 0.0 * age),
    ]:
        out[item] = coded(likert(rng, shift, 4, 0.03), DEGREE)
    for item, shift in [
        ("enig_faellesskab", -0.2 + 0.0 * age),
        ("enig_trivsel", -0.8 + 0.0 * age),
        ("enig_laesning", -0.4 + 0.1 * age),
    ]:
        out[item] = coded(likert(rng, shift, 7, 0.05), AGREEMENT)
    return out.drop(columns=["_age", "_edu"])


def aggregate(respondents: Path, questionnaire: Path, output: Path) -> None:
    """Run ``rapport aggregate`` itself, so the results file is exactly what users get."""
    from rapport.cli import cli

    args = [str(respondents), "-q", str(questionnaire), "--by", "alder", "-o", str(output)]
    cli.main(["aggregate", *args], standalone_mode=False)


def generate(out: Path = DATA) -> None:
    """Write ``respondenter.csv`` and ``resultater.csv`` into ``out`` (default: the project)."""
    rng = np.random.default_rng(SEED)
    frame = answers(rng, background(rng))
    respondents = out / "respondenter.csv"
    frame.to_csv(respondents, index=False, float_format="%.4f", lineterminator="\n")
    aggregate(respondents, DATA / "questionnaire.yaml", out / "resultater.csv")


if __name__ == "__main__":
    generate()
