"""Each chart kind on small data, asserted on the recorded display list."""

from __future__ import annotations

import pytest
from chart_sample import SPECS, spec
from matplotlib.colors import to_rgb
from reportlab.pdfbase.pdfmetrics import stringWidth

from rapport.charts import ChartFlowable, chart_height, draw_chart, parse_chart_spec
from rapport.charts.frame import SUPPRESSED_SYMBOL
from rapport.charts.geometry import LABEL_SHARE
from rapport.data.disclosure import SYMBOLS
from rapport.errors import ChartError

WIDTH = 360.0
NBSP = "\u00a0"


def fills(chart: ChartFlowable, color: str) -> list[tuple]:
    """Filled paths in ``color`` (bars, segments, swatches)."""
    rgb = tuple(round(c, 4) for c in to_rgb(color))
    return [op for op in chart.display.paths() if op[2] and op[2][:3] == rgb]


def texts(chart: ChartFlowable) -> list[tuple]:
    return [op for op in chart.display.ops if op[0] == "text"]


def text_y(chart: ChartFlowable, text: str) -> float:
    return next(op[2] for op in texts(chart) if op[7] == text)


def test_bar_draws_one_bar_per_category_sorted_descending(data, style):
    chart = draw_chart(spec("bar"), data, style, WIDTH)
    bars = fills(chart, style.palette[0])
    assert len(bars) == 3  # ved_ikke excluded
    labels = [f"57{NBSP}%", f"19{NBSP}%", f"16{NBSP}%"]
    assert all(label in chart.display.texts() for label in labels)
    heights = [text_y(chart, label) for label in labels]
    assert heights == sorted(heights, reverse=True)  # largest on top
    assert "Ved ikke" not in chart.display.texts()


def test_bar_tick_labels_are_danish_percentages(data, style):
    chart = draw_chart(spec("bar"), data, style, WIDTH)
    assert {f"0{NBSP}%", f"20{NBSP}%", f"40{NBSP}%", f"60{NBSP}%"} <= set(chart.display.texts())


def test_ascending_and_unsorted_orders(data, style):
    up = draw_chart(spec("bar", sort="ascending"), data, style, WIDTH)
    assert text_y(up, f"16{NBSP}%") > text_y(up, f"57{NBSP}%")
    none = draw_chart(spec("bar", sort="none"), data, style, WIDTH)
    assert text_y(none, f"19{NBSP}%") > text_y(none, f"57{NBSP}%") > text_y(none, f"16{NBSP}%")


def test_long_labels_wrap_within_the_label_column(data, style):
    chart = draw_chart(spec("bar"), data, style, WIDTH)
    lines = [op for op in texts(chart) if "Den første" in op[7] or "så vidt" in op[7]]
    assert len(lines) == 2  # "Den første … indføre" / "innovationen (så vidt I ved)"
    for op in lines:
        assert stringWidth(op[7], op[4], op[5]) <= WIDTH * LABEL_SHARE
    assert all(op[2] != lines[0][2] for op in lines[1:])


def test_decimal_comma_in_value_labels(data, style):
    chart = draw_chart(spec("bar", digits=1), data, style, WIDTH)
    assert f"57,0{NBSP}%" in chart.display.texts()
    assert f"16,0{NBSP}%" in chart.display.texts()


def test_value_labels_follow_the_layout(data, style):
    from dataclasses import replace

    chart = draw_chart(spec("bar"), data, replace(style, value_labels=False), WIDTH)
    assert f"57{NBSP}%" not in chart.display.texts()
    assert f"60{NBSP}%" in chart.display.texts()


def test_grouped_highlights_the_tailored_segment_and_shows_suppression(data, style):
    chart = draw_chart(spec("grouped"), data, style, WIDTH)
    assert len(fills(chart, style.highlight)) == 3 + 1  # three bars + legend swatch
    bars = sum(len(fills(chart, c)) - 1 for c in (style.highlight, *style.palette[1:4]))
    assert bars == 11  # 12 cells, one suppressed (statslig × borgere)
    assert SYMBOLS["primary"] in chart.display.texts()
    assert "I alt" in chart.display.texts(), "the whole population's neutral default"
    assert "Kommunal" in chart.display.texts()


def test_grouped_labels_follow_the_spec_and_language(data, style, english_style):
    labelled = draw_chart(spec("grouped", labels={"sektor=statslig": "Staten"}), data, style, WIDTH)
    assert "Staten" in labelled.display.texts()
    english = draw_chart(spec("grouped"), data, english_style, WIDTH)
    assert "Total" in english.display.texts()
    assert "61%" in english.display.texts()


def test_stacked_rows_segments_legend_and_left_out_dont_know(data, style):
    chart = draw_chart(spec("stacked"), data, style, WIDTH)
    found = chart.display.texts()
    assert {"I høj grad", "I nogen grad", "I ringe grad", "Slet ikke"} <= set(found)
    assert "Ved ikke" not in found
    assert "Man lærer af fejl" in found
    assert SYMBOLS["secondary"] in found  # the suppressed "I ringe grad" of one row
    segments = sum(len(fills(chart, c)) - 1 for c in _shades(chart, style))
    assert segments == 3 * 4 - 1
    assert f"44{NBSP}%" in found
    assert f"100{NBSP}%" in found


def _shades(chart: ChartFlowable, style) -> list[str]:
    from rapport.charts.kinds import scale_colors

    colors = scale_colors(spec("stacked"), style, ["hoej", "nogen", "ringe", "slet"])
    return list(colors.values())


def test_diverging_totals_both_sides_with_absolute_ticks(data, style):
    chart = draw_chart(spec("diverging"), data, style, WIDTH)
    bold = {op[7] for op in texts(chart) if op[4] == style.faces.bold}
    assert {f"12{NBSP}%", f"69{NBSP}%", f"47{NBSP}%", f"23{NBSP}%"} <= bold
    assert "← Hæmmede" in bold, "the spec's words"
    assert "Fremmede →" in bold
    assert not any("\u2212" in t or t.startswith("-") for t in chart.display.texts())
    left = [op for op in chart.display.paths() if op[2] and op[1][0][1] < _zero_x(chart)]
    assert left  # bars drawn to the left of zero


def _zero_x(chart: ChartFlowable) -> float:
    tick = next(op for op in texts(chart) if op[7] == f"0{NBSP}%")
    return tick[1] + 5


def test_timeseries_line_with_editions_in_order(data, style):
    chart = draw_chart(spec("timeseries"), data, style, WIDTH)
    editions = ["2013-2014", "2015-2016", "2018-2019", "2021-2023"]
    xs = [next(op[1] for op in texts(chart) if op[7] == e) for e in editions]
    assert xs == sorted(xs)
    lines = [op for op in chart.display.paths() if op[3] and len(op[1]) == 4 and op[2] is None]
    assert lines, "the series is one stroked 4-point path"
    assert f"55{NBSP}%" in chart.display.texts()


def test_timeseries_columns(data, style):
    chart = draw_chart(spec("timeseries", style="columns"), data, style, WIDTH)
    assert len(fills(chart, style.palette[0])) == 4


def test_dotplot_points_and_whiskers(data, style):
    chart = draw_chart(spec("dotplot"), data, style, WIDTH)
    strokes = [op for op in chart.display.paths() if op[3] and op[3][:3] == fills_rgb(style)]
    assert len(strokes) >= 3 * 3  # whisker + two caps per category (+ markers)
    assert f"57{NBSP}%" in chart.display.texts()


def fills_rgb(style) -> tuple:
    return tuple(round(c, 4) for c in to_rgb(style.palette[0]))


def test_bignumber_tile(data, style):
    chart = draw_chart(spec("bignumber"), data, style, WIDTH)
    number = next(op for op in texts(chart) if op[7] == f"86{NBSP}%")
    assert number[4] == style.faces.bold
    assert number[5] > 3 * style.base_size
    assert any("nøglerolle" in t for t in chart.display.texts())
    assert len(fills(chart, style.palette[0])) == 1
    assert len(fills(chart, style.grid_color)) == 1
    assert chart.wrap(500, 500) == (WIDTH, round(WIDTH * 0.22, 2))


def test_suppressed_bignumber_shows_the_symbol(data, style):
    data.loc[data["indicator"] == "medarbejdere", ["value", "status"]] = [None, "primary"]
    chart = draw_chart(spec("bignumber"), data, style, WIDTH)
    assert SUPPRESSED_SYMBOL in chart.display.texts()


def test_flowable_contract(data, style):
    chart = draw_chart(spec("bar", id="fig-genbrug"), data, style, WIDTH)
    assert chart.role == "Figure"
    assert chart.chart_id == "fig-genbrug"
    assert chart.wrap(WIDTH, 1000) == (WIDTH, WIDTH * 0.4)
    assert chart.alt_text.startswith("Figuren viser, at 57")
    anonymous = draw_chart(spec("bar"), data, style, WIDTH)
    assert anonymous.chart_id.startswith("chart-")


def test_default_aspect_comes_from_the_layout(data, style):
    chart = draw_chart(spec("timeseries", aspect=None), data, style, 300)
    assert chart.height == 300 * style.aspect


def test_row_charts_without_aspect_are_as_tall_as_their_rows(data, style):
    three = draw_chart(spec("bar", aspect=None), data, style, 400)
    four = draw_chart(spec("bar", aspect=None, exclude=[]), data, style, 400)
    assert 400 * 0.12 <= three.height < 400 * style.aspect
    assert four.height > three.height
    grouped = draw_chart(spec("grouped", aspect=None), data, style, 400)
    assert grouped.height > four.height  # four bars a row, plus the legend
    assert chart_height(spec("bar", aspect=0.7), style, 400) == 280


@pytest.mark.parametrize(
    ("kind", "change", "message"),
    [
        ("bar", {"indicator": "genbrg"}, "did you mean 'genbrug'"),
        ("bar", {"categories": ["foerste", "kopy"]}, "did you mean 'kopi'"),
        (
            "grouped",
            {"groups": ["Alle", "sektor=kommunl"], "highlight": None},
            "did you mean 'sektor=kommunal'",
        ),
    ],
)
def test_data_that_does_not_match_the_spec(data, style, kind, change, message):
    with pytest.raises(ChartError) as info:
        draw_chart(spec(kind, **change), data, style, WIDTH)
    assert message in info.value.hint


def test_optional_columns_may_be_missing(data, style):
    slim = data[["indicator", "category", "group", "value", "n"]]
    chart = draw_chart(spec("bar"), slim, style, WIDTH)
    assert "tilpasset" in chart.display.texts()  # the code stands in for a missing label
    dots = draw_chart(spec("dotplot"), slim, style, WIDTH)
    assert f"57{NBSP}%" in dots.display.texts()


def test_missing_required_column(data, style):
    with pytest.raises(ChartError, match="no column 'n'"):
        draw_chart(spec("bar"), data.drop(columns="n"), style, WIDTH)


def test_empty_value_without_status_counts_as_suppressed(data, style):
    data.loc[(data["indicator"] == "genbrug") & (data["category"] == "kopi"), "value"] = None
    chart = draw_chart(spec("bar"), data, style, WIDTH)
    assert len(fills(chart, style.palette[0])) == 2
    assert SUPPRESSED_SYMBOL in chart.display.texts()


def test_no_global_matplotlib_state_changes(data, style):
    import matplotlib

    before = dict(matplotlib.rcParams)
    draw_chart(spec("stacked"), data, style, WIDTH)
    assert dict(matplotlib.rcParams) == before


def test_figures_are_cleared(data, style, figures_closed):
    draw_chart(spec("grouped"), data, style, WIDTH)
    assert len(figures_closed) == 1
    assert not figures_closed[0].axes


def test_a_character_the_font_cannot_draw_is_an_error(data, style):
    from rapport.errors import FontError

    data.loc[data["category"] == "kopi", "label"] = "Kopi \u4e2d"
    with pytest.raises(FontError, match="U\\+4E2D") as info:
        draw_chart(spec("bar"), data, style, WIDTH)
    assert "layout" in info.value.hint


def test_dotplot_of_one_category_puts_groups_on_rows(data, style):
    chart = draw_chart(spec("dotplot_groups"), data, style, WIDTH)
    found = chart.display.texts()
    assert {"Kommunal", "Regional", "Statslig"} <= set(found)
    assert "I samspil med vidensinstitutioner" not in found  # the title names it, no header
    rows = [text_y(chart, name) for name in ("Kommunal", "Regional", "Statslig")]
    assert rows == sorted(rows, reverse=True)  # sort: none keeps the spec's order
    assert fills(chart, style.highlight)  # the highlighted group's point
    assert f"31{NBSP}%" in found


def test_diverging_sides_are_scaled_separately(data, style):
    chart = draw_chart(spec("diverging"), data, style, WIDTH)
    ticks = [
        op
        for op in texts(chart)
        if op[7].endswith("%") and op[4] == style.faces.regular and op[2] < 20
    ]
    zero = next(op[1] for op in ticks if op[7] == f"0{NBSP}%")
    left = [op for op in ticks if op[1] < zero]
    right = [op for op in ticks if op[1] > zero]
    assert len(right) > len(left)  # fremmede reach 69 %, hæmmede only 47 %


def test_diverging_ends_default_to_neutral_words_in_the_charts_language(data, style, english_style):
    raw = {k: v for k, v in SPECS["diverging"].items() if not k.endswith("_label")}
    neutral = parse_chart_spec(raw)
    danish = {op[7] for op in texts(draw_chart(neutral, data, style, WIDTH))}
    assert {"← Negative svar", "Positive svar →"} <= danish
    english = {op[7] for op in texts(draw_chart(neutral, data, english_style, WIDTH))}
    assert {"← Negative answers", "Positive answers →"} <= english
