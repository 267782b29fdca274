"""Seeded synthetic respondents and questionnaire for the data tests."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

FIXTURES = Path(__file__).parent / "fixtures"

QUESTIONNAIRE = """\
survey:
  title: Testbarometeret
  edition: 1
  weight: vaegt
  synthetic: true
segments:
  sektor: {label: Sektor, values: {kommunal: Kommunal, regional: Regional, statslig: Statslig}}
  kommune: {label: Kommune}
bases:
  alle: {label: "alle arbejdspladser", filter: null}
  innovatorer: {label: "innovatorer", filter: {innovation: ja}}
items:
  innovation:
    text: "Har jeres arbejdsplads indført en innovation?"
    short: "Har indført en innovation"
    type: single
    base: alle
    options: {ja: "Ja", nej: "Nej"}
  samarbejde:
    text: "Hvem har I samarbejdet med?"
    type: multi
    base: innovatorer
    options: {borgere: "Borgere", virksomheder: "Private virksomheder", andre: "Andre"}
  kultur:
    text: "I hvilken grad accepterer ledelsen risiko?"
    type: likert
    base: innovatorer
    options: {hoej: "I høj grad", nogen: "I nogen grad", ringe: "I ringe grad",
              slet: "Slet ikke", ved_ikke: "Ved ikke"}
    dont_know: ved_ikke
"""


def write_questionnaire(folder: Path) -> Path:
    path = folder / "questionnaire.yaml"
    path.write_text(QUESTIONNAIRE, encoding="utf-8")
    return path


def respondents(n: int = 400, kommuner: int = 12, seed: int = 7) -> pd.DataFrame:
    """Respondents in the CONTRIBUTING.md layout, with unequal weights and routing."""
    rng = np.random.default_rng(seed)
    sektor = rng.choice(["kommunal", "regional", "statslig"], size=n, p=[0.6, 0.25, 0.15])
    sizes = 1 / np.arange(1, kommuner + 1)
    names = np.array([f"K{k:02d}" for k in range(kommuner)])
    kommune = np.where(sektor == "kommunal", rng.choice(names, n, p=sizes / sizes.sum()), "")
    innov = np.where(rng.random(n) < 0.7, "ja", "nej")
    asked = innov == "ja"
    frame = pd.DataFrame(
        {
            "id": np.arange(1, n + 1).astype(str),
            "sektor": sektor,
            "kommune": kommune,
            "vaegt": np.round(rng.gamma(4.0, 2.5, n) + 0.5, 3),
            "innovation": innov,
        }
    )
    for code, p in (("borgere", 0.6), ("virksomheder", 0.3), ("andre", 0.1)):
        frame[f"samarbejde__{code}"] = np.where(asked, (rng.random(n) < p).astype(int), -1)
        frame[f"samarbejde__{code}"] = frame[f"samarbejde__{code}"].astype(str).replace("-1", "")
    scale = ["hoej", "nogen", "ringe", "slet", "ved_ikke"]
    frame["kultur"] = np.where(asked, rng.choice(scale, n, p=[0.3, 0.35, 0.2, 0.1, 0.05]), "")
    return frame
