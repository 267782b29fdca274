"""Chart spec + cells + style → drawn with matplotlib and recorded as a display list.

Drawing happens inside ``matplotlib.rc_context(style.rc())`` on a private
:class:`~rapport.charts.rlrender.RecordingCanvas` — pyplot is never used, so no
figure is registered globally — and the figure is released in ``finally``.
Only a cache miss imports this module (and so matplotlib).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

import matplotlib
from matplotlib.figure import Figure

from ..errors import FontError
from ..fonts import missing_glyphs, use_in_matplotlib
from .display import DisplayList
from .frame import Cell
from .kinds import DRAWERS
from .rlrender import RecordingCanvas
from .sizing import chart_height
from .spec import ChartSpec
from .style import ChartStyle


def render_cells(
    spec: ChartSpec, cells: tuple[Cell, ...], style: ChartStyle, width: float
) -> DisplayList:
    """Draw with matplotlib and record the drawing (no cache involved)."""
    height = chart_height(spec, style, width, cells)
    style = replace(style, digits=spec.digits)
    with _figure(style, width, height) as canvas:
        DRAWERS[spec.kind](canvas.figure, spec, cells, style)
        display = canvas.record()
    _check_glyphs(display, style, spec)
    return display


def _check_glyphs(display: DisplayList, style: ChartStyle, spec: ChartSpec) -> None:
    """A character the bundled font cannot draw is an error, not an empty box."""
    if style.font_file is None:
        return
    for text in display.texts():
        missing = missing_glyphs(text, style.font_file)
        if missing:
            char = missing[0]
            raise FontError(
                f"chart {spec.id or spec.kind!r}: the chart font has no glyph for "
                f"{char!r} (U+{ord(char):04X}) in {text!r}",
                hint="replace the character in the label or text, or choose a "
                "chart font family in the layout that has it",
            )


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while one figure lives: matplotlib builds
    thousands of short-lived reference cycles and collecting mid-drawing costs ~20 %."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def _figure(style: ChartStyle, width: float, height: float) -> Iterator[RecordingCanvas]:
    use_in_matplotlib(style.family)
    with _gc_paused(), matplotlib.rc_context(style.rc()):
        figure = Figure(figsize=(width / 72, height / 72), dpi=72)
        try:
            yield RecordingCanvas(figure, style.faces)
        finally:
            _close(figure)


def _close(figure: Figure) -> None:
    """Release the figure's artists. ``Figure.clear`` would first reset every axes
    (rebuilding its ticks), which costs more than drawing; detaching is enough."""
    for ax in list(figure.axes):
        figure.delaxes(ax)
    for artists in (figure.artists, figure.texts, figure.patches, figure.lines):
        artists.clear()
    figure.canvas = None  # type: ignore[assignment]
