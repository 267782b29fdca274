"""The arithmetic of a diverging (Likert) bar chart, apart from the drawing.

The left side's categories are stacked leftwards from zero, the right side's
rightwards; each side has its own colour ramp, strongest at the ends. These
functions compute colours, legend order, row segments and the x range; the
drawing is :func:`rapport.charts.kinds.draw_diverging`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .frame import Cell, cells_for
from .geometry import ramp


def side_shades(color: str, count: int) -> list[str]:
    """``count`` shades of ``color`` for one side, lightest (nearest zero) … strongest.

    The lightest shade of the ramp is left out so the mildest answer is still visible."""
    return ramp(color, count + 1)[1::][::-1]


def side_colors(
    left: Sequence[str], right: Sequence[str], left_color: str, right_color: str
) -> dict[str, str]:
    """Category code → fill colour, for both sides."""
    sides = (
        (left, side_shades(left_color, len(left))),
        (right, side_shades(right_color, len(right))),
    )
    return {c: shade for codes, shades in sides for c, shade in zip(codes, shades, strict=True)}


def legend_order(left: Sequence[str], right: Sequence[str], present: Iterable[str]) -> list[str]:
    """Codes in reading order of the scale (the left side reversed), those with data only."""
    known = set(present)
    return [c for c in (*reversed(left), *right) if c in known]


def side_cells(cells: tuple[Cell, ...], indicator: str, codes: Sequence[str]) -> list[Cell]:
    """One row's cells of one side, in the side's order (from zero outwards)."""
    return [c for code in codes for c in cells_for(cells, indicator=indicator, category=code)]


def side_total(row: Iterable[Cell]) -> float:
    """The length of a side's bar: its shares added (a suppressed share counts 0)."""
    return sum(c.value or 0.0 for c in row)


def side_extents(
    cells: tuple[Cell, ...], rows: Sequence[str], left: Sequence[str], right: Sequence[str]
) -> tuple[float, float]:
    """The longest left bar and the longest right bar over all rows."""
    lengths = [[side_total(side_cells(cells, r, codes)) for r in rows] for codes in (left, right)]
    return max(lengths[0], default=0.0), max(lengths[1], default=0.0)


def limits_with_room(lower: float, upper: float, share: float) -> tuple[float, float]:
    """The x range from ``-lower`` to ``upper`` widened so the labels beyond each end take
    ``share`` of the axis on each side."""
    room = (lower + upper) / (1 - 2 * share) * share
    return -(lower + room), upper + room


def is_complete(row: Iterable[Cell]) -> bool:
    """A side's total is shown only when none of its shares is suppressed."""
    return all(c.value is not None for c in row)
