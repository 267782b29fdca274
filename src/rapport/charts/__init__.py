"""Figure specs + tidy results → vector chart flowables with alt text (cached)."""

from .cache import ChartCache, chart_key
from .describe import describe_chart
from .display import ChartFlowable, DisplayList
from .draw import draw_chart
from .frame import SUPPRESSED_SYMBOL
from .sizing import chart_height
from .spec import (
    BarSpec,
    BignumberSpec,
    ChartSpec,
    DivergingSpec,
    DotplotSpec,
    GroupedSpec,
    StackedSpec,
    TimeseriesSpec,
    parse_chart_spec,
)
from .style import ChartStyle

__all__ = [
    "SUPPRESSED_SYMBOL",
    "BarSpec",
    "BignumberSpec",
    "ChartCache",
    "ChartFlowable",
    "ChartSpec",
    "ChartStyle",
    "DisplayList",
    "DivergingSpec",
    "DotplotSpec",
    "GroupedSpec",
    "StackedSpec",
    "TimeseriesSpec",
    "chart_height",
    "chart_key",
    "describe_chart",
    "draw_chart",
    "parse_chart_spec",
]
