"""Chart spec + cells + style + width → the chart's height in points.

A spec's ``aspect`` fixes height = width × aspect. Without one, charts made of rows
(bar, grouped, stacked, diverging, dotplot) are as tall as their rows need — row
height from the base size and the wrapped label lines, plus legend and axis — so
three bars are not drawn as three slabs and twelve are not squeezed. Time series
use the layout's default aspect; big-number tiles a fixed 0,3.
"""

from __future__ import annotations

from .frame import Cell, group_label, row_label, stack_bars
from .measure import legend_height, line_height, wrap_rows
from .spec import (
    BarSpec,
    BignumberSpec,
    ChartSpec,
    DivergingSpec,
    DotplotSpec,
    GroupedSpec,
    StackedSpec,
)
from .style import ChartStyle

BIGNUMBER_ASPECT = 0.3
MIN_ASPECT, MAX_ASPECT = 0.12, 1.4
"""Bounds on the ratio of a row-sized chart."""


def chart_height(
    spec: ChartSpec, style: ChartStyle, width: float, cells: tuple[Cell, ...] = ()
) -> float:
    """Height in points of ``spec`` drawn ``width`` points wide."""
    if spec.aspect:
        return round(width * spec.aspect, 2)
    if isinstance(spec, BignumberSpec):
        return round(width * BIGNUMBER_ASPECT, 2)
    natural = _rows_height(spec, cells, style, width) if cells else None
    if natural is None:
        return round(width * style.aspect, 2)
    return round(min(max(natural, width * MIN_ASPECT), width * MAX_ASPECT), 2)


def _rows_height(
    spec: ChartSpec, cells: tuple[Cell, ...], style: ChartStyle, width: float
) -> float | None:
    base, language = style.base_size, style.formatter.language
    axis = line_height(style) + style.pad * 2
    if isinstance(spec, StackedSpec | DivergingSpec):
        labels = (
            [label for _, _, label in stack_bars(spec, language)]
            if isinstance(spec, StackedSpec)
            else [row_label(spec, r) for r in spec.rows]
        )
        keys = list(dict.fromkeys(c.label for c in cells))
        extra = line_height(style) + style.pad if isinstance(spec, DivergingSpec) else 0.0
        return (
            axis
            + extra
            + legend_height(style, keys, width)
            + _rows(style, labels, width, base * 2.6)
        )
    if not isinstance(spec, BarSpec):
        return None
    labels = list(dict.fromkeys(c.label for c in cells))
    groups = len(spec.groups)
    names = [group_label(spec, g, language) for g in spec.groups] if groups > 1 else []
    if isinstance(spec, DotplotSpec) and names and len(labels) == 1:
        return axis + style.pad + _rows(style, names, width, base * 2.2)
    if isinstance(spec, GroupedSpec):
        per_row = groups * base * 1.45 + base * 1.2
    elif isinstance(spec, DotplotSpec):
        per_row = base * 2.2 + (groups - 1) * base * 0.9
    else:
        per_row = base * 2.6
    return axis + legend_height(style, names, width) + _rows(style, labels, width, per_row)


def _rows(style: ChartStyle, labels: list[str], width: float, per_row: float) -> float:
    """Total height of the rows: at least ``per_row`` each, more for multi-line labels."""
    lines = max((w.count("\n") + 1 for w in wrap_rows(style, labels, width)), default=1)
    return len(labels) * max(per_row, line_height(style) * lines + style.base_size * 0.9)
