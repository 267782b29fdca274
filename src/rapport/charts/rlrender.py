"""Matplotlib figure → compact display list (replayed on reportlab by ``charts.display``).

A :class:`RecordingCanvas` draws a matplotlib ``Figure`` with :class:`RecordingRenderer`,
which records paths and text (in points, origin bottom-left, as reportlab uses) into
a picklable :class:`DisplayList`. Text is measured with reportlab's TrueType metrics,
so matplotlib lays text out exactly as reportlab will draw it. :class:`ChartFlowable`
replays the list in ``draw()``: real PDF paths and real, extractable text set in the
registered bundled faces — no raster image and no embedded PDF page.
"""

from __future__ import annotations

from typing import Any

from matplotlib.backend_bases import FigureCanvasBase, GraphicsContextBase, RendererBase
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, weight_dict
from matplotlib.path import Path as MplPath
from matplotlib.transforms import Transform
from reportlab.pdfbase import pdfmetrics

from .display import FORMAT_VERSION, ChartFlowable, Color, DisplayList, Faces, Op, replay

__all__ = [
    "FORMAT_VERSION",
    "ChartFlowable",
    "DisplayList",
    "Faces",
    "RecordingCanvas",
    "RecordingRenderer",
    "pick_face",
    "replay",
]

_CAPS = {"butt": 0, "round": 1, "projecting": 2}
_JOINS = {"miter": 0, "round": 1, "bevel": 2}


def pick_face(faces: Faces, prop: FontProperties) -> str:
    """The reportlab face for matplotlib font properties (weight ≥ 600 is bold)."""
    weight = prop.get_weight()
    numeric = weight if isinstance(weight, int) else weight_dict.get(weight, 400)
    bold = numeric >= 600
    italic = prop.get_style() in ("italic", "oblique")
    return ((faces.regular, faces.italic), (faces.bold, faces.bold_italic))[bold][italic]


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
            out.append((int(MplPath.CURVE4), *c1, *c2, ex, ey))
        elif code == MplPath.CLOSEPOLY:
            out.append((code,))  # a plain int: a cached drawing reads back without NumPy
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

    def points_to_pixels(self, points: Any) -> Any:
        return points

    def get_canvas_width_height(self) -> tuple[float, float]:
        return self.width, self.height

    def get_text_width_height_descent(
        self, s: str, prop: FontProperties, ismath: Any
    ) -> tuple[float, float, float]:
        face, size = pick_face(self.faces, prop), prop.get_size_in_points()
        ascent, descent = pdfmetrics.getAscentDescent(face, size)
        return pdfmetrics.stringWidth(s, face, size), ascent - descent, -descent

    def _get_font_height_metrics(self, prop: FontProperties) -> tuple[float, float, float]:
        """Line metrics for matplotlib's text layout (a private hook since matplotlib 3.10),
        from the same TrueType face, so no matplotlib font lookup happens."""
        ascent, descent = pdfmetrics.getAscentDescent(
            pick_face(self.faces, prop), prop.get_size_in_points()
        )
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
        pattern: Any = dashes
        dash = (tuple(_r(d) for d in pattern), _r(offset or 0)) if pattern is not None else None
        self.ops.append(
            (
                "path",
                _segments(path, transform),
                fill,
                stroke,
                _r(width),
                dash,
                _CAPS.get(gc.get_capstyle(), 0),
                _JOINS.get(gc.get_joinstyle(), 0),
            )
        )

    def draw_text(
        self,
        gc: GraphicsContextBase,
        x: float,
        y: float,
        s: str,
        prop: FontProperties,
        angle: float,
        ismath: Any = False,  # noqa: FBT002 - matplotlib's RendererBase.draw_text signature
        mtext: Any = None,
    ) -> None:
        color = _rgba(gc.get_rgb())
        if not s.strip() or color is None:
            return
        self._set_clip(gc)
        self.ops.append(
            (
                "text",
                _r(x),
                _r(y),
                _r(angle),
                pick_face(self.faces, prop),
                _r(prop.get_size_in_points()),
                color,
                s,
            )
        )

    def draw_image(
        self, gc: GraphicsContextBase, x: float, y: float, im: Any, transform: Any = None
    ) -> None:
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
