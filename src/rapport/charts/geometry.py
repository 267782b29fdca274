"""Matplotlib helpers shared by the kinds: margins, axes, percent ticks, legends, colours.

All measurements are in points with the same TrueType metrics reportlab draws with
(the figure is 72 dpi, so matplotlib display units are points).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from matplotlib.axes import Axes
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.transforms import IdentityTransform, ScaledTranslation, Transform

from .frame import Cell
from .measure import (
    LABEL_SHARE,
    MAX_LABEL_LINES,
    legend_height,
    legend_layout,
    line_height,
    text_width,
    wrap,
    wrap_rows,
)
from .style import ChartStyle


def value_text(style: ChartStyle, cell: Cell) -> str:
    if cell.value is None:
        return cell.symbol
    return style.formatter.percent_tick(cell.value, style.digits)


def nice_upper(largest: float) -> float:
    """A round axis end at or above ``largest`` (percent units)."""
    for upper in (10, 20, 25, 30, 40, 50, 60, 75, 80, 100):
        if largest <= upper:
            return float(upper)
    return float(-(-largest // 20) * 20)


def nice_step(upper: float) -> float:
    for step in (25, 20, 10, 5, 2.5, 2):
        ticks = upper / step
        if ticks == int(ticks) and 3 <= ticks <= 6:
            return float(step)
    return upper / 4


def percent_axis(
    fig: Figure, ax: Axes, style: ChartStyle, axis: str, upper: float, *, signed: bool = True
) -> None:
    """The value axis: a label "25 %" at every nice step within the axes' limits (absolute
    values if unsigned), with a light gridline under the data when the layout has them.

    Drawn as plain artists where matplotlib would put its tick labels and gridlines
    (same fonts, pads, alignment and clipping): matplotlib's own axis builds a tick object
    of five artists per label, which cost a third of drawing a chart."""
    step = nice_step(upper)
    low, high = sorted(ax.get_xlim() if axis == "x" else ax.get_ylim())
    first, last = math.ceil(low / step - 1e-9), math.floor(high / step + 1e-9)
    values = [k * step for k in range(first, last + 1)]
    if style.gridlines:
        for value in values:
            _gridline(ax, style, axis, value)
    fmt = style.formatter
    texts = [fmt.percent_tick(v if signed else abs(v)) for v in values]
    axis_labels(fig, ax, style, axis, values, texts)


def _gridline(ax: Axes, style: ChartStyle, axis: str, value: float) -> None:
    """A gridline across the axes at ``value``, under the data, clipped to the axes."""
    across = ([value, value], [0, 1]) if axis == "x" else ([0, 1], [value, value])
    where = ax.get_xaxis_transform() if axis == "x" else ax.get_yaxis_transform()
    line = Line2D(
        *across,
        transform=where,
        color=style.grid_color,
        linewidth=style.grid_width,
        marker="",
        zorder=0.5,
    )
    ax.add_artist(line)  # clipped to the axes patch, and no autoscaling


def axis_labels(
    fig: Figure,
    ax: Axes,
    style: ChartStyle,
    axis: str,
    positions: Sequence[float],
    labels: Sequence[str],
) -> None:
    """Labels along an axis at data ``positions``: centred under the axes ("x") or
    right-aligned left of it ("y"), ``style.label_gap`` away from its edge."""
    gap = style.label_gap(axis) / 72
    if axis == "x":
        where = ax.get_xaxis_transform() + ScaledTranslation(0, -gap, fig.dpi_scale_trans)
        place: dict[str, Any] = {"ha": "center", "va": "top"}
    else:
        where = ax.get_yaxis_transform() + ScaledTranslation(-gap, 0, fig.dpi_scale_trans)
        place = {"ha": "right", "va": "center_baseline"}
    for position, label in zip(positions, labels, strict=True):
        at = (position, 0.0) if axis == "x" else (0.0, position)
        ax.text(
            *at, label, transform=where, fontsize=style.base_size, color=style.text_color, **place
        )


def offset(fig: Figure, ax: Axes, dx: float, dy: float = 0.0) -> Transform:
    """Data coordinates shifted by (dx, dy) points."""
    return ax.transData + ScaledTranslation(dx / 72, dy / 72, fig.dpi_scale_trans)


def add_axes(fig: Figure, margins: tuple[float, float, float, float]) -> Axes:
    """An axes with (left, right, bottom, top) margins in points, in the house look: no
    box and none of matplotlib's axis drawing — the kinds label the axes with
    :func:`axis_labels` and :func:`percent_axis`."""
    left, right, bottom, top = margins
    width, height = fig.bbox.width, fig.bbox.height
    inner_w = max(width - left - right, 10.0)
    inner_h = max(height - bottom - top, 10.0)
    rect = (left / width, bottom / height, inner_w / width, inner_h / height)
    ax = fig.add_axes(rect)
    ax.set_axis_off()
    return ax


def legend(fig: Figure, style: ChartStyle, entries: Sequence[tuple[str, str]]) -> float:
    """Swatches and labels in rows across the top; returns the height used (points)."""
    size, top = style.small_size, fig.bbox.height
    labels = [label for label, _ in entries]
    for (label, color), (x, row) in zip(
        entries, legend_layout(style, labels, fig.bbox.width), strict=True
    ):
        y = top - line_height(style, size) * (row + 1)
        fig.add_artist(
            Rectangle(
                (x, y),
                size * 0.8,
                size * 0.8,
                facecolor=color,
                edgecolor="none",
                transform=IdentityTransform(),
            )
        )
        fig.text(
            x + size * 1.2, y, label, fontsize=size, va="baseline", transform=IdentityTransform()
        )
    return legend_height(style, labels, fig.bbox.width)


def ramp(color: str, count: int, lightest: float = 0.72) -> list[str]:
    """``count`` shades of ``color`` from full strength towards white (Likert scales)."""
    r, g, b = to_rgb(color)
    shades = []
    for i in range(count):
        t = lightest * i / max(count - 1, 1)
        shades.append(
            "#{:02x}{:02x}{:02x}".format(*(round(255 * (c + (1 - c) * t)) for c in (r, g, b)))
        )
    return shades


def diverging_scale(first: str, last: str, neutral: str, count: int) -> list[str]:
    """``count`` colours for an ordered scale: ``first`` fading towards the middle, a
    neutral middle when ``count`` is odd, then ``last`` growing from the middle — so the
    poles read as opposites and neighbours on a 7-point scale stay apart."""
    half = count // 2
    steps = max(half, 1)
    lighter = 0.62 if half > 1 else 0.0
    own = [ramp(first, steps, lighter)[i] for i in range(half)]
    other = [ramp(last, steps, lighter)[i] for i in range(half)][::-1]
    if count == 1:
        return [first]
    return own + ([neutral] if count % 2 else []) + other


def is_dark(color: str) -> bool:
    r, g, b = to_rgb(color)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.5


def row_labels(fig: Figure, style: ChartStyle, labels: Sequence[str]) -> tuple[list[str], float]:
    """Labels wrapped to the label column and the width of that column (points)."""
    wrapped = wrap_rows(style, labels, fig.bbox.width)
    widest = max((text_width(style, w) for w in wrapped), default=0.0)
    return wrapped, widest + style.pad * 1.5


__all__ = [
    "LABEL_SHARE",
    "MAX_LABEL_LINES",
    "legend_height",
    "legend_layout",
    "line_height",
    "text_width",
    "wrap",
    "wrap_rows",
]
