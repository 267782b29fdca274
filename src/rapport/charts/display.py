"""Display list → reportlab canvas: the chart flowable, with no matplotlib import.

A :class:`DisplayList` is what :mod:`rapport.charts.rlrender` recorded from
matplotlib (paths and text in points, origin bottom-left). :class:`ChartFlowable`
replays it in ``draw()`` as real PDF paths and real, extractable text in the
registered bundled faces. Replaying a cached chart never imports matplotlib.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from ..datacodec import cache_record
from ..drawmemo import draw_kept, state_of

FORMAT_VERSION = 3
"""Bump when the display-list layout, or what the kinds draw, changes (it is part of
the cache key, so drawings kept by an earlier version are drawn again)."""

Op = tuple[Any, ...]
Color = tuple[float, float, float, float]

MOVETO, LINETO, CURVE3, CURVE4, CLOSEPOLY = 1, 2, 3, 4, 79
"""Path segment codes (matplotlib's ``Path`` codes)."""


@dataclass(frozen=True)
class Faces:
    """Reportlab face names by (bold, italic)."""

    regular: str
    bold: str
    italic: str
    bold_italic: str


@cache_record
@dataclass(frozen=True)
class DisplayList:
    """Everything needed to draw one chart: size in points and the drawing operations.

    Operations: ``("clip", (x, y, w, h) | None)``, ``("path", segments, fill, stroke,
    linewidth, dash, cap, join)`` and ``("text", x, y, angle, face, size, colour, text)``.
    """

    width: float
    height: float
    ops: tuple[Op, ...]

    def texts(self) -> list[str]:
        return [op[7] for op in self.ops if op[0] == "text"]

    def paths(self) -> list[Op]:
        return [op for op in self.ops if op[0] == "path"]


# -- replay ----------------------------------------------------------------
def replay(canv: Canvas, display: DisplayList) -> None:
    """Draw ``display`` with its origin at the canvas's current origin."""
    canv.saveState()
    clipped = False
    for op in display.ops:
        if op[0] == "clip":
            if clipped:
                canv.restoreState()
            clipped = op[1] is not None
            if clipped:
                _clip(canv, op[1])
        elif op[0] == "path":
            _path(canv, op)
        else:
            _text(canv, op)
    if clipped:
        canv.restoreState()
    canv.restoreState()


def _clip(canv: Canvas, rect: tuple[float, float, float, float]) -> None:
    canv.saveState()
    path = canv.beginPath()
    path.rect(*rect)
    canv.clipPath(path, stroke=0, fill=0)


def _path(canv: Canvas, op: Op) -> None:
    _, segments, fill, stroke, width, dash, cap, join = op
    path = canv.beginPath()
    for seg in segments:
        code = seg[0]
        if code == MOVETO:
            path.moveTo(seg[1], seg[2])
        elif code == LINETO:
            path.lineTo(seg[1], seg[2])
        elif code == CURVE4:
            path.curveTo(*seg[1:])
        elif code == CLOSEPOLY:
            path.close()
    if fill is not None:
        canv.setFillColorRGB(*fill[:3], alpha=fill[3])
    if stroke is not None:
        canv.setStrokeColorRGB(*stroke[:3], alpha=stroke[3])
        canv.setLineWidth(width)
        canv.setLineCap(cap)
        canv.setLineJoin(join)
        canv.setDash(*(dash or ([], 0)))
    canv.drawPath(path, stroke=int(stroke is not None), fill=int(fill is not None))


def _text(canv: Canvas, op: Op) -> None:
    _, x, y, angle, face, size, color, text = op
    canv.setFillColorRGB(*color[:3], alpha=color[3])
    canv.setFont(face, size)
    if angle:
        canv.saveState()
        canv.translate(x, y)
        canv.rotate(angle)
        canv.drawString(0, 0, text)
        canv.restoreState()
    else:
        canv.drawString(x, y, text)


def draw_chart(chart: Flowable, canv: Canvas, key: str) -> None:
    """Draw a chart flowable, from the code kept for its cache key when there is one."""

    def draw() -> None:
        Flowable._drawOn(chart, canv)

    if key:
        draw_kept(canv, ("chart", key, chart.width, chart.height, state_of(canv)), draw)
    else:
        draw()


class ChartFlowable(Flowable):
    """A chart as a platypus flowable: fixed size, vector drawing, alt text kept alongside."""

    role = "Figure"

    def __init__(self, display: DisplayList, alt_text: str, chart_id: str, key: str = "") -> None:
        super().__init__()
        self.display = display
        self.alt_text = alt_text
        self.chart_id = chart_id
        self.key = key  # the drawing's cache key, when it has one: see rapport.drawmemo
        self.width, self.height = display.width, display.height

    def _drawOn(self, canv: Canvas) -> None:
        draw_chart(self, canv, self.key)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        replay(self.canv, self.display)

    def __repr__(self) -> str:
        return f"ChartFlowable({self.chart_id!r}, {self.width:.0f}×{self.height:.0f} pt)"
