"""Image regression: each chart kind against its committed baseline PNG."""

from __future__ import annotations

import pytest
from chart_sample import SPECS, spec

from rapport.charts import draw_chart

WIDTH = 360.0


@pytest.mark.parametrize("kind", sorted(SPECS))
def test_kind_matches_baseline(kind, data, style, matches_baseline):
    matches_baseline(kind, draw_chart(spec(kind), data, style, WIDTH))


def test_columns_timeseries_and_groups_match_baseline(data, style, matches_baseline):
    chart = spec("timeseries", style="columns")
    matches_baseline("timeseries_columns", draw_chart(chart, data, style, WIDTH))


def test_english_grouped_matches_baseline(data, english_style, matches_baseline):
    matches_baseline("grouped_en", draw_chart(spec("grouped"), data, english_style, WIDTH))
