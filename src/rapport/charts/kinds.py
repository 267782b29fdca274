"""One drawing function per chart kind: (figure, spec, cells, style) → artists on the figure.

Rows of horizontal charts run top to bottom in display order; row ``i`` of ``k``
sits at ``y = k - 1 - i``. Suppressed cells get no mark, only the symbol.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.transforms import IdentityTransform, ScaledTranslation

from .diverging import (
    is_complete,
    legend_order,
    limits_with_room,
    side_cells,
    side_colors,
    side_extents,
)
from .frame import Cell, cells_for, end_labels, group_label, ordered, row_label, stack_bars
from .geometry import (
    add_axes,
    axis_labels,
    diverging_scale,
    is_dark,
    legend,
    line_height,
    nice_upper,
    offset,
    percent_axis,
    ramp,
    row_labels,
    text_width,
    value_text,
    wrap,
)
from .spec import (
    BarSpec,
    BignumberSpec,
    ChartSpec,
    DivergingSpec,
    DotplotSpec,
    GroupedSpec,
    StackedSpec,
    TimeseriesSpec,
)
from .style import ChartStyle
from .tile import LINE_SPACING, fit_tile, tile_number

Drawer = Callable[[Figure, ChartSpec, tuple[Cell, ...], ChartStyle], None]


def _largest(cells: list[Cell] | tuple[Cell, ...]) -> float:
    return max((c.value for c in cells if c.value is not None), default=0.0)


def _value_room(style: ChartStyle, size: float | None = None) -> float:
    if not style.value_labels:
        return style.pad * 2
    widest = style.formatter.percent_tick(100, style.digits)
    return text_width(style, widest, size) + style.pad * 1.5


def _hbar_axes(fig: Figure, style: ChartStyle, labels: list[str], top: float, right: float) -> Axes:
    """Axes for horizontal rows with wrapped labels on the left and a percent x axis."""
    wrapped, left = row_labels(fig, style, labels)
    bottom = line_height(style) + style.pad
    ax = add_axes(fig, (left, right, bottom, top + style.pad))
    rows = len(labels)
    ax.set_ylim(-0.5, rows - 0.5)
    axis_labels(fig, ax, style, "y", range(rows), list(reversed(wrapped)))
    ax.axvline(0, color=style.muted_color, linewidth=style.line_width * 1.5)
    return ax


def _rect(ax: Axes, x: float, y: float, width: float, height: float, color: str) -> None:
    """A filled rectangle in data coordinates, clipped to the axes.

    ``add_artist`` skips the unit handling, containers and autoscaling of
    ``Axes.bar``, which cost a millisecond a bar; the limits are always set explicitly.
    """
    ax.add_artist(Rectangle((x, y), width, height, facecolor=color, edgecolor="none", linewidth=0))


def _bar(
    fig: Figure,
    ax: Axes,
    style: ChartStyle,
    cell: Cell,
    y: float,
    height: float,
    color: str,
    size: float | None = None,
) -> None:
    """One horizontal bar with its value label, or just the symbol when suppressed."""
    size = size or style.base_size
    if cell.value is not None:
        _rect(ax, 0.0, y - height / 2, cell.value, height, color)
    if style.value_labels or cell.value is None:
        ax.text(
            cell.value or 0.0,
            y,
            value_text(style, cell),
            fontsize=size,
            va="center_baseline",
            ha="left",
            transform=offset(fig, ax, style.pad * 0.7),  # clear of the bar end and the axis
            bbox=style.label_box(),
            clip_on=False,
        )


def draw_bar(fig: Figure, spec: ChartSpec, cells: tuple[Cell, ...], style: ChartStyle) -> None:
    assert isinstance(spec, BarSpec)
    order = ordered(spec, list(cells))
    by = {c.category: c for c in cells}
    ax = _hbar_axes(fig, style, [by[c].label for c in order], 0.0, _value_room(style))
    upper = nice_upper(_largest(cells))
    ax.set_xlim(0, upper)
    percent_axis(fig, ax, style, "x", upper)
    first = spec.palette[0] if spec.palette else style.color(0)
    for i, code in enumerate(order):
        color = spec.color_for(code) or first
        _bar(fig, ax, style, by[code], len(order) - 1 - i, 0.62, color)


def _group_colors(
    spec: GroupedSpec | DotplotSpec | TimeseriesSpec, style: ChartStyle
) -> dict[str, str]:
    highlight = getattr(spec, "highlight", None)
    palette = spec.palette or style.palette
    return {
        g: spec.color_for(g) or (style.highlight if g == highlight else palette[i % len(palette)])
        for i, g in enumerate(spec.groups)
    }


def _group_entries(spec: ChartSpec, colors: dict[str, str], style: ChartStyle) -> list[Any]:
    language = style.formatter.language
    return [(group_label(spec, g, language), colors[g]) for g in spec.groups]


def draw_grouped(fig: Figure, spec: ChartSpec, cells: tuple[Cell, ...], style: ChartStyle) -> None:
    assert isinstance(spec, GroupedSpec)
    colors = _group_colors(spec, style)
    top = legend(fig, style, _group_entries(spec, colors, style))
    order = ordered(spec, list(cells), spec.highlight)
    labels = [cells_for(cells, category=c)[0].label for c in order]
    ax = _hbar_axes(fig, style, labels, top, _value_room(style, style.small_size))
    upper = nice_upper(_largest(cells))
    ax.set_xlim(0, upper)
    percent_axis(fig, ax, style, "x", upper)
    k = len(spec.groups)
    height = 0.84 / k
    for i, code in enumerate(order):
        centre = len(order) - 1 - i
        for j, group in enumerate(spec.groups):
            found = cells_for(cells, category=code, group=group)
            if found:
                y = centre + 0.42 - height * (j + 0.5)
                _bar(fig, ax, style, found[0], y, height * 0.9, colors[group], style.small_size)


def _segment_label(
    fig: Figure, ax: Axes, style: ChartStyle, cell: Cell, start: float, y: float, color: str
) -> None:
    value = cell.value or 0.0
    text = value_text(style, cell)
    room = ax.bbox.width * value / (ax.get_xlim()[1] - ax.get_xlim()[0])
    if not style.value_labels or text_width(style, text, style.small_size) + 2 > room:
        return
    ax.text(
        start + value / 2,
        y,
        text,
        fontsize=style.small_size,
        ha="center",
        va="center_baseline",
        color="white" if is_dark(color) else style.text_color,
    )


def _stack_row(
    fig: Figure,
    ax: Axes,
    style: ChartStyle,
    row: list[Cell],
    y: float,
    colors: dict[str, str],
    start: float = 0.0,
    sign: int = 1,
) -> float:
    """Segments of one row from ``start`` outwards; returns where the row ends."""
    position = start
    for cell in row:
        if cell.value is None:
            gap = _data_width(ax, text_width(style, cell.symbol) + style.pad)
            ax.text(
                position + sign * gap / 2,
                y,
                cell.symbol,
                va="center_baseline",
                ha="center",
                clip_on=False,
            )
            position += sign * gap
            continue
        left = position if sign > 0 else position - cell.value
        _rect(ax, left, y - 0.31, cell.value, 0.62, colors[cell.category])
        _segment_label(fig, ax, style, cell, left, y, colors[cell.category])
        position += sign * cell.value
    return position


def _data_width(ax: Axes, points: float) -> float:
    """A horizontal length in points expressed in data units of ``ax``."""
    low, high = ax.get_xlim()
    return points * (high - low) / max(ax.bbox.width, 1.0)


def draw_stacked(fig: Figure, spec: ChartSpec, cells: tuple[Cell, ...], style: ChartStyle) -> None:
    """One 100 % bar per indicator and group, the scale in a diverging palette."""
    assert isinstance(spec, StackedSpec)
    codes = list(dict.fromkeys(c.category for c in cells))
    labels = {c.category: c.label for c in cells}
    colors = scale_colors(spec, style, codes)
    top = legend(fig, style, [(labels[c], colors[c]) for c in codes])
    bars = stack_bars(spec, style.formatter.language)
    ax = _hbar_axes(fig, style, [label for _, _, label in bars], top, style.pad * 2)
    ax.set_xlim(0, 100)
    percent_axis(fig, ax, style, "x", 100)
    for i, (indicator, group, _) in enumerate(bars):
        row = [
            c
            for code in codes
            for c in cells_for(cells, indicator=indicator, category=code, group=group)
        ]
        _stack_row(fig, ax, style, row, len(bars) - 1 - i, colors)


def scale_colors(spec: StackedSpec, style: ChartStyle, codes: list[str]) -> dict[str, str]:
    """The scale's colours: the chart's palette when it gives one, else a diverging scale
    from the layout's first palette colour to its highlight colour through a neutral grey;
    the "don't know" category a light grey; ``colors`` overrides single categories."""
    scale = [c for c in codes if c != spec.dont_know]
    neutral = ramp(style.muted_color, 2, 0.78)[1]
    if spec.palette:
        shades = [spec.palette[i % len(spec.palette)] for i in range(len(scale))]
    else:
        shades = diverging_scale(style.color(0), style.highlight, neutral, len(scale))
    colors = dict(zip(scale, shades, strict=True))
    if spec.dont_know in codes:
        colors[str(spec.dont_know)] = ramp(style.muted_color, 2, 0.9)[1]
    return {code: spec.color_for(code) or colors[code] for code in codes}


def _diverging_limits(
    ax: Axes, style: ChartStyle, left: float, right: float
) -> tuple[float, float]:
    """x range of each side's round end plus room for the total labels beyond it."""
    label = text_width(style, style.formatter.percent_tick(100), bold=True) + style.pad
    share = min(label / max(ax.bbox.width, 1.0), 0.3)
    return limits_with_room(nice_upper(left), nice_upper(right), share)


def _diverging_heads(fig: Figure, ax: Axes, spec: DivergingSpec, style: ChartStyle) -> None:
    left, right = end_labels(spec, style.formatter.language)
    for x, text, ha in (
        (-style.pad, f"← {left}", "right"),
        (style.pad, f"{right} →", "left"),
    ):
        shift = ScaledTranslation(x / 72, style.pad / 2 / 72, fig.dpi_scale_trans)
        ax.text(
            0.5, 1.0, text, ha=ha, va="bottom", fontweight="bold", transform=ax.transAxes + shift
        )


def draw_diverging(
    fig: Figure, spec: ChartSpec, cells: tuple[Cell, ...], style: ChartStyle
) -> None:
    assert isinstance(spec, DivergingSpec)
    poles = spec.palette[:2] if len(spec.palette) >= 2 else (style.highlight, style.color(0))
    colors = side_colors(spec.left, spec.right, *poles)
    colors |= {code: color for code, color in spec.colors if code in colors}
    labels = {c.category: c.label for c in cells}
    order = legend_order(spec.left, spec.right, labels)
    entries = [(labels[c], colors[c]) for c in order]
    top = legend(fig, style, entries) + line_height(style) + style.pad
    rows = list(spec.rows)
    ax = _hbar_axes(fig, style, [row_label(spec, r) for r in rows], top, style.pad * 2)
    left, right = side_extents(cells, rows, spec.left, spec.right)
    ax.set_xlim(*_diverging_limits(ax, style, left, right))
    percent_axis(fig, ax, style, "x", nice_upper(max(left, right)), signed=False)
    _diverging_heads(fig, ax, spec, style)
    for i, indicator in enumerate(rows):
        y = len(rows) - 1 - i
        for codes, sign in ((spec.left, -1), (spec.right, 1)):
            row = side_cells(cells, indicator, codes)
            end = _stack_row(fig, ax, style, row, y, colors, 0.0, sign)
            if is_complete(row):
                _total(fig, ax, style, end, y, sign)


def _total(fig: Figure, ax: Axes, style: ChartStyle, end: float, y: float, sign: int) -> None:
    """The bold side total beside a diverging bar."""
    ax.text(
        end,
        y,
        style.formatter.percent_tick(abs(end), style.digits),
        fontweight="bold",
        va="center_baseline",
        ha="left" if sign > 0 else "right",
        transform=offset(fig, ax, sign * style.pad * 0.5),
        clip_on=False,
    )


def draw_timeseries(
    fig: Figure, spec: ChartSpec, cells: tuple[Cell, ...], style: ChartStyle
) -> None:
    assert isinstance(spec, TimeseriesSpec)
    colors = _group_colors(spec, style)
    entries = _group_entries(spec, colors, style) if len(spec.groups) > 1 else []
    top = legend(fig, style, entries)
    editions = list(spec.axis) or list(dict.fromkeys(c.category for c in cells))
    names = {e: spec.label_for(e) or e for e in editions} | {c.category: c.label for c in cells}
    left = text_width(style, style.formatter.percent_tick(100)) + style.pad
    ax = add_axes(
        fig,
        (
            left,
            style.pad * 2,
            line_height(style) * 2 + style.pad,
            top + line_height(style) + style.pad,
        ),
    )
    # headroom above the highest point, so its value label stays clear of the frame
    upper = nice_upper(_largest(cells) * 1.12)
    ax.set_ylim(0, upper)
    percent_axis(fig, ax, style, "y", upper)
    slot = ax.bbox.width / max(len(editions), 1)
    ax.set_xlim(-0.5, len(editions) - 0.5)
    wrapped = [wrap(style, names[e], slot * 0.95) for e in editions]
    axis_labels(fig, ax, style, "x", range(len(editions)), wrapped)
    ax.axhline(0, color=style.muted_color, linewidth=style.line_width * 1.5)
    cuts = [editions.index(b) for b in spec.breaks if b in editions[1:]]
    for cut in cuts:
        _break_mark(ax, style, cut)
    for j, group in enumerate(spec.groups):
        series = [next(iter(cells_for(cells, category=e, group=group)), None) for e in editions]
        _series(fig, ax, spec, style, series, j, colors[group], cuts)
    for x in _unmeasured(editions, cells):
        _unmeasured_mark(fig, ax, style, x)


def _unmeasured(editions: list[str], cells: tuple[Cell, ...]) -> list[int]:
    """Places on the axis, between the first and the last edition with a figure, where
    no series has a cell: no figure was published for that edition."""
    have = [i for i, e in enumerate(editions) if cells_for(cells, category=e)]
    return [i for i in range(have[0] + 1, have[-1]) if i not in have] if have else []


def _unmeasured_mark(fig: Figure, ax: Axes, style: ChartStyle, x: int) -> None:
    """ "Ikke opgjort" in small muted type above the axis where an edition has no figure
    (the line is broken there)."""
    ax.text(
        x,
        0,
        style.formatter.phrases["editions"]["not_measured"],
        ha="center",
        va="bottom",
        fontsize=style.small_size,
        color=style.muted_color,
        transform=offset(fig, ax, 0, style.pad * 0.6),
        clip_on=False,
    )


def _break_mark(ax: Axes, style: ChartStyle, cut: int) -> None:
    """A series break between editions ``cut - 1`` and ``cut``: a dashed rule, labelled."""
    x = cut - 0.5
    ax.axvline(x, color=style.muted_color, linewidth=style.line_width * 2, linestyle=(0, (3, 2)))
    ax.text(
        x,
        ax.get_ylim()[1],
        style.formatter.phrases["editions"]["series_break"],
        ha="center",
        va="bottom",
        fontsize=style.small_size,
        color=style.muted_color,
        clip_on=False,
    )


def _line_points(
    xs: list[float], ys: list[float], cuts: list[int]
) -> tuple[list[float], list[float]]:
    """The points of a line. An edition without a value (no figure, or a suppressed
    one) stays a NaN point, so the line breaks there rather than joining its neighbours
    as if the value between were known; at a series break the line stops too."""
    px: list[float] = []
    py: list[float] = []
    for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
        if i in cuts:
            px.append(i - 0.5)
            py.append(float("nan"))
        px.append(x)
        py.append(y)
    return px, py


def _series(
    fig: Figure,
    ax: Axes,
    spec: TimeseriesSpec,
    style: ChartStyle,
    series: list[Cell | None],
    j: int,
    color: str,
    cuts: list[int] | None = None,
) -> None:
    k = len(spec.groups)
    width = 0.8 / k
    xs = [
        i + (j - (k - 1) / 2) * width if spec.style == "columns" else float(i)
        for i in range(len(series))
    ]
    ys = [c.value if c is not None and c.value is not None else float("nan") for c in series]
    if spec.style == "columns":
        for x, y in zip(xs, ys, strict=True):
            if y == y:  # not NaN (suppressed)
                _rect(ax, x - width * 0.45, 0.0, width * 0.9, y, color)
    else:
        px, py = _line_points(xs, ys, cuts or [])
        ax.plot(
            px,
            py,
            color=color,
            marker="o",
            markersize=style.base_size * 0.6,
            linewidth=style.line_width * 4,
        )
    for x, cell in zip(xs, series, strict=True):
        if cell is not None and (style.value_labels or cell.value is None):
            ax.text(
                x,
                cell.value or 0.0,
                value_text(style, cell),
                ha="center",
                va="bottom",
                fontsize=style.small_size,
                color=color if cell.value is not None else None,
                transform=offset(fig, ax, 0, style.pad * 0.6),
                bbox=style.label_box(),
                clip_on=False,
            )


def draw_dotplot(fig: Figure, spec: ChartSpec, cells: tuple[Cell, ...], style: ChartStyle) -> None:
    assert isinstance(spec, DotplotSpec)
    if groups_as_rows(spec, cells):
        _dot_groups(fig, spec, cells, style)
        return
    colors = _group_colors(spec, style)
    entries = _group_entries(spec, colors, style) if len(spec.groups) > 1 else []
    top = legend(fig, style, entries)
    order = ordered(spec, list(cells))
    labels = [cells_for(cells, category=c)[0].label for c in order]
    ax = _hbar_axes(fig, style, labels, top, _value_room(style, style.small_size))
    highs = [c.ci_high if c.ci_high is not None else c.value for c in cells]
    upper = nice_upper(max((h for h in highs if h is not None), default=0.0))
    ax.set_xlim(0, upper)
    percent_axis(fig, ax, style, "x", upper)
    k = len(spec.groups)
    for i, code in enumerate(order):
        for j, group in enumerate(spec.groups):
            for cell in cells_for(cells, category=code, group=group):
                y = len(order) - 1 - i + (k - 1) / 2 * 0.25 - j * 0.25
                _dot(fig, ax, style, cell, y, colors[group])


def groups_as_rows(spec: DotplotSpec, cells: tuple[Cell, ...]) -> bool:
    """One category across several groups: each group gets its own labelled row."""
    return len(spec.groups) > 1 and len({c.category for c in cells}) == 1


def _dot_groups(fig: Figure, spec: DotplotSpec, cells: tuple[Cell, ...], style: ChartStyle) -> None:
    """Rows are groups in the order given; the figure's title names the category."""
    by = {c.group: c for c in cells}
    order = [g for g in spec.groups if g in by]  # the given order, as every kind keeps it
    # the category shown is named by the figure's title, not by a header over the rows
    names = [group_label(spec, g, style.formatter.language) for g in order]
    ax = _hbar_axes(fig, style, names, style.pad, _value_room(style, style.small_size))
    highs = [c.ci_high if c.ci_high is not None else c.value for c in cells]
    upper = nice_upper(max((h for h in highs if h is not None), default=0.0))
    ax.set_xlim(0, upper)
    percent_axis(fig, ax, style, "x", upper)
    first = spec.palette[0] if spec.palette else style.color(0)
    for i, group in enumerate(order):
        color = spec.color_for(group) or (style.highlight if group == spec.highlight else first)
        _dot(fig, ax, style, by[group], len(order) - 1 - i, color)


def _dot(fig: Figure, ax: Axes, style: ChartStyle, cell: Cell, y: float, color: str) -> None:
    end = cell.value or 0.0
    if cell.value is not None:
        if cell.ci_low is not None and cell.ci_high is not None:
            ax.hlines(y, cell.ci_low, cell.ci_high, color=color, linewidth=style.line_width * 3)
            ax.vlines(
                (cell.ci_low, cell.ci_high),
                y - 0.1,
                y + 0.1,
                color=color,
                linewidth=style.line_width * 3,
            )
            end = cell.ci_high
        ax.plot(
            [cell.value],
            [y],
            marker="o",
            color=color,
            markersize=style.base_size * 0.7,
            linestyle="none",
        )
    if style.value_labels or cell.value is None:
        ax.text(
            end,
            y,
            value_text(style, cell),
            fontsize=style.small_size,
            va="center_baseline",
            ha="left",
            transform=offset(fig, ax, style.pad * 0.8),  # clear of the whisker's cap
            bbox=style.label_box(),
            clip_on=False,
        )


def draw_bignumber(
    fig: Figure, spec: ChartSpec, cells: tuple[Cell, ...], style: ChartStyle
) -> None:
    assert isinstance(spec, BignumberSpec)
    cell = cells_for(cells, group=spec.groups[0])[0]
    width, height = fig.bbox.width, fig.bbox.height
    fit = fit_tile(style, tile_number(style, cell), spec.text, width, height, bar=spec.bar)
    middle = fit.bar + style.pad * 2 + (height - fit.bar - style.pad * 2) / 2
    fig.text(
        0,
        middle,
        fit.number,
        fontsize=fit.number_size,
        fontweight="bold",
        color=style.color(0),
        va="center_baseline",
        transform=IdentityTransform(),
    )
    left = text_width(style, fit.number, fit.number_size, bold=True) + style.pad * 3
    fig.text(
        left,
        middle,
        fit.claim,
        fontsize=fit.claim_size,
        va="center",
        linespacing=LINE_SPACING,
        transform=IdentityTransform(),
    )
    if spec.bar:
        _tile_bar(fig, style, cell, fit.bar, width)


def _tile_bar(fig: Figure, style: ChartStyle, cell: Cell, bar: float, width: float) -> None:
    for share, color in ((100.0, style.grid_color), (cell.value or 0.0, style.color(0))):
        fig.add_artist(
            Rectangle(
                (0, style.pad),
                width * share / 100,
                bar,
                facecolor=color,
                edgecolor="none",
                transform=IdentityTransform(),
            )
        )


DRAWERS: dict[str, Drawer] = {
    "bar": draw_bar,
    "grouped": draw_grouped,
    "stacked": draw_stacked,
    "diverging": draw_diverging,
    "timeseries": draw_timeseries,
    "dotplot": draw_dotplot,
    "bignumber": draw_bignumber,
}
