"""The arithmetic of a diverging (Likert) chart, apart from the drawing."""

from __future__ import annotations

from rapport.charts.diverging import (
    is_complete,
    legend_order,
    limits_with_room,
    side_cells,
    side_colors,
    side_extents,
    side_shades,
    side_total,
)
from rapport.charts.frame import Cell
from rapport.charts.geometry import ramp

LEFT, RIGHT = ("ringe", "slet"), ("nogen", "hoej")


def _cell(indicator: str, category: str, value: float | None) -> Cell:
    return Cell(indicator, category, "Alle", category.title(), value, 100)


CELLS = (
    _cell("a", "slet", 5),
    _cell("a", "ringe", 15),
    _cell("a", "nogen", 50),
    _cell("a", "hoej", 30),
    _cell("b", "slet", None),  # suppressed
    _cell("b", "ringe", 40),
    _cell("b", "nogen", 35),
    _cell("b", "hoej", 10),
)


def test_each_side_has_its_own_ramp_without_the_lightest_shade() -> None:
    shades = side_shades("#204060", 2)
    assert shades == ramp("#204060", 3)[1:][::-1]
    assert shades[-1] == ramp("#204060", 3)[1]  # the outermost category is the strongest
    colors = side_colors(LEFT, RIGHT, "#aa0000", "#0000aa")
    assert set(colors) == {*LEFT, *RIGHT}
    assert colors["slet"] == ramp("#aa0000", 3)[1]
    assert colors["hoej"] == ramp("#0000aa", 3)[1]


def test_legend_reads_the_scale_from_one_end_and_skips_missing_codes() -> None:
    assert legend_order(LEFT, RIGHT, ["ringe", "slet", "nogen", "hoej"]) == [
        "slet",
        "ringe",
        "nogen",
        "hoej",
    ]
    assert legend_order(LEFT, RIGHT, ["nogen"]) == ["nogen"]


def test_rows_sides_totals_and_extents() -> None:
    left_a = side_cells(CELLS, "a", LEFT)
    assert [c.category for c in left_a] == ["ringe", "slet"]  # from zero outwards
    assert side_total(left_a) == 20
    left_b = side_cells(CELLS, "b", LEFT)
    assert side_total(left_b) == 40  # a suppressed share counts 0
    assert is_complete(left_a)
    assert not is_complete(left_b)
    assert side_extents(CELLS, ["a", "b"], LEFT, RIGHT) == (40, 80)
    assert side_extents(CELLS, [], LEFT, RIGHT) == (0.0, 0.0)


def test_the_x_range_leaves_the_asked_share_for_labels_on_each_side() -> None:
    low, high = limits_with_room(40, 60, 0.1)
    assert (low, high) == (-52.5, 72.5)
    assert (high - 60) / (high - low) == 0.1  # 12.5 of 125 beyond each end
    assert limits_with_room(40, 60, 0.0) == (-40, 60)
