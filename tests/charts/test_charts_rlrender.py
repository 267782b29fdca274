"""The recording renderer: paths, curves, dashes, clipping, rotated text, TrueType metrics."""

from __future__ import annotations

import io

import matplotlib
import pytest
from matplotlib.figure import Figure
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from rapport.charts.display import CLOSEPOLY, CURVE4, ChartFlowable
from rapport.charts.rlrender import RecordingCanvas


@pytest.fixture
def recorded(style):
    with matplotlib.rc_context(style.rc()):
        figure = Figure(figsize=(300 / 72, 150 / 72), dpi=72)
        canvas = RecordingCanvas(figure, style.faces)
        ax = figure.add_axes((0.2, 0.2, 0.7, 0.7))
        ax.set_xlim(0, 10)
        ax.plot([0, 20], [0.5, 0.5], linestyle="--", color="#ff0000", linewidth=2)
        ax.plot([5], [0.5], marker="o", color="#00ff00", alpha=0.5)
        figure.text(0.05, 0.5, "Lodret tekst", rotation=90, fontweight="bold")
        try:
            yield canvas.record()
        finally:
            figure.clear()


def test_dashed_line_is_clipped_to_the_axes(recorded):
    dashed = [op for op in recorded.paths() if op[5] is not None]
    assert len(dashed) == 1
    assert dashed[0][3][:3] == (1.0, 0.0, 0.0)
    assert dashed[0][4] == 2.0
    clips = [op for op in recorded.ops if op[0] == "clip" and op[1] is not None]
    assert clips[0][1] == (60.0, 30.0, 210.0, 105.0)


def test_marker_is_a_closed_curve_with_alpha(recorded):
    marker = next(op for op in recorded.paths() if op[2] and op[2][:3] == (0.0, 1.0, 0.0))
    codes = [seg[0] for seg in marker[1]]
    assert CURVE4 in codes
    assert codes[-1] == CLOSEPOLY
    assert marker[2][3] == 0.5


def test_rotated_bold_text(recorded, style):
    op = next(op for op in recorded.ops if op[0] == "text" and op[7] == "Lodret tekst")
    assert op[3] == 90.0
    assert op[4] == style.faces.bold


def test_text_is_measured_with_the_reportlab_metrics(style):
    from matplotlib.font_manager import FontProperties

    from rapport.charts.rlrender import RecordingRenderer

    renderer = RecordingRenderer(100, 100, style.faces)
    prop = FontProperties(size=10)
    width, height, descent = renderer.get_text_width_height_descent("Økonomi 25 %", prop, False)
    assert width == stringWidth("Økonomi 25 %", style.faces.regular, 10)
    assert 0 < descent < height < 15


def test_replay_gives_a_vector_page_with_rotated_extractable_text(recorded, style):
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(300, 150), initialFontName=style.faces.regular)
    flowable = ChartFlowable(recorded, "alt", "x")
    flowable.drawOn(canvas, 0, 0)
    canvas.save()
    page = PdfReader(io.BytesIO(out.getvalue())).pages[0]
    assert "Lodret tekst" in page.extract_text()
    content = page.get_contents().get_data().decode("latin-1")
    assert " c" in content  # Bézier segments of the marker
    assert "] 0 d" in content  # the dash pattern
    assert not page.images
