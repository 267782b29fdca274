"""Figure specs + tidy results → vector chart flowables with alt text (cached).

The names are loaded on first use: a build whose charts all come from the cache
imports the cache, spec and style modules, not matplotlib.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_names

if TYPE_CHECKING:
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

_HOMES = {
    "cache": ("ChartCache", "chart_key"),
    "describe": ("describe_chart",),
    "display": ("ChartFlowable", "DisplayList"),
    "draw": ("draw_chart",),
    "frame": ("SUPPRESSED_SYMBOL",),
    "sizing": ("chart_height",),
    "spec": (
        "BarSpec",
        "BignumberSpec",
        "ChartSpec",
        "DivergingSpec",
        "DotplotSpec",
        "GroupedSpec",
        "StackedSpec",
        "TimeseriesSpec",
        "parse_chart_spec",
    ),
    "style": ("ChartStyle",),
}

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


__getattr__ = lazy_names(__name__, _HOMES)
