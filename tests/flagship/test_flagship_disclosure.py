"""Tailored copies per municipality show no cell that disclosure control hides.

The synthetic respondent file has municipalities with fewer respondents than the
threshold. Each copy is built for one municipality; every number its tailored
chapter prints for that municipality must be a visible (not suppressed) cell with
a base at or above the threshold, and every suppressed cell must print as a symbol.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from engine_pdf import page_texts

from rapport.build import BuildOptions, build_report
from rapport.data.disclosure import SYMBOLS
from rapport.formatting import Formatter
from rapport.project import load_project
from rapport.resources import default_project_dir
from rapport.sources import Sources, load_sources

ROWS = [
    ("innovation", "ja", "Har indført mindst én innovation"),
    ("samarbejde", "ja", "Innovationen er sket i samarbejde"),
    ("genbrug", "ja", "Helt eller delvist genbrug"),
    ("medarbejdere_noegle", "ja", "Medarbejderne i en nøglerolle"),
    ("borgere_rolle", "ja", "Borgerne har spillet en rolle"),
    ("evalueret", "ja", "Innovationen er evalueret"),
]
VALUES = [
    "kvalitet",
    "effektivitet",
    "borgerinddragelse",
    "medarbejdertilfredshed",
    "politiske_maal",
]


@pytest.fixture(scope="module")
def sources() -> Sources:
    return load_sources(load_project(default_project_dir()))


def _municipalities(sources: Sources) -> list[str]:
    store = sources.stores["survey"]
    sizes = {
        g: store.cell("innovation", "ja", g).n
        for g in store.groups("innovation")
        if g.startswith("kommune=")
    }
    small = sorted(g for g, n in sizes.items() if n < 5)
    large = sorted(sizes, key=lambda g: (-sizes[g], g))[:2]
    return small + large


def test_store_hides_every_small_cell(sources: Sources) -> None:
    frame = sources.stores["survey"].frame
    small = frame[(frame["n"] > 0) & (frame["n"] < 5)]
    assert len(small) > 0
    assert set(small["status"]) <= {"primary", "secondary"}
    assert small["value"].isna().all()


def test_municipal_copies_print_no_hidden_cell(sources: Sources, tmp_path: Path) -> None:
    store, fmt = sources.stores["survey"], Formatter()
    symbols = set(SYMBOLS.values())
    groups = _municipalities(sources)
    assert any(store.cell("innovation", "ja", g).n < 5 for g in groups)
    for group in groups:
        result = build_report(BuildOptions(segment=group, cache_dir=tmp_path / "cache"))
        chapter = _tailored_chapter(page_texts(result.pdf), group.split("=", 1)[1])
        for indicator, category, label in ROWS:
            cell = store.cell(indicator, category, group)
            printed = re.search(re.escape(label) + r" (\S+)", chapter).group(1)  # type: ignore[union-attr]
            if cell.suppressed or cell.value is None:
                assert printed in symbols | {"–"}, (group, indicator, printed)
            else:
                assert cell.n >= 5
                assert printed == fmt.table_number(cell.value), (group, indicator)
        hidden = sum(store.cell("vaerdi", c, group).suppressed for c in VALUES)
        figure = chapter[chapter.index("Opnået værdi") :]
        figure = figure[: figure.index("Anm.")]
        assert len(re.findall(r"(?<![(.])\.\.(?![.)])|\(\.\.\)", figure)) >= hidden


def _tailored_chapter(pages: list[str], name: str) -> str:
    start = next(
        i for i, t in enumerate(pages) if f"Særudgave: {name}" in t and "Denne særudgave" in t
    )
    return "\n".join(pages[start : start + 2])
