"""Matplotlib figure → compact display list → vector drawing on a reportlab canvas.

A :class:`RecordingCanvas` draws a matplotlib ``Figure`` with :class:`RecordingRenderer`,
which records paths and text (in points, origin bottom-left, as reportlab uses) into
a picklable :class:`DisplayList`. Text is measured with reportlab's TrueType metrics,
so matplotlib lays text out exactly as reportlab will draw it. :class:`ChartFlowable`
replays the list in ``draw()``: real PDF paths and real, extractable text set in the
registered bundled faces — no raster image and no embedded PDF page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from matplotlib.backend_bases import FigureCanvasBase, GraphicsContextBase, RendererBase
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, weight_dict
from matplotlib.path import Path as MplPath
from matplotlib.transforms import Transform
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

FORMAT_VERSION = 1
"""Bump when the display-list layout changes (it is part of the cache key)."""

Op = tuple[Any, ...]
Color = tuple[float, float, float, float]

_CAPS = {"butt": 0, "round": 1, "projecting": 2}
_JOINS = {"miter": 0, "round": 1, "bevel": 2}


@dataclass(frozen=True)
class Faces:
    """Reportlab face names by (bold, italic)."""

    regular: str
    bold: str
    italic: str
    bold_italic: str

    def pick(self, prop: FontProperties) -> str:
        weight = prop.get_weight()
        numeric = weight if isinstance(weight, int) else weight_dict.get(weight, 400)
        bold = numeric >= 600
        italic = prop.get_style() in ("italic", "oblique")
        return ((self.regular, self.italic), (self.bold, self.bold_italic))[bold][italic]


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


def _r(value: float) -> float:
    return round(float(value), 2)


def _rgba(color: Any, alpha: float | None = None) -> Color | None:
    r, g, b, *rest = (float(c) for c in color)
    a = rest[0] if rest and alpha is None else (1.0 if alpha is None else alpha)
    if a <= 0:
        return None
    return (round(r, 4), round(g, 4), round(b, 4), round(a, 4))


def _segments(path: MplPath, transform: Transform) -> tuple[Op, ...]:
    """Path → ``(code, coords…)`` tuples in points; quadratic curves raised to cubic."""
    out: list[Op] = []
    last = (0.0, 0.0)
    for verts, raw in path.iter_segments(transform, remove_nans=True, simplify=False):
        code = int(raw)
        pts = [_r(v) for v in verts]
        if code == MplPath.CURVE3:
            (cx, cy), (ex, ey) = (pts[0], pts[1]), (pts[2], pts[3])
            c1 = (_r(last[0] + 2 / 3 * (cx - last[0])), _r(last[1] + 2 / 3 * (cy - last[1])))
            c2 = (_r(ex + 2 / 3 * (cx - ex)), _r(ey + 2 / 3 * (cy - ey)))
            out.append((MplPath.CURVE4, *c1, *c2, ex, ey))
        elif code == MplPath.CLOSEPOLY:
            out.append((MplPath.CLOSEPOLY,))
            continue
        else:
            out.append((int(code), *pts))
        last = (pts[-2], pts[-1])
    return tuple(out)


class RecordingRenderer(RendererBase):
    """A matplotlib renderer at 72 dpi that records instead of rasterising."""

    def __init__(self, width: float, height: float, faces: Faces) -> None:
        super().__init__()
        self.width, self.height, self.faces = width, height, faces
        self.ops: list[Op] = []
        self._clip: tuple[float, ...] | None = None

    # -- geometry ----------------------------------------------------------
    def flipy(self) -> bool:
        return False

    def points_to_pixels(self, points: float) -> float:
        return points

    def get_canvas_width_height(self) -> tuple[float, float]:
        return self.width, self.height

    def get_text_width_height_descent(
        self, s: str, prop: FontProperties, ismath: Any
    ) -> tuple[float, float, float]:
        face, size = self.faces.pick(prop), prop.get_size_in_points()
        ascent, descent = pdfmetrics.getAscentDescent(face, size)
        return pdfmetrics.stringWidth(s, face, size), ascent - descent, -descent

    def _get_font_height_metrics(
        self, prop: FontProperties
    ) -> tuple[float, float, float]:
        """Line metrics for matplotlib's text layout (a private hook since matplotlib 3.10),
        from the same TrueType face, so no matplotlib font lookup happens."""
        ascent, descent = pdfmetrics.getAscentDescent(self.faces.pick(prop),
                                                      prop.get_size_in_points())
        return ascent, -descent, (ascent - descent) * 0.2

    # -- recording ---------------------------------------------------------
    def _set_clip(self, gc: GraphicsContextBase) -> None:
        box = gc.get_clip_rectangle()
        clip = tuple(_r(v) for v in box.bounds) if box is not None else None
        if clip != self._clip:
            self._clip = clip
            self.ops.append(("clip", clip))

    def draw_path(
        self, gc: GraphicsContextBase, path: MplPath, transform: Transform, rgbFace: Any = None
    ) -> None:
        forced = gc.get_alpha() if gc.get_forced_alpha() else None
        fill = _rgba(rgbFace, forced) if rgbFace is not None else None
        width = gc.get_linewidth()
        stroke = _rgba(gc.get_rgb()) if width > 0 else None
        if fill is None and stroke is None:
            return
        self._set_clip(gc)
        offset, dashes = gc.get_dashes()
        dash = (tuple(_r(d) for d in dashes), _r(offset or 0)) if dashes is not None else None
        self.ops.append(("path", _segments(path, transform), fill, stroke, _r(width), dash,
                         _CAPS.get(gc.get_capstyle(), 0), _JOINS.get(gc.get_joinstyle(), 0)))

    def draw_text(
        self, gc: GraphicsContextBase, x: float, y: float, s: str, prop: FontProperties,
        angle: float, ismath: Any = False, mtext: Any = None,
    ) -> None:
        color = _rgba(gc.get_rgb())
        if not s.strip() or color is None:
            return
        self._set_clip(gc)
        self.ops.append(("text", _r(x), _r(y), _r(angle), self.faces.pick(prop),
                         _r(prop.get_size_in_points()), color, s))

    def draw_image(self, gc: GraphicsContextBase, x: float, y: float, im: Any) -> None:
        raise NotImplementedError("chart images are not supported; charts are vector only")


class RecordingCanvas(FigureCanvasBase):
    """A figure canvas whose only output is a :class:`DisplayList`."""

    def __init__(self, figure: Figure, faces: Faces) -> None:
        super().__init__(figure)
        self.faces = faces
        width, height = figure.bbox.size
        self._renderer = RecordingRenderer(float(width), float(height), faces)

    def get_renderer(self) -> RecordingRenderer:
        return self._renderer

    def record(self) -> DisplayList:
        """Draw the figure once and return what was drawn."""
        renderer = RecordingRenderer(self._renderer.width, self._renderer.height, self.faces)
        self._renderer = renderer
        self.figure.draw(renderer)
        return DisplayList(_r(renderer.width), _r(renderer.height), tuple(renderer.ops))


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
        if code == MplPath.MOVETO:
            path.moveTo(seg[1], seg[2])
        elif code == MplPath.LINETO:
            path.lineTo(seg[1], seg[2])
        elif code == MplPath.CURVE4:
            path.curveTo(*seg[1:])
        elif code == MplPath.CLOSEPOLY:
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


class ChartFlowable(Flowable):
    """A chart as a platypus flowable: fixed size, vector drawing, alt text kept alongside."""

    role = "Figure"

    def __init__(self, display: DisplayList, alt_text: str, chart_id: str) -> None:
        super().__init__()
        self.display = display
        self.alt_text = alt_text
        self.chart_id = chart_id
        self.width, self.height = display.width, display.height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        replay(self.canv, self.display)

    def __repr__(self) -> str:
        return f"ChartFlowable({self.chart_id!r}, {self.width:.0f}×{self.height:.0f} pt)"
