"""A chart over editions: a series break stops the line and is marked; an edition
without the figure keeps its place on the axis and the line joins across it."""

from __future__ import annotations

import math

import pandas as pd
from matplotlib.figure import Figure

from rapport.charts import ChartStyle
from rapport.charts.frame import select_cells
from rapport.charts.kinds import draw_timeseries
from rapport.charts.spec import parse_chart_spec
from rapport.fonts import register_family
from rapport.formatting import Formatter
from rapport.layout.model import Layout

EDITIONS = ["1. udgave", "2. udgave", "3. udgave", "4. udgave"]


def _draw(values: list[float | None], breaks: list[str]) -> Figure:
    rows = [
        {"indicator": "x", "category": e, "group": "ja", "label": e, "value": v, "n": 500}
        for e, v in zip(EDITIONS, values, strict=True)
        if v is not None
    ]
    spec = parse_chart_spec(
        {
            "kind": "timeseries",
            "source": "s",
            "indicator": "x",
            "groups": ["ja"],
            "editions": True,
            **({"breaks": breaks} if breaks else {}),
            "axis": EDITIONS,
        }
    )
    cells = select_cells(spec, pd.DataFrame(rows))
    style = ChartStyle.from_layout(
        Layout(), register_family(Layout().typography.heading), Formatter()
    )
    fig = Figure(figsize=(5, 2.5))
    draw_timeseries(fig, spec, cells, style)
    return fig


def _line(fig: Figure) -> list[tuple[float, float]]:
    (line,) = [ln for ln in fig.axes[0].lines if ln.get_marker() == "o"]
    return [(float(x), float(y)) for x, y in line.get_xydata()]


def test_a_break_stops_the_line_and_is_marked() -> None:
    fig = _draw([80, 82, 87, 88], ["3. udgave"])
    points = _line(fig)
    assert [p for p in points if not math.isnan(p[1])] == [(0, 80), (1, 82), (2, 87), (3, 88)]
    gap = [x for x, y in points if math.isnan(y)]
    assert gap == [1.5]  # between 2. and 3. udgave
    rules = [ln for ln in fig.axes[0].lines if ln.get_linestyle() not in ("-", "None")]
    assert [ln.get_xdata()[0] for ln in rules] == [1.5]
    assert [t.get_text() for t in fig.axes[0].texts if t.get_text() == "Brud i serien"]
    fig.clear()


def test_a_missing_edition_keeps_its_place() -> None:
    fig = _draw([73, None, None, 74], [])
    assert _line(fig) == [(0, 73), (3, 74)]  # joined across the editions without a figure
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert len(ticks) == 4
    assert not [t for t in fig.axes[0].texts if t.get_text() == "Brud i serien"]
    fig.clear()
