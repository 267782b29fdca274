"""Chart spec + tidy data + style → a vector :class:`ChartFlowable` (drawn or from the cache).

A cache hit replays the stored display list and never imports matplotlib; a miss
draws through :func:`rapport.charts.figure.render_cells`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .cache import ChartCache, chart_key
from .describe import describe_cells
from .display import ChartFlowable, DisplayList
from .frame import Cell, select_cells
from .sizing import chart_height
from .spec import ChartSpec
from .style import ChartStyle

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["chart_height", "draw_chart", "render_cells"]


def draw_chart(
    spec: ChartSpec,
    data: pd.DataFrame,
    style: ChartStyle,
    width: float,
    *,
    cache: ChartCache | None = None,
    cells: tuple[Cell, ...] | None = None,
) -> ChartFlowable:
    """Draw one chart ``width`` points wide; reuse the cached drawing when nothing changed.

    ``cells`` may be given when the caller already selected them from ``data``."""
    if cells is None:
        cells = select_cells(spec, data)
    key = chart_key(spec, cells, style, width)
    display = cache.get(key) if cache is not None else None
    if display is None:
        display = render_cells(spec, cells, style, width)
        if cache is not None:
            cache.put(key, display)
    alt = describe_cells(spec, cells, style.formatter)
    return ChartFlowable(display, alt, spec.id or f"chart-{key[:12]}")


def render_cells(
    spec: ChartSpec, cells: tuple[Cell, ...], style: ChartStyle, width: float
) -> DisplayList:
    """Draw with matplotlib and record the drawing (imports matplotlib on first use)."""
    from .lean import import_matplotlib

    import_matplotlib()
    from .figure import render_cells as render

    return render(spec, cells, style, width)
