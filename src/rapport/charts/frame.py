"""Tidy results frame + chart spec → the ordered cells a chart draws (labels resolved).

Only the rows a chart actually shows become :class:`Cell` records, which are also
what the chart cache hashes: change a value, a status or a label and the key changes.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..columns import Columns, values_of
from ..data.disclosure import SYMBOLS
from ..errors import ChartError
from ..groups import TOTAL_GROUP
from ..phrases import phrase
from .spec import (
    BarSpec,
    BignumberSpec,
    ChartSpec,
    DivergingSpec,
    StackedSpec,
)

if TYPE_CHECKING:
    import pandas as pd

SUPPRESSED_SYMBOL = SYMBOLS["primary"]
"""Shown where a suppressed cell's value would be (disclosure control)."""

REQUIRED_COLUMNS = ("indicator", "category", "group", "value", "n")
OPTIONAL_COLUMNS = ("label", "ci_low", "ci_high", "status")
SUPPRESSED_STATUS = ("primary", "secondary")


@dataclass(frozen=True)
class Cell:
    """One drawn value: where it sits, its display label, the value or its suppression."""

    indicator: str
    category: str
    group: str
    label: str
    value: float | None
    n: int | None
    ci_low: float | None = None
    ci_high: float | None = None
    status: str = ""

    @property
    def suppressed(self) -> bool:
        return self.value is None

    @property
    def symbol(self) -> str:
        """The disclosure symbol drawn instead of a suppressed value."""
        return SYMBOLS.get(self.status, SUPPRESSED_SYMBOL)


def _number(value: Any) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    number = float(value)
    return None if math.isnan(number) else number


def _text(row: Mapping[str, Any], column: str) -> str:
    value = row.get(column)
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


def _cell(row: Mapping[str, Any], spec: ChartSpec) -> Cell:
    status = _text(row, "status").strip()
    value = None if status in SUPPRESSED_STATUS else _number(row["value"])
    n = _number(row.get("n"))
    category = str(row["category"])
    label = spec.label_for(category) or _text(row, "label") or category
    return Cell(
        str(row["indicator"]),
        category,
        str(row["group"]),
        label,
        value,
        None if n is None else int(n),
        _number(row.get("ci_low")),
        _number(row.get("ci_high")),
        status,
    )


def select_cells(spec: ChartSpec, data: Columns | pd.DataFrame) -> tuple[Cell, ...]:
    """The cells of ``spec`` in spec order: indicator, then category, then group.

    ``data`` is a tidy table: plain columns (as :meth:`ResultStore.rows` gives, no pandas
    needed) or a DataFrame."""
    missing = [c for c in REQUIRED_COLUMNS if c not in data]
    if missing:
        raise ChartError(
            f"the data for the chart has no column {missing[0]!r}",
            hint="tidy results need: " + ", ".join(REQUIRED_COLUMNS),
        )
    wanted = set(spec.indicators)
    chosen = [i for i, v in enumerate(values_of(data, "indicator")) if str(v) in wanted]
    present = _present(data, chosen)
    records = _records(data, chosen, set(spec.groups))  # only drawn groups
    cells: list[Cell] = []
    for indicator in spec.indicators:
        if indicator not in present:
            raise ChartError(
                f"no data for indicator {indicator!r} in source {spec.source!r}",
                hint=_near(indicator, values_of(data, "indicator"), "indicators"),
            )
        rows = [r for r in records if str(r["indicator"]) == indicator]
        cells.extend(_indicator_cells(spec, indicator, rows, *present[indicator]))
    return tuple(cells)


def _present(
    data: Columns | pd.DataFrame, chosen: list[int]
) -> dict[str, tuple[list[str], set[str]]]:
    """Per indicator: its categories in data order and the groups it has."""
    found: dict[str, tuple[dict[str, None], set[str]]] = {}
    columns = (_picked(data, c, chosen) for c in ("indicator", "category", "group"))
    for indicator, category, group in zip(*columns, strict=True):
        categories, groups = found.setdefault(str(indicator), ({}, set()))
        categories.setdefault(str(category), None)
        groups.add(str(group))
    return {k: (list(c), g) for k, (c, g) in found.items()}


def _records(
    data: Columns | pd.DataFrame, chosen: list[int], groups: set[str]
) -> list[dict[str, Any]]:
    """The chosen rows of the wanted groups as dicts of the columns charts use."""
    names = [c for c in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS) if c in data]
    group_of = values_of(data, "group")
    kept = [i for i in chosen if str(group_of[i]) in groups]
    columns = [_picked(data, name, kept) for name in names]
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]


def _picked(data: Columns | pd.DataFrame, name: str, rows: list[int]) -> Sequence[Any]:
    """One column's values in ``rows``."""
    values = values_of(data, name)
    return values if len(rows) == len(values) else [values[i] for i in rows]


def _indicator_cells(
    spec: ChartSpec,
    indicator: str,
    rows: list[dict[str, Any]],
    available: list[str],
    groups: set[str],
) -> list[Cell]:
    """The cells of one indicator; ``rows`` holds the drawn groups' rows, ``available``
    and ``groups`` what the data has of the indicator in all groups."""
    by_key = {(str(r["category"]), str(r["group"])): r for r in rows}
    categories = wanted_categories(spec, available)
    _check_present(spec.groups, groups, "group", indicator)
    _check_present(categories, set(available), "category", indicator)
    return [
        _cell(by_key[(category, group)], spec)
        for category in categories
        for group in spec.groups
        if (category, group) in by_key
    ]


def _check_present(wanted: Sequence[str], present: set[str], what: str, indicator: str) -> None:
    for code in wanted:
        if code not in present:
            plural = "categories" if what == "category" else f"{what}s"
            raise ChartError(
                f"no data for {what} {code!r} of indicator {indicator!r}",
                hint=_near(code, sorted(present), plural),
            )


def wanted_categories(spec: ChartSpec, available: list[str]) -> list[str]:
    """The categories a chart shows: listed ones, else all in data order, minus excluded."""
    if isinstance(spec, BignumberSpec):
        return [spec.category]
    if isinstance(spec, DivergingSpec):
        return [*spec.left, *spec.right]
    listed = getattr(spec, "categories", None)
    exclude = set(getattr(spec, "exclude", ()))
    return [c for c in (listed or available) if c not in exclude]


def _near(word: str, values: Iterable[Any], what: str) -> str:
    options = sorted({str(v) for v in values})
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.5)
    lead = f"did you mean {close[0]!r}? " if close else ""
    shown = ", ".join(options[:12]) + (" …" if len(options) > 12 else "")
    return f"{lead}{what} in the data: {shown}"


# -- labels -------------------------------------------------------------------------
def group_label(spec: ChartSpec, group: str, language: str) -> str:
    """``Alle`` → "I alt" ("Total"; the project sets its own word through the spec's labels);
    ``sektor=kommunal`` → "Kommunal"."""
    given = spec.label_for(group)
    if given:
        return given
    if group == TOTAL_GROUP:
        return str(phrase(language, "labels", "total"))
    value = group.split("=", 1)[-1]
    return value[:1].upper() + value[1:]


def end_labels(spec: DivergingSpec, language: str) -> tuple[str, str]:
    """The words at the two ends of a diverging chart: the spec's, else neutral ones."""
    return (
        spec.left_label or str(phrase(language, "labels", "diverging_left")),
        spec.right_label or str(phrase(language, "labels", "diverging_right")),
    )


def row_label(spec: ChartSpec, indicator: str) -> str:
    """A stacked or diverging row: the spec's label, else the indicator id made readable."""
    given = spec.label_for(indicator)
    if given:
        return given
    text = indicator.replace("_", " ")
    return text[:1].upper() + text[1:]


def stack_bars(spec: StackedSpec, language: str) -> list[tuple[str, str, str]]:
    """The bars of a stacked chart, top first: (indicator, group, label), one per
    indicator and group in the order given."""
    many_rows, many_groups = len(spec.rows) > 1, len(spec.groups) > 1
    bars = []
    for indicator in spec.rows:
        for group in spec.groups:
            name = group_label(spec, group, language)
            if many_rows and many_groups:
                label = f"{row_label(spec, indicator)}: {name}"
            else:
                label = name if many_groups else row_label(spec, indicator)
            bars.append((indicator, group, label))
    return bars


def cells_for(cells: tuple[Cell, ...], **match: str) -> list[Cell]:
    return [c for c in cells if all(getattr(c, k) == v for k, v in match.items())]


def ordered(spec: ChartSpec, cells: list[Cell], key_group: str | None = None) -> list[str]:
    """Category codes in display order (top first), sorted by the spec's ``sort``."""
    categories = list(dict.fromkeys(c.category for c in cells))
    sort = getattr(spec, "sort", "none")
    if sort == "none" or not isinstance(spec, BarSpec):
        return categories
    group = key_group or spec.groups[0]
    value = {c.category: c.value for c in cells if c.group == group}
    present = [c for c in categories if value.get(c) is not None]
    absent = [c for c in categories if value.get(c) is None]
    present.sort(key=lambda c: value[c] or 0.0, reverse=sort == "descending")
    return present + absent
