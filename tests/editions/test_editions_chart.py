"""A chart over editions: a series break stops the line and is marked; an edition
without the figure keeps its place on the axis, the line is broken there (never joined
over as if the value were known) and the alt text says so."""

from __future__ import annotations

import itertools
import math
import shutil
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from rapport.build import BuildOptions, prepare_report
from rapport.charts import ChartStyle
from rapport.charts.describe import describe_cells
from rapport.charts.frame import Cell, select_cells
from rapport.charts.kinds import draw_timeseries
from rapport.charts.spec import ChartSpec, parse_chart_spec
from rapport.fonts import register_family
from rapport.formatting import Formatter
from rapport.layout.model import Layout
from rapport.resources import example_dir

EDITIONS = ["1. udgave", "2. udgave", "3. udgave", "4. udgave"]


def _spec_cells(
    values: list[float | None], breaks: list[str], style: str = "line"
) -> tuple[ChartSpec, tuple[Cell, ...]]:
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
            "style": style,
            **({"breaks": breaks} if breaks else {}),
            "axis": EDITIONS,
        }
    )
    return spec, select_cells(spec, pd.DataFrame(rows))


def _draw(values: list[float | None], breaks: list[str]) -> Figure:
    spec, cells = _spec_cells(values, breaks)
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


def _segments(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The x spans of the drawn line segments (a NaN point breaks the line)."""
    return [
        (a[0], b[0])
        for a, b in itertools.pairwise(points)
        if not math.isnan(a[1]) and not math.isnan(b[1])
    ]


def test_a_missing_edition_keeps_its_place_and_breaks_the_line() -> None:
    fig = _draw([73, None, None, 74], [])
    points = _line(fig)
    assert [p for p in points if not math.isnan(p[1])] == [(0, 73), (3, 74)]
    assert _segments(points) == []  # not joined across the editions without a figure
    marks = [t.get_position()[0] for t in fig.axes[0].texts if t.get_text() == "Ikke opgjort"]
    assert marks == [1, 2]
    axis = {t.get_text(): t.get_position()[0] for t in fig.axes[0].texts if t.get_va() == "top"}
    assert axis == {edition: x for x, edition in enumerate(EDITIONS)}  # every place labelled
    assert not [t for t in fig.axes[0].texts if t.get_text() == "Brud i serien"]
    fig.clear()


def test_the_line_joins_only_neighbouring_editions_with_figures() -> None:
    fig = _draw([60, 62, None, 65], [])
    assert _segments(_line(fig)) == [(0, 1)]  # 1.–2. udgave drawn; nothing over 3. udgave
    assert [t for t in fig.axes[0].texts if t.get_text() == "Ikke opgjort"]
    fig.clear()


def test_the_alt_text_names_the_editions_where_the_line_is_broken() -> None:
    spec, cells = _spec_cells([73, None, None, 74], [])
    alt = describe_cells(spec, cells, Formatter())
    assert "Der er intet tal for 2. udgave og 3. udgave, så linjen er afbrudt dér." in alt
    spec, cells = _spec_cells([73, None, None, 74], [], style="columns")
    assert "Der er intet tal for 2. udgave og 3. udgave." in describe_cells(
        spec, cells, Formatter()
    )
    spec, cells = _spec_cells([73, 74, 75, 76], [])
    assert "intet tal" not in describe_cells(spec, cells, Formatter())


def test_the_example_breaks_the_reuse_line_over_the_editions_without_a_figure(
    tmp_path: Path,
) -> None:
    """Innovationsbarometeret published the share of innovations building on others'
    solutions in 1. and 4. udgave only: the chart shows no line across 2. and 3."""
    project = tmp_path / "ib4"
    shutil.copytree(example_dir("innovationsbarometeret-4"), project)
    job = prepare_report(BuildOptions(project=project)).factory.figures.chart_job(
        "udv_genbrug", "da", tile=False
    )
    fig = Figure(figsize=(5, 2.5))
    draw_timeseries(fig, job.spec, job.cells, job.style)
    points = _line(fig)
    assert len([p for p in points if not math.isnan(p[1])]) == 2
    assert _segments(points) == []
    alt = describe_cells(job.spec, job.cells, job.style.formatter)
    assert "Der er intet tal for 2015-2016 og 2018-2019, så linjen er afbrudt dér." in alt
    fig.clear()
