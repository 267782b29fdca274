"""Charts in a PDF: vector paths, extractable text, only the bundled fonts, picklable lists."""

from __future__ import annotations

import io

from chart_sample import SPECS, spec
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate

from rapport.charts import draw_chart
from rapport.charts.rlrender import DisplayList
from rapport.datacodec import decode, encode


def build_pdf(flowables: list, font: str) -> bytes:
    """A document whose canvas starts in the bundled font (reportlab defaults to Helvetica)."""
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, invariant=1, initialFontName=font).build(flowables)
    return out.getvalue()


def charts(data, style) -> list:
    return [draw_chart(spec(kind), data, style, 420) for kind in sorted(SPECS)]


def test_chart_text_is_extractable(data, style):
    reader = PdfReader(io.BytesIO(build_pdf(charts(data, style), style.faces.regular)))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for expected in (
        "Inspireret af andres løsninger",
        "I alt",
        "Man lærer af fejl",
        "Fremmede →",
        "2021-2023",
        "86",
        "nøglerolle",
    ):
        assert expected in text
    assert "nan" not in text.lower().split()


def test_only_bundled_fonts_and_no_images(data, style):
    reader = PdfReader(io.BytesIO(build_pdf(charts(data, style), style.faces.regular)))
    fonts, images = set(), 0
    for page in reader.pages:
        resources = page["/Resources"]
        for font in resources.get("/Font", {}).values():
            font = font.get_object()
            fonts.add(str(font["/BaseFont"]).split("+")[-1])
            assert "/FontFile2" in font["/FontDescriptor"]
        images += len(page.images)
    assert fonts == {"LiberationSans", "LiberationSans-Bold"}  # the bundled TTFs, subset
    assert images == 0


def test_display_lists_store_compactly_as_data(data, style):
    for chart in charts(data, style):
        blob = encode(chart.display)
        assert isinstance(decode(blob), DisplayList)
        assert decode(blob) == chart.display
        assert len(blob) < 40_000


def test_flowable_splits_never_and_keeps_its_size(data, style):
    chart = draw_chart(spec("bar"), data, style, 400)
    assert chart.wrap(100, 100) == (400, 160)
    assert chart.split(400, 10) == []


def test_drawing_is_deterministic(data, style):
    first = build_pdf(charts(data, style), style.faces.regular)
    second = build_pdf(charts(data, style), style.faces.regular)
    assert first == second
