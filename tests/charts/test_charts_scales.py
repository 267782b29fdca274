"""Scales and colours: stacked bars per group, diverging Likert palettes from the layout,
colour overrides, the given order kept, value labels clear of grid lines."""

from __future__ import annotations

import colorsys
import itertools

import pandas as pd
import pytest
from matplotlib.colors import to_rgb

from rapport.charts import draw_chart
from rapport.charts.geometry import diverging_scale
from rapport.charts.kinds import scale_colors
from rapport.charts.spec import parse_chart_spec
from rapport.errors import ChartError

WIDTH = 360.0
NBSP = "\u00a0"
SEVEN = ("helt_enig", "enig", "lidt_enig", "hverken", "lidt_uenig", "uenig", "helt_uenig")
GROUPS = ("Alle", "alder=16-29", "alder=30-59", "alder=60+")


def _frame() -> pd.DataFrame:
    rows = []
    for g, group in enumerate(GROUPS):
        values = [10.0 + g, 20.0, 15.0, 14.0, 12.0, 11.0, 18.0 - g]
        for code, value in zip(SEVEN, values, strict=True):
            label = code.replace("_", " ").capitalize()
            rows.append(("trivsel", code, group, value, 400, label, None, None, ""))
    columns = ("indicator", "category", "group", "value", "n", "label", "ci_low", "ci_high")
    return pd.DataFrame(rows, columns=[*columns, "status"])


def _stacked(**changes: object):
    raw = {"kind": "stacked", "source": "s", "indicators": ["trivsel"], "groups": list(GROUPS)}
    return parse_chart_spec({**raw, **changes})


def _fills(chart, color: str) -> list[tuple]:
    rgb = tuple(round(c, 4) for c in to_rgb(color))
    return [op for op in chart.display.paths() if op[2] and op[2][:3] == rgb]


def _y(chart, text: str) -> float:
    return next(op[2] for op in chart.display.ops if op[0] == "text" and op[7] == text)


def test_stacked_draws_one_bar_per_group_in_the_given_order(style) -> None:
    chart = draw_chart(_stacked(), _frame(), style, WIDTH)
    names = ["I alt", "16-29", "30-59", "60+"]
    assert all(name in chart.display.texts() for name in names)
    rows = [_y(chart, name) for name in names]
    assert rows == sorted(rows, reverse=True)  # top to bottom as listed
    colors = scale_colors(_stacked(), style, list(SEVEN))
    # one segment per group and scale point, plus one legend swatch per point
    assert sum(len(_fills(chart, colors[c])) for c in SEVEN) == 7 * 4 + 7


def test_categories_default_to_the_datas_order_without_a_categories_field(style) -> None:
    chart = draw_chart(_stacked(groups=["Alle"]), _frame(), style, WIDTH)
    legend = [
        op for op in chart.display.ops if op[0] == "text" and op[7] in ("Helt enig", "Helt uenig")
    ]
    assert len(legend) == 2


def _lightness(color: str) -> float:
    return colorsys.rgb_to_hls(*to_rgb(color))[1]


def _distance(a: str, b: str) -> float:
    return sum((x - y) ** 2 for x, y in zip(to_rgb(a), to_rgb(b), strict=True)) ** 0.5


def test_a_seven_point_scale_diverges_from_the_layout_colours(style) -> None:
    colors = scale_colors(_stacked(), style, list(SEVEN))
    shades = [colors[c] for c in SEVEN]
    assert shades[0] == style.palette[0]  # one pole: the layout's first colour
    assert shades[-1] == style.highlight  # the other: its highlight colour
    assert len(set(shades)) == 7
    for a, b in itertools.pairwise(shades):
        assert _distance(a, b) > 0.15  # neighbours can be told apart
    left, right = [_lightness(c) for c in shades[:4]], [_lightness(c) for c in shades[3:]]
    assert left == sorted(left)  # lighter towards the neutral middle …
    assert right == sorted(right, reverse=True)  # … and darker again towards the pole


def test_the_palette_follows_the_layout_accent(style) -> None:
    from dataclasses import replace

    red = replace(style, palette=("#8b0000", *style.palette[1:]))
    assert scale_colors(_stacked(), red, list(SEVEN))["helt_enig"] == "#8b0000"


@pytest.mark.parametrize("count", [2, 3, 4, 5, 6, 7, 9])
def test_diverging_scale_sizes(count: int) -> None:
    shades = diverging_scale("#0b4f6c", "#e4572e", "#c7cbce", count)
    assert len(shades) == count
    assert shades[0] == "#0b4f6c"
    assert shades[-1] == "#e4572e"
    assert (shades[count // 2] == "#c7cbce") == (count % 2 == 1)


def test_dont_know_is_grey_and_colours_can_be_set_per_chart_and_category(style) -> None:
    spec = _stacked(dont_know="helt_uenig", colors={"hverken": "#123456"})
    colors = scale_colors(spec, style, list(SEVEN))
    assert colors["hverken"] == "#123456"
    assert colors["helt_uenig"] not in (style.highlight, style.palette[0])
    assert _lightness(colors["helt_uenig"]) > 0.8
    own = scale_colors(_stacked(palette=["red", "#00ff00"]), style, list(SEVEN))
    assert own["helt_enig"] == "#ff0000"
    assert own["enig"] == "#00ff00"
    chart = draw_chart(_stacked(colors={"enig": "#123456"}), _frame(), style, WIDTH)
    assert len(_fills(chart, "#123456")) == 4 + 1


def test_a_colour_that_is_no_colour_is_an_error() -> None:
    with pytest.raises(ChartError, match="field 'colors' must be colours"):
        _stacked(colors={"enig": "blaa"})


def test_grouped_and_bar_take_colour_overrides(data, style) -> None:
    from chart_sample import spec

    grouped = draw_chart(spec("grouped", colors={"sektor=kommunal": "#123456"}), data, style, WIDTH)
    assert len(_fills(grouped, "#123456")) == 3 + 1  # three bars and the legend swatch
    bar = draw_chart(spec("bar", palette=["#654321"]), data, style, WIDTH)
    assert len(_fills(bar, "#654321")) == 3


def test_value_labels_sit_on_the_page_colour_over_grid_lines(data, style) -> None:
    from chart_sample import spec

    chart = draw_chart(spec("bar"), data, style, WIDTH)
    boxes = _fills(chart, style.background)
    assert len(boxes) == 3  # one box behind each value label, hiding the grid line under it
    labels = [f"57{NBSP}%", f"19{NBSP}%", f"16{NBSP}%"]
    ordered = sorted(labels, key=lambda t: _y(chart, t))
    for box, label in zip(sorted(boxes, key=_top), ordered, strict=True):
        ys = [p[2] for p in box[1] if len(p) == 3]
        assert min(ys) <= _y(chart, label) <= max(ys)


def _top(op: tuple) -> float:
    return max(p[2] for p in op[1] if len(p) == 3)


def test_dot_plot_keeps_the_given_group_order_and_has_no_stray_header(data, style) -> None:
    from chart_sample import spec

    # sort: descending would order by value; rows of groups keep the order given
    chart = draw_chart(spec("dotplot_groups", sort="descending"), data, style, WIDTH)
    rows = [_y(chart, name) for name in ("Kommunal", "Regional", "Statslig")]
    assert rows == sorted(rows, reverse=True)
    assert "I samspil med vidensinstitutioner" not in chart.display.texts()


def test_diverging_takes_colour_overrides(data, style) -> None:
    from chart_sample import spec

    own = spec("diverging", palette=["#112233", "#445566"], colors={"fremmede_hoej": "#123456"})
    from rapport.charts.diverging import side_colors

    chart = draw_chart(own, data, style, WIDTH)
    shades = side_colors(own.left, own.right, "#112233", "#445566")
    outer_left = shades[own.left[-1]]
    assert len(_fills(chart, outer_left)) == 3 + 1  # three rows and the legend key
    assert len(_fills(chart, "#123456")) == 3 + 1
