"""A small two-round project written on the fly: respondent files for 1. and 2. udgave
(unequal weights, so Kish n_eff < n), a questionnaire with a reworded item, and a
published-results source with three editions (one item missing in 2. udgave)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

QUESTIONNAIRE = """\
survey: {title: Runder, edition: 2, period: "2015-2016", weight: vaegt, synthetic: true}
segments:
  sektor: {label: Sektor, values: {kommunal: Kommunal, statslig: Statslig}}
bases:
  alle: {label: "alle arbejdspladser", asked: "Spørgsmålet er stillet til alle.", filter: null}
items:
  genbrug:
    text: "Bygger den seneste innovation på andres løsninger?"
    short: Genbrug
    options: {ja: "Ja", nej: "Nej"}
  borger:
    text: "Har borgerne spillet en positiv rolle for den seneste innovation?"
    short: Borgere
    options: {ja: "Ja", nej: "Nej"}
    changed_in: "2. udgave"
    wording: {"1. udgave": "Er innovationen sket i samspil med borgerne?"}
  stabil:
    text: "Er innovationen evalueret?"
    short: Evalueret
    options: {ja: "Ja", nej: "Nej"}
"""

PUBLISHED_Q = """\
survey: {title: Runder, weight: vaegt}
bases:
  alle: {label: "alle arbejdspladser", asked: "", filter: null}
items:
  samarbejde:
    text: "Er den seneste innovation sket i samarbejde med andre?"
    options: {ja: "Ja", nej: "Nej"}
  rolle:
    text: "Har medarbejderne spillet en positiv rolle?"
    options: {ja: "Ja", nej: "Nej"}
    changed_in: "3. udgave"
    wording: {"1. udgave": "Har medarbejderne spillet en nøglerolle?"}
"""

REPORT = """\
title: Runder
edition: 2. udgave
date: 2017-05-01
layout: rapport
data:
  survey:
    respondents: r2.csv
    questionnaire: questionnaire.yaml
    by: [sektor]
    synthetic: true
    edition: "2. udgave"
    period: "2015-2016"
    earlier:
      - {edition: "1. udgave", period: "2013-2014", respondents: r1.csv}
  published:
    results: p3.csv
    questionnaire: published.yaml
    edition: "3. udgave"
    period: "2018-2019"
    earlier:
      - {edition: "1. udgave", period: "2013-2014", results: p1.csv}
      - {edition: "2. udgave", period: "2015-2016", results: p2.csv}
chapters: [chapters/01.md]
figures:
  samarbejde_udv:
    title: "Samarbejde over tre udgaver"
    chart: {kind: timeseries, source: published, indicator: samarbejde, editions: true,
      categories: [ja]}
  rolle_udv:
    title: "Medarbejdernes rolle over tre udgaver"
    chart: {kind: timeseries, source: published, indicator: rolle, editions: true,
      categories: [ja]}
tables:
  udgaver:
    title: "Hovedtal i de tre udgaver"
    source: published
    rows:
      - {indicator: samarbejde, category: ja, label: "Samarbejde"}
      - {indicator: rolle, category: ja, label: "Medarbejdernes rolle"}
    columns: ["udgave=1. udgave", "udgave=2. udgave", "udgave=3. udgave"]
"""

CHAPTER = """\
# Udviklingen

Genbrug er {{ survey.genbrug.ja.change("1. udgave") }}.
Evaluering er {{ survey.stabil.ja.change("1. udgave") }}.
Samarbejde er {{ published.samarbejde.ja.change("1. udgave") }}.
{% if published.samarbejde.ja.change("1. udgave").up %}Samarbejdet vokser.{% endif %}

```{figure} samarbejde_udv
```

```{figure} rolle_udv
```

```{table} udgaver
```
"""


def respondents(n: int, shares: dict[str, float], seed: int) -> pd.DataFrame:
    """n respondents with unequal weights and exactly the given weighted-free shares."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "id": range(1, n + 1),
            "sektor": np.where(np.arange(n) % 3 == 0, "statslig", "kommunal"),
            "vaegt": np.round(rng.uniform(0.5, 2.0, n), 3),
        }
    )
    for item, share in shares.items():
        yes = np.zeros(n, bool)
        yes[rng.permutation(n)[: round(share * n)]] = True
        frame[item] = np.where(yes, "ja", "nej")
    return frame


def published(rows: list[tuple[str, str, float, int]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"indicator": i, "category": c, "group": "Alle", "value": v, "n": n}
            for i, c, v, n in rows
        ]
    )


@pytest.fixture
def rounds(tmp_path: Path) -> Path:
    root = tmp_path / "runder"
    (root / "chapters").mkdir(parents=True)
    (root / "report.yaml").write_text(REPORT, encoding="utf-8")
    (root / "questionnaire.yaml").write_text(QUESTIONNAIRE, encoding="utf-8")
    (root / "published.yaml").write_text(PUBLISHED_Q, encoding="utf-8")
    (root / "chapters" / "01.md").write_text(CHAPTER, encoding="utf-8")
    respondents(600, {"genbrug": 0.60, "borger": 0.50, "stabil": 0.40}, 1).to_csv(
        root / "r1.csv", index=False
    )
    respondents(700, {"genbrug": 0.72, "borger": 0.55, "stabil": 0.41}, 2).to_csv(
        root / "r2.csv", index=False
    )
    published([("samarbejde", "ja", 60, 1000), ("rolle", "ja", 80, 1000)]).to_csv(
        root / "p1.csv", index=False
    )
    published([("rolle", "ja", 82, 1200)]).to_csv(root / "p2.csv", index=False)
    published([("samarbejde", "ja", 66, 1500), ("rolle", "ja", 87, 1500)]).to_csv(
        root / "p3.csv", index=False
    )
    return root


# the PDF text helpers of the engine tests
sys.path.insert(0, str(Path(__file__).parents[1] / "engine"))
