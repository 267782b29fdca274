"""Key-figure tile text → sizes that fit the tile: wrap, then shrink within the layout's floor.

A tile (``bignumber``) has fixed geometry: the big number on the left, the claim wrapped
beside it, an optional bar underneath. :func:`fit_tile` measures both texts with the
TrueType metrics they are drawn with and picks the largest sizes at which the claim's
lines fit beside the number and above the bar: first the claim shrinks, then the number,
never below ``style.min_scale`` of their own sizes. When even that does not fit, the
build stops with an error that names the text and the room it had. The drawing and the
check before it use the same function, so a tile that passed the check always fits.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import ChartError
from .frame import Cell, cells_for
from .measure import text_width, wrap
from .sizing import chart_height
from .spec import BignumberSpec
from .style import ChartStyle

LINE_SPACING = 1.25
STEPS = 6


@dataclass(frozen=True)
class TileFit:
    number: str
    number_size: float
    claim: str  # wrapped, lines joined by "\n"
    claim_size: float
    bar: float  # height of the bar under the texts (0: none)


def tile_number(style: ChartStyle, cell: Cell) -> str:
    if cell.value is None:
        return cell.symbol
    return style.formatter.percent(cell.value, style.digits, style="symbol")


def _steps(floor: float) -> list[tuple[float, float]]:
    """(number scale, claim scale) from full size down to the floor: claim first."""
    scales = [1 - (1 - floor) * k / STEPS for k in range(STEPS + 1)]
    return [(1.0, s) for s in scales] + [(s, floor) for s in scales[1:]]


def fit_step(
    style: ChartStyle, number: str, text: str, width: float, height: float, *, bar: bool
) -> int:
    """The first shrinking step at which the tile's texts fit (see :func:`fit_tile`)."""
    for step in range(len(_steps(style.min_scale))):
        if _fit(style, number, text, width, height, step, bar=bar) is not None:
            return step
    room = height - (style.base_size * 0.6 if bar else 0.0) - style.pad * 2
    smallest = round(style.claim_size * style.min_scale, 1)
    raise ChartError(
        f"the key-figure text {text!r} does not fit its tile: even at {smallest} pt it needs "
        f"more than the {room / 72 * 25.4:.0f} mm of height beside the number "
        f"(the tile is {width / 72 * 25.4:.0f} mm wide)",
        hint="shorten the tile's 'text', or lower typography.min_scale in the layout "
        "(the smallest share of its size tile text may shrink to)",
    )


def fit_tile(
    style: ChartStyle, number: str, text: str, width: float, height: float, *, bar: bool
) -> TileFit:
    """The sizes a tile ``width`` × ``height`` points draws its number and claim at: the
    first that fits, starting from ``style.tile_step`` (so tiles can share one size)."""
    first = max(style.tile_step, fit_step(style, number, text, width, height, bar=bar))
    for step in range(first, len(_steps(style.min_scale))):
        fit = _fit(style, number, text, width, height, step, bar=bar)
        if fit is not None:
            return fit
    raise AssertionError("fit_step found a step that fits")  # pragma: no cover


def _fit(
    style: ChartStyle, number: str, text: str, width: float, height: float, step: int, *, bar: bool
) -> TileFit | None:
    bar_height = style.base_size * 0.6 if bar else 0.0
    room = height - bar_height - style.pad * 2
    number_scale, claim_scale = _steps(style.min_scale)[step]
    size = round(min(style.big_size, room - style.pad) * number_scale, 2)
    claim_size = round(style.claim_size * claim_scale, 2)
    beside = width - text_width(style, number, size, bold=True) - style.pad * 3
    claim = wrap(style, text, beside, claim_size)
    lines = claim.count("\n") + 1
    if text_width(style, claim, claim_size) > beside or lines * claim_size * LINE_SPACING > room:
        return None
    return TileFit(number, size, claim, claim_size, bar_height)


def tile_step(spec: BignumberSpec, cells: tuple[Cell, ...], style: ChartStyle, width: float) -> int:
    """The shrinking step this tile needs; raises the fitting error when none fits."""
    cell = cells_for(cells, group=spec.groups[0])[0]
    height = chart_height(spec, style, width, cells)
    return fit_step(style, tile_number(style, cell), spec.text, width, height, bar=spec.bar)
