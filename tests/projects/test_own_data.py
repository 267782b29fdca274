"""Issue 11 on the second test project: a report on someone else's survey with nothing
left over from the example report, in every shipped layout and the project's own one."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pypdfium2
import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "engine"))

from engine_pdf import flat, page_texts

from rapport.build import BuildOptions, build_report

PROJECT = Path(__file__).parent / "fritidsvaner"
Build = Callable[..., Path]

# Words of the example report's domain (Innovationsbarometeret: public-sector innovation).
EXAMPLE_WORDS = (
    "innovation",
    "innovationsbarometer",
    "offentlige sektor",
    "offentlig sektor",
    "arbejdsplads",
    "hæmmede",
    "fremmede",
    "kommunal",
    "statslig",
    "delsektor",
    "center for offentlig innovation",
    "coi",
    "danmarks statistik",
    "public sector",
    "workplace",
)


def _example_words(text: str) -> list[str]:
    low = text.lower()
    return [w for w in EXAMPLE_WORDS if re.search(rf"\b{re.escape(w)}", low)]


@pytest.mark.parametrize("layout", ["rapport", "brief", "hovedresultater"])
def test_no_word_of_the_example_report_in_any_layout(second_project: Build, layout: str) -> None:
    for segment in ("Alle", "alder=75+"):
        text = flat(" ".join(page_texts(second_project(layout, segment).read_bytes())))
        assert _example_words(text) == [], (layout, segment)


@pytest.fixture(scope="module")
def house(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The whole report in the project's own layout (logo on cover, back page, header)."""
    cache = tmp_path_factory.mktemp("house") / "cache"
    options = BuildOptions(project=PROJECT, layout=str(PROJECT / "logo.yaml"), cache_dir=cache)
    return build_report(options).pdf


def test_house_layout_builds_clean_of_the_example(house: bytes) -> None:
    text = flat(" ".join(page_texts(house)))
    assert _example_words(text) == []
    assert "i layoutet »Fritid og Kultur A4«" in text


def _orange_share(pdf: bytes, page: int, box: tuple[float, float, float, float]) -> float:
    """Share of pixels in ``box`` (fractions of the page: left, top, right, bottom) that
    are the logo's orange (#f4a259)."""
    doc = pypdfium2.PdfDocument(pdf)
    try:
        image = doc[page].render(scale=1).to_pil().convert("RGB")
    finally:
        doc.close()
    w, h = image.size
    crop = image.crop((int(box[0] * w), int(box[1] * h), int(box[2] * w), int(box[3] * h)))
    pixels = np.frombuffer(crop.tobytes(), dtype=np.uint8).reshape(-1, 3).astype(int)
    near = np.abs(pixels - np.array([244, 162, 89])).max(axis=1) < 12
    return float(near.mean()) if len(pixels) else 0.0


def test_logo_on_cover_back_page_and_running_head(house: bytes) -> None:
    texts = page_texts(house)
    body = next(i for i, t in enumerate(texts) if "Læsesalen i et opdigtet bibliotek" in t)
    assert _orange_share(house, 0, (0.0, 0.0, 0.35, 0.15)) > 0.01  # cover, top left
    assert _orange_share(house, len(texts) - 1, (0.0, 0.0, 0.35, 0.15)) > 0.01  # back page
    assert _orange_share(house, body, (0.75, 0.0, 1.0, 0.08)) > 0.005  # header, right
    assert _orange_share(house, body, (0.0, 0.0, 0.25, 0.08)) == 0.0  # not at the left


def test_image_footnotes_scale_by_group_and_aggregated_sig(second_project: Build) -> None:
    pages = page_texts(second_project().read_bytes())
    text = flat(" ".join(pages))
    assert re.search(r"Figur \d+\.\d+ Læsesalen i et opdigtet bibliotek", text)
    assert "Kilde: Illustration tegnet til testprojektet" in text
    # footnotes at the foot of the page that refers to them
    page = next(p for p in pages if "Fritidslivets betydning" in p and "syv trin" in p)
    assert "Skalaen har et neutralt midtpunkt" in page
    assert page.index("syv trin") < page.index("Skalaen har et neutralt midtpunkt")
    # the 7-point scale by age group: one bar per group (their order: tests/charts)
    chart = next(p for p in pages if "Trivslen i fritiden er høj i alle aldre" in p)
    for name in ("16-29 år", "30-44 år", "45-59 år", "60-74 år", "75 år og derover"):
        assert name in chart
    assert "Helt uenig" in chart
    # .sig() on the aggregated source, and its note says what it assumes
    assert re.search(r"andelen, der bruger biblioteket hver uge, (ikke )?signifikant", text)
    assert "antager simpel tilfældig udvælgelse" in text


def test_aggregated_path_gets_the_respondent_paths_notes(second_project: Build) -> None:
    text = flat(" ".join(page_texts(second_project().read_bytes())))
    start = text.index("Biblioteksbesøg fordelt på alder (fra den aggregerede resultatfil)")
    note = text[start : text.index("Kilde:", start)]
    assert "Spørgsmålet lyder" in note  # the question, from the questionnaire beside it
    assert "16-29 år" in note or "16-29 år" in text[start : start + 2000]
