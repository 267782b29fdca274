"""Fixtures for the page checks: a chart style for unit tests."""

from __future__ import annotations

import pytest

from rapport.charts.style import ChartStyle
from rapport.fonts import register_family
from rapport.formatting import Formatter
from rapport.layout.model import Layout


@pytest.fixture(scope="session")
def chart_style() -> ChartStyle:
    layout = Layout()
    return ChartStyle.from_layout(layout, register_family(layout.typography.heading), Formatter())
