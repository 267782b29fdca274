"""Chart spec + the cells it draws → alt text written from the data (Danish or English).

"Figuren viser, at 43 % af innovationerne har svaret ”Første”, …" — every drawn
category with its value (or, for a long list, the largest ones, how many there are
and the smallest), suppressed cells named as such, left-out categories noted, and
for a time series its highest and lowest point as well as its ends.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ..formatting import Formatter
from ..phrases import quote
from .frame import (
    Cell,
    cells_for,
    end_labels,
    group_label,
    ordered,
    row_label,
    select_cells,
    stack_bars,
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

if TYPE_CHECKING:
    import pandas as pd

TOP = 3
"""How many categories the text names when there are more than :data:`ALL`."""
ALL = 8
"""Up to this many categories, the text names every one."""


class _Words:
    """Phrase lookup and number wording for one formatter."""

    def __init__(self, formatter: Formatter, digits: int = 0) -> None:
        self.fmt, self.digits = formatter, digits
        self.language = formatter.language
        self.p = {**formatter.phrases["alt"], "and": formatter.phrases["words"]["and"]}

    def pct(self, value: float | None) -> str:
        if value is None:
            return self.p["hidden"]
        return self.fmt.percent(value, self.digits, style="symbol")

    def quote(self, text: str) -> str:
        return quote(self.language, " ".join(text.split()))

    def join(self, items: list[str]) -> str:
        if len(items) <= 1:
            return "".join(items)
        return ", ".join(items[:-1]) + self.p["and"] + items[-1]


def describe_chart(spec: ChartSpec, data: pd.DataFrame, formatter: Formatter) -> str:
    """Alt text for ``spec`` drawn from ``data`` (the same rows the chart shows)."""
    return describe_cells(spec, select_cells(spec, data), formatter)


def describe_cells(spec: ChartSpec, cells: tuple[Cell, ...], formatter: Formatter) -> str:
    w = _Words(formatter, spec.digits)
    if isinstance(spec, BignumberSpec):
        return f"{w.pct(cells[0].value if cells else None)}: {spec.text}"
    if isinstance(spec, GroupedSpec):
        return _grouped(spec, cells, w)
    if isinstance(spec, DotplotSpec):
        return _dotplot(spec, cells, w)
    if isinstance(spec, BarSpec):
        return _bar(spec, cells, w)
    if isinstance(spec, StackedSpec):
        return _stacked(spec, cells, w)
    if isinstance(spec, DivergingSpec):
        return _diverging(spec, cells, w)
    assert isinstance(spec, TimeseriesSpec)
    return _timeseries(spec, cells, w)


def _suppressed(
    cells: list[Cell] | tuple[Cell, ...], w: _Words, spec: ChartSpec | None = None
) -> str:
    hidden = list(
        dict.fromkeys(
            w.quote(c.label) + (f" ({group_label(spec, c.group, w.language)})" if spec else "")
            for c in cells
            if c.value is None
        )
    )
    return w.p["suppressed"].format(items=w.join(hidden)) if hidden else ""


def _bar(spec: BarSpec, cells: tuple[Cell, ...], w: _Words) -> str:
    by = {c.category: c for c in cells}
    order = ordered(replace(spec, sort="descending"), list(cells))
    shown = [by[c] for c in order if by[c].value is not None]
    if not shown:
        return w.p["none"] + _suppressed(cells, w)
    first = shown[0]
    key = "lead_subject" if spec.subject else "lead"
    text = w.p[key].format(v=w.pct(first.value), l=w.quote(first.label), subject=spec.subject)
    named = shown if len(shown) <= ALL else shown[:TOP]
    rest = [f"{w.quote(c.label)} ({w.pct(c.value)})" for c in named[1:]]
    text += (w.p["then"].format(items=w.join(rest)) if rest else "") + "."
    if len(shown) > len(named):
        last = shown[-1]
        text += w.p["more"].format(
            n=w.fmt.count(len(by)), l=w.quote(last.label), v=w.pct(last.value)
        )
    return text + _suppressed(cells, w)


def _grouped(spec: GroupedSpec, cells: tuple[Cell, ...], w: _Words) -> str:
    names = {g: group_label(spec, g, w.language) for g in spec.groups}
    text = w.p["compare"].format(groups=w.join(list(names.values())))
    key = spec.highlight or spec.groups[0]
    order = ordered(replace(spec, sort="descending"), list(cells), key)
    named = order if len(order) <= ALL else [*order[:TOP], order[-1]]
    for code in named:
        row = cells_for(cells, category=code)
        items = [f"{names[c.group]} {w.pct(c.value)}" for c in row]
        text += f" {w.quote(row[0].label)}: {w.join(items)}."
    if len(named) < len(order):
        text += w.p["more_groups"].format(n=w.fmt.count(len(order)))
    return text + _suppressed(cells, w, spec)


def _stacked(spec: StackedSpec, cells: tuple[Cell, ...], w: _Words) -> str:
    scale = list(dict.fromkeys(c.label for c in cells))
    bars = stack_bars(spec, w.language)
    by_group = len(spec.rows) == 1 and len(spec.groups) > 1
    key, count = ("scale_groups", len(spec.groups)) if by_group else ("scale", len(spec.rows))
    text = w.p[key].format(n=w.fmt.count(count), a=w.quote(scale[0]), b=w.quote(scale[-1]))
    for indicator, group, label in bars:
        row = cells_for(cells, indicator=indicator, group=group)
        items = [f"{w.pct(c.value)} {w.quote(c.label)}" for c in row if c.value is not None]
        text += f" {w.quote(label)}: {w.join(items)}."
    if spec.exclude:
        left_out = [w.quote(spec.label_for(c) or row_label(spec, c)) for c in spec.exclude]
        text += w.p["left_out"].format(items=w.join(left_out))
    return text + _suppressed(cells, w)


def _diverging(spec: DivergingSpec, cells: tuple[Cell, ...], w: _Words) -> str:
    left, right = end_labels(spec, w.language)
    text = w.p["diverging"].format(l=w.quote(left), r=w.quote(right))
    for indicator in spec.rows:
        sums = []
        for codes, name in ((spec.left, left), (spec.right, right)):
            values = [
                c.value
                for code in codes
                for c in cells_for(cells, indicator=indicator, category=code)
            ]
            total = None if None in values else sum(v or 0.0 for v in values)
            sums.append(f"{w.pct(total)} {name.lower()}")
        text += f" {w.quote(row_label(spec, indicator))}: {w.join(sums)}."
    return text + _suppressed(cells, w)


def _timeseries(spec: TimeseriesSpec, cells: tuple[Cell, ...], w: _Words) -> str:
    editions = list(dict.fromkeys(c.label for c in cells))
    text = w.p["trend"].format(a=editions[0], b=editions[-1])
    for group in spec.groups:
        shown = [c for c in cells_for(cells, group=group) if c.value is not None]
        if shown:
            text += w.p["trend_row"].format(
                g=group_label(spec, group, w.language),
                va=w.pct(shown[0].value),
                a=shown[0].label,
                vb=w.pct(shown[-1].value),
                b=shown[-1].label,
            )
            text += _extremes(shown, w)
            text += _gaps(spec, cells_for(cells, group=group), w)
    return text + _suppressed(cells, w)


def _gaps(spec: TimeseriesSpec, series: list[Cell], w: _Words) -> str:
    """The editions on the axis, between a series' first and last figure, that have no
    cell at all (no figure was published): the line is broken there."""
    axis = list(spec.axis)
    shown = [axis.index(c.category) for c in series if c.value is not None and c.category in axis]
    if len(shown) < 2:
        return ""
    have = {c.category for c in series}
    missing = [spec.label_for(e) or e for e in axis[min(shown) + 1 : max(shown)] if e not in have]
    if not missing:
        return ""
    return w.p["gap_line" if spec.style == "line" else "gap"].format(items=w.join(missing))


def _extremes(shown: list[Cell], w: _Words) -> str:
    """The highest and lowest point of a series, when they are not just its two ends."""
    high = max(shown, key=lambda c: c.value or 0.0)
    low = min(shown, key=lambda c: c.value or 0.0)
    if {id(high), id(low)} <= {id(shown[0]), id(shown[-1])}:
        return ""
    return w.p["extremes"].format(
        hi=w.pct(high.value), a=high.label, lo=w.pct(low.value), b=low.label
    )


def _interval(cell: Cell, w: _Words, spec: DotplotSpec) -> str:
    name = w.quote(cell.label)
    if len(spec.groups) > 1:
        name = f"{group_label(spec, cell.group, w.language)} {name}"
    if cell.ci_low is None or cell.ci_high is None:
        return f"{name} {w.pct(cell.value)}"
    return w.p["ci_item"].format(
        l=name, v=w.pct(cell.value), lo=w.pct(cell.ci_low), hi=w.pct(cell.ci_high)
    )


def _dotplot(spec: DotplotSpec, cells: tuple[Cell, ...], w: _Words) -> str:
    text = w.p["ci"]
    items = [_interval(c, w, spec) for c in cells if c.value is not None]
    categories = len({c.category for c in cells})
    if categories > ALL:
        items = items[: TOP * len(spec.groups)]
    if items:
        text += " " + "; ".join(items) + "."
    return text + _suppressed(cells, w)
