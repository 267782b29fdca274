"""Small tidy result frames and specs for the chart tests (one per chart kind)."""

from __future__ import annotations

import pandas as pd

from rapport.charts import parse_chart_spec

SEKTOR = ("sektor=kommunal", "sektor=regional", "sektor=statslig")

ROWS = [
    # indicator, category, group, value, n, label, ci_low, ci_high, status
    (
        "genbrug",
        "foerste",
        "Alle",
        19.0,
        1093,
        "Den første til at udvikle og indføre innovationen (så vidt I ved)",
        16.5,
        21.5,
        "",
    ),
    (
        "genbrug",
        "tilpasset",
        "Alle",
        57.0,
        1093,
        "Inspireret af andres løsninger, men tilpasset væsentligt",
        54.0,
        60.0,
        "",
    ),
    (
        "genbrug",
        "kopi",
        "Alle",
        16.0,
        1093,
        "I vidt omfang en kopi af andres løsninger",
        13.8,
        18.2,
        "",
    ),
    ("genbrug", "ved_ikke", "Alle", 8.0, 1093, "Ved ikke", 6.4, 9.6, ""),
    ("evalueret", "ja", "Alle", 52.5, 1093, "Evalueret", None, None, ""),
    ("evalueret", "2013-2014", "Alle", 44.0, 1093, "2013-2014", None, None, ""),
    ("evalueret", "2015-2016", "Alle", 47.0, 2362, "2015-2016", None, None, ""),
    ("evalueret", "2018-2019", "Alle", 51.0, 2271, "2018-2019", None, None, ""),
    ("evalueret", "2021-2023", "Alle", 55.0, 1611, "2021-2023", None, None, ""),
    (
        "medarbejdere",
        "ja",
        "Alle",
        86.0,
        1093,
        "Medarbejderne spiller en nøglerolle",
        None,
        None,
        "",
    ),
]
for group, values in zip(
    SEKTOR, ((61.0, 30.0, 9.0), (48.0, 40.0, 12.0), (None, 52.0, 20.0)), strict=True
):
    for category, value in zip(("borgere", "virksomheder", "frivillige"), values, strict=True):
        status = "primary" if value is None else ""
        ROWS.append(
            ("samarbejde", category, group, value, 350, category.capitalize(), None, None, status)
        )
for group, values in zip(
    SEKTOR, ((18.0, 15.5, 20.5), (31.0, 26.0, 36.0), (24.0, 19.0, 29.0)), strict=True
):
    ROWS.append(
        (
            "videns",
            "ja",
            group,
            *values[:1],
            300,
            "I samspil med vidensinstitutioner",
            *values[1:],
            "",
        )
    )
for category, value in zip(
    ("borgere", "virksomheder", "frivillige"), (63.0, 30.0, 14.0), strict=True
):
    ROWS.append(
        ("samarbejde", category, "Alle", value, 1093, category.capitalize(), None, None, "")
    )
SCALE = (
    ("hoej", "I høj grad"),
    ("nogen", "I nogen grad"),
    ("ringe", "I ringe grad"),
    ("slet", "Slet ikke"),
    ("ved_ikke", "Ved ikke"),
)
for indicator, values in (
    ("kultur_risiko", (21.0, 44.0, 22.0, 8.0, 5.0)),
    ("kultur_ideer", (35.0, 41.0, 15.0, 4.0, 5.0)),
    ("kultur_fejl", (12.0, 38.0, None, 11.0, 9.0)),
):
    for (code, label), value in zip(SCALE, values, strict=True):
        status = "secondary" if value is None else ""
        ROWS.append((indicator, code, "Alle", value, 1093, label, None, None, status))
FACTORS = (
    ("haemmede_hoej", "Hæmmede i høj grad"),
    ("haemmede_nogen", "Hæmmede i nogen grad"),
    ("fremmede_nogen", "Fremmede i nogen grad"),
    ("fremmede_hoej", "Fremmede i høj grad"),
)
for indicator, values in (
    ("faktor_ledelse", (3.0, 9.0, 38.0, 31.0)),
    ("faktor_oekonomi", (18.0, 29.0, 17.0, 6.0)),
    ("faktor_regler", (11.0, 22.0, 12.0, 4.0)),
):
    for (code, label), value in zip(FACTORS, values, strict=True):
        ROWS.append((indicator, code, "Alle", value, 1093, label, None, None, ""))

COLUMNS = ("indicator", "category", "group", "value", "n", "label", "ci_low", "ci_high", "status")


def frame() -> pd.DataFrame:
    """All sample rows as a tidy results frame."""
    return pd.DataFrame(ROWS, columns=COLUMNS)


SPECS = {
    "bar": {
        "kind": "bar",
        "source": "survey",
        "indicator": "genbrug",
        "categories": ["foerste", "tilpasset", "kopi", "ved_ikke"],
        "groups": ["Alle"],
        "sort": "descending",
        "exclude": ["ved_ikke"],
        "aspect": 0.4,
        "subject": "innovationerne",
    },
    "grouped": {
        "kind": "grouped",
        "source": "survey",
        "indicator": "samarbejde",
        "groups": [*SEKTOR, "Alle"],
        "highlight": "sektor=kommunal",
        "sort": "descending",
        "aspect": 0.6,
    },
    "stacked": {
        "kind": "stacked",
        "source": "survey",
        "indicators": ["kultur_risiko", "kultur_ideer", "kultur_fejl"],
        "categories": [code for code, _ in SCALE],
        "exclude": ["ved_ikke"],
        "labels": {
            "kultur_risiko": "Ledelsen accepterer, at man tager risici",
            "kultur_ideer": "Nye idéer bliver taget godt imod",
            "kultur_fejl": "Man lærer af fejl",
        },
        "aspect": 0.45,
    },
    "diverging": {
        "kind": "diverging",
        "source": "survey",
        "indicators": ["faktor_ledelse", "faktor_oekonomi", "faktor_regler"],
        "left": ["haemmede_nogen", "haemmede_hoej"],
        "right": ["fremmede_nogen", "fremmede_hoej"],
        "left_label": "Hæmmede",
        "right_label": "Fremmede",
        "labels": {
            "faktor_ledelse": "Ledelsen",
            "faktor_oekonomi": "Økonomien",
            "faktor_regler": "Lovgivning og regler",
        },
        "aspect": 0.45,
    },
    "timeseries": {
        "kind": "timeseries",
        "source": "survey",
        "indicator": "evalueret",
        "categories": ["2013-2014", "2015-2016", "2018-2019", "2021-2023"],
        "aspect": 0.45,
    },
    "dotplot": {
        "kind": "dotplot",
        "source": "survey",
        "indicator": "genbrug",
        "exclude": ["ved_ikke"],
        "aspect": 0.35,
    },
    "dotplot_groups": {
        "kind": "dotplot",
        "source": "survey",
        "indicator": "videns",
        "groups": list(SEKTOR),
        "highlight": "sektor=regional",
        "sort": "none",
    },
    "bignumber": {
        "kind": "bignumber",
        "source": "survey",
        "indicator": "medarbejdere",
        "category": "ja",
        "text": "af innovationerne har medarbejderne spillet en nøglerolle i",
        "bar": True,
        "aspect": 0.22,
    },
}


def spec(kind: str, **changes: object):
    """The sample spec of ``kind``, with fields changed or added."""
    return parse_chart_spec({**SPECS[kind], **changes})


KINDS = ("bar", "grouped", "stacked", "diverging", "timeseries", "dotplot", "bignumber")
"""The seven kinds (``SPECS`` also holds variants)."""
