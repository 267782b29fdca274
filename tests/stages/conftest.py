"""Small inputs for the stage tests: the shipped layout, its fonts and styles, a formatter
and a tiny results file — no project, no whole build."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib.styles import ParagraphStyle

from rapport.data.results import ResultStore
from rapport.fonts import register_family
from rapport.formatting import Formatter, NumberStyle
from rapport.layout.load import load_layout
from rapport.layout.model import Layout
from rapport.styles import Fonts, make_styles

RESULTS = """indicator,category,group,value,n,label,status
innov,ja,Alle,62,1200,Ja,
innov,nej,Alle,38,1200,Nej,
innov,ja,sektor=kommunal,70,400,Ja,
innov,nej,sektor=kommunal,30,400,Nej,
innov,ja,sektor=statslig,,3,Ja,primary
innov,nej,sektor=statslig,,3,Nej,primary
"""


@pytest.fixture(scope="session")
def layout() -> Layout:
    return load_layout("rapport")


@pytest.fixture(scope="session")
def fonts(layout: Layout) -> Fonts:
    return Fonts(
        register_family(layout.typography.body, None),
        register_family(layout.typography.heading, None),
    )


@pytest.fixture(scope="session")
def styles(layout: Layout, fonts: Fonts) -> dict[str, dict[str, ParagraphStyle]]:
    return {lang: make_styles(layout, fonts, lang) for lang in ("da", "en")}


@pytest.fixture(scope="session")
def formatter() -> Formatter:
    return Formatter(NumberStyle("da_DK", "symbol", "short"))


@pytest.fixture
def store(tmp_path: Path) -> ResultStore:
    path = tmp_path / "resultater.csv"
    path.write_text(RESULTS, encoding="utf-8")
    return ResultStore.from_file(path, name="resultater")
