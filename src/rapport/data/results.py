"""Aggregated-results files (tidy: one row per indicator × category × group) → ``ResultStore``.

The format is the data contract in ``CONTRIBUTING.md``. Required columns:
``indicator``, ``category``, ``group``, ``value`` (percent 0–100, empty when
suppressed or missing), ``n`` (unweighted base of the group). Optional:
``label`` (the category's label), ``group_label`` (the group's label, e.g. "High
school" for ``uddannelse=high_school``), ``ci_low``, ``ci_high``, ``status``
("", "primary", "secondary"),
``source``, and the two disclosure helper columns that ``rapport aggregate``
writes: ``count`` (unweighted respondents in the category) and ``top_share``
(percent of the category's weighted total that its heaviest respondent carries).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from ..columns import Columns
from ..errors import DataError, Location
from ..groups import TOTAL_GROUP
from .io import (
    RawTable,
    as_text_frame,
    did_you_mean,
    found_instead,
    parse_numbers,
    read_table,
    row_text,
)

if TYPE_CHECKING:  # imported where files are validated or frames asked for
    import numpy as np
    import pandas as pd

REQUIRED = ("indicator", "category", "group", "value", "n")
OPTIONAL = ("label", "group_label", "ci_low", "ci_high", "status", "source", "count", "top_share")
STATUSES = ("", "primary", "secondary")
SUPPRESSED = ("primary", "secondary")
_GROUP = re.compile(r"^[^=\s][^=]*=[^=]+$")
_PERCENT_COLUMNS = ("value", "ci_low", "ci_high", "top_share")
_COUNT_COLUMNS = ("n", "count")


@dataclass(frozen=True)
class Cell:
    """One result: a category's share in a group (``value`` is None when not shown)."""

    indicator: str
    category: str
    group: str
    value: float | None
    n: int
    ci_low: float | None = None
    ci_high: float | None = None
    status: str = ""
    label: str = ""

    @property
    def suppressed(self) -> bool:
        """True when disclosure control blanked the cell."""
        return self.status in SUPPRESSED


def load_results(path: str | Path, encoding: str | None = None) -> pd.DataFrame:
    """Read and validate an aggregated-results file (CSV, XLSX or Parquet)."""
    return validate_results(read_table(path, encoding))


def validate_results(
    table: RawTable | pd.DataFrame, path: str | Path | None = None
) -> pd.DataFrame:
    """Check a raw table against the tidy contract; return it typed.

    Typed means: text columns ``str``; ``value``, ``ci_low``, ``ci_high``,
    ``top_share`` float (NaN when empty); ``n`` and ``count`` nullable ``Int64``.
    """
    import pandas as pd

    if isinstance(table, pd.DataFrame):
        table = RawTable(Path(path or "<results>"), as_text_frame(table), ".")
    raw = table.frame
    _check_columns(list(raw.columns), table.path)
    out = pd.DataFrame(index=raw.index)
    for column in raw.columns:
        out[column] = _typed_column(raw[column], column, table)
    if "status" not in out:
        out["status"] = ""
    if "label" not in out:
        out["label"] = out["category"]
    _check_rows(out, table.path)
    return out.reset_index(drop=True)


def _check_columns(columns: list[str], path: Path) -> None:
    allowed = REQUIRED + OPTIONAL
    extra = [c for c in columns if c not in allowed]
    for name in REQUIRED:
        if name not in columns:
            raise DataError(
                f"required column {name!r} is missing{found_instead(name, extra)}",
                location=Location(path, 1),
                hint=f"the header must name the columns {', '.join(REQUIRED)}",
            )
    if extra:
        raise DataError(
            f"unknown column {extra[0]!r}{did_you_mean(extra[0], allowed)}",
            location=Location(path, 1),
            hint=f"allowed columns: {', '.join(allowed)}; remove or rename it",
        )


def _fail(path: Path, row: int, column: str, value: str, problem: str, hint: str) -> DataError:
    return DataError(
        f"column {column!r}, value {value!r}: {problem} ({row_text(row)})",
        location=Location(path, row=row),
        hint=hint,
    )


def _first(mask: np.ndarray) -> int | None:
    import numpy as np

    hits = np.flatnonzero(mask)
    return int(hits[0]) if hits.size else None


def _typed_column(cells: pd.Series, column: str, table: RawTable) -> pd.Series:
    import pandas as pd

    if column not in _PERCENT_COLUMNS + _COUNT_COLUMNS:
        return cells.astype(str).str.strip()
    values, bad = parse_numbers(cells, table.decimal)
    if (i := _first(bad)) is not None:
        mark = "a decimal comma" if table.decimal == "," else "a decimal point"
        raise _fail(
            table.path,
            i + 1,
            column,
            cells.iloc[i],
            "not a number",
            f"write plain numbers with {mark} (no % sign, no text)",
        )
    if column in _PERCENT_COLUMNS:
        _check_percent(values, cells, column, table.path)
        return pd.Series(values, index=cells.index, dtype=float)
    return _counts(values, cells, column, table.path)


def _check_percent(values: np.ndarray, cells: pd.Series, column: str, path: Path) -> None:
    import numpy as np

    with np.errstate(invalid="ignore"):
        i = _first((values < 0) | (values > 100))
    if i is not None:
        raise _fail(
            path,
            i + 1,
            column,
            cells.iloc[i],
            "a share must lie between 0 and 100",
            "shares are in percent units: 73.4 means 73,4 %, not 0.734",
        )


def _counts(values: np.ndarray, cells: pd.Series, column: str, path: Path) -> pd.Series:
    import numpy as np
    import pandas as pd

    empty = np.isnan(values)
    if column == "n" and (i := _first(empty)) is not None:
        raise _fail(
            path,
            i + 1,
            column,
            cells.iloc[i],
            "the base n is empty",
            "every row needs the unweighted number of respondents in its group",
        )
    with np.errstate(invalid="ignore"):
        i = _first(~empty & ((values < 0) | (values != np.round(values))))
    if i is not None:
        raise _fail(
            path,
            i + 1,
            column,
            cells.iloc[i],
            "must be a whole number ≥ 0",
            "n and count are unweighted numbers of respondents",
        )
    return pd.Series(
        pd.array(np.where(empty, 0, values).astype("int64"), dtype="Int64"), index=cells.index
    ).mask(empty)


def _check_rows(frame: pd.DataFrame, path: Path) -> None:
    _check_keys(frame, path)
    _check_status(frame, path)
    _check_bounds(frame, path)
    if "count" in frame:
        i = _first((frame["count"] > frame["n"]).fillna(value=False).to_numpy(bool))
        if i is not None:
            raise _fail(
                path,
                i + 1,
                "count",
                str(frame["count"].iloc[i]),
                f"larger than the group's n = {frame['n'].iloc[i]}",
                "count is the number of respondents in the category, at most n",
            )


def _check_keys(frame: pd.DataFrame, path: Path) -> None:
    for column in ("indicator", "category", "group"):
        if (i := _first((frame[column] == "").to_numpy())) is not None:
            raise _fail(
                path,
                i + 1,
                column,
                "",
                "must not be empty",
                "every row needs an indicator, a category and a group",
            )
    groups = frame["group"]
    bad = ~((groups == TOTAL_GROUP) | groups.str.match(_GROUP))
    if (i := _first(bad.to_numpy())) is not None:
        raise _fail(
            path,
            i + 1,
            "group",
            groups.iloc[i],
            "not a group name",
            f"write '{TOTAL_GROUP}' for everybody or '<variable>=<value>', e.g. 'sektor=kommunal'",
        )
    dup = frame.duplicated(["indicator", "category", "group"], keep="first").to_numpy()
    if (i := _first(dup)) is not None:
        key = frame.loc[i, ["indicator", "category", "group"]].tolist()
        first = _first(frame[["indicator", "category", "group"]].eq(key).all(axis=1).to_numpy())
        raise _fail(
            path,
            i + 1,
            "indicator/category/group",
            " / ".join(key),
            f"duplicate key, already given in data row {(first or 0) + 1}",
            "each indicator × category × group may appear once",
        )


def _check_status(frame: pd.DataFrame, path: Path) -> None:
    status = frame["status"]
    if (i := _first(~status.isin(STATUSES).to_numpy())) is not None:
        raise _fail(
            path,
            i + 1,
            "status",
            status.iloc[i],
            f"unknown status{did_you_mean(status.iloc[i], SUPPRESSED)}",
            "status is empty (visible), 'primary' or 'secondary' (suppressed)",
        )
    hidden = status.isin(SUPPRESSED).to_numpy()
    for column in ("value", "ci_low", "ci_high", "count", "top_share"):
        if column not in frame:
            continue
        if (i := _first(hidden & frame[column].notna().to_numpy())) is not None:
            raise _fail(
                path,
                i + 1,
                column,
                str(frame[column].iloc[i]),
                f"the cell is {status.iloc[i]}-suppressed but still has a {column}",
                "leave value, ci_low, ci_high, count and top_share empty in suppressed cells",
            )


def _check_bounds(frame: pd.DataFrame, path: Path) -> None:
    import numpy as np

    if ("ci_low" in frame) != ("ci_high" in frame):
        present = "ci_low" if "ci_low" in frame else "ci_high"
        missing = "ci_high" if present == "ci_low" else "ci_low"
        raise DataError(
            f"column {present!r} is given without {missing!r}",
            location=Location(path, 1),
            hint="give both confidence bounds or none",
        )
    if "ci_low" not in frame:
        return
    low, high, value = (frame[c].to_numpy(float) for c in ("ci_low", "ci_high", "value"))
    half = np.isnan(low) != np.isnan(high)
    with np.errstate(invalid="ignore"):
        order = (low > high) | (value < low - 1e-9) | (value > high + 1e-9)
    if (i := _first(half | order)) is not None:
        shown = f"{frame['ci_low'].iloc[i]} – {frame['ci_high'].iloc[i]}"
        raise _fail(
            path,
            i + 1,
            "ci_low/ci_high",
            shown,
            f"confidence bounds do not enclose the value {frame['value'].iloc[i]}",
            "need ci_low ≤ value ≤ ci_high, both bounds given or both empty",
        )


class ResultStore:
    """Validated results with look-ups by indicator, category and group (read-only).

    The results are held as plain Python columns (:class:`~rapport.columns.Columns`, as
    the build cache stores them), so cells, names and labels are answered without
    pandas; the DataFrame behind :meth:`select` and :attr:`frame` is made (and pandas
    imported) on first use.
    """

    __slots__ = (
        "_cells",
        "_columns",
        "_frame",
        "_index",
        "_rows_of",
        "_selected",
        "_table",
        "name",
        "path",
    )
    _columns: dict[str, tuple[Any, ...]]
    _frame: pd.DataFrame | None
    _table: Columns
    _index: dict[tuple[str, str, str], int]
    _rows_of: dict[str, list[int]]  # indicator → row positions
    _cells: dict[int, Cell]
    _selected: dict[tuple[tuple[str, ...], tuple[str, ...] | None], pd.DataFrame]
    name: str
    path: Path | None

    def __init__(
        self,
        table: Columns | pd.DataFrame,
        *,
        name: str = "results",
        path: str | Path | None = None,
    ) -> None:
        frame = None
        if not isinstance(table, Columns):
            frame = table.reset_index(drop=True).copy()
            table = Columns.from_frame(frame)
        columns = dict(zip(table.names, table.data, strict=True))
        keys = zip(columns["indicator"], columns["category"], columns["group"], strict=True)
        rows_of: dict[str, list[int]] = {}
        for i, indicator in enumerate(columns["indicator"]):
            rows_of.setdefault(indicator, []).append(i)
        object.__setattr__(self, "_columns", columns)
        object.__setattr__(self, "_frame", frame)
        object.__setattr__(self, "_table", table)
        object.__setattr__(self, "_index", {key: i for i, key in enumerate(keys)})
        object.__setattr__(self, "_rows_of", rows_of)
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "path", Path(path) if path is not None else None)
        # look-ups are memoised: the store is read-only, and a watcher reuses it per build
        object.__setattr__(self, "_cells", {})
        object.__setattr__(self, "_selected", {})

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("ResultStore is read-only")

    @classmethod
    def from_file(
        cls, path: str | Path, *, name: str | None = None, encoding: str | None = None
    ) -> ResultStore:
        """Load, validate and wrap a results file."""
        path = Path(path)
        return cls(load_results(path, encoding), name=name or path.stem, path=path)

    @property
    def frame(self) -> pd.DataFrame:
        """A copy of the underlying tidy frame."""
        return self._data().copy()

    def _data(self) -> pd.DataFrame:
        """The tidy frame, made from the columns on first use."""
        if self._frame is None:
            object.__setattr__(self, "_frame", self._table.to_frame())
        assert self._frame is not None
        return self._frame

    def indicators(self) -> list[str]:
        """Indicator ids in file order."""
        return list(self._rows_of)

    def has(self, indicator: str) -> bool:
        return indicator in self._rows_of

    def categories(self, indicator: str) -> list[str]:
        return list(dict.fromkeys(self._values(indicator, "category")))

    def groups(self, indicator: str) -> list[str]:
        return list(dict.fromkeys(self._values(indicator, "group")))

    def group_labels(self) -> dict[str, str]:
        """Group → label from the file's ``group_label`` column (groups without one left out)."""
        labels = self._columns.get("group_label")
        if labels is None:
            return {}
        named = zip(self._columns["group"], labels, strict=True)
        return {group: label for group, label in named if label != ""}

    def cell(self, indicator: str, category: str, group: str = TOTAL_GROUP) -> Cell:
        """One cell; unknown names raise :class:`DataError` listing what exists."""
        i = self._index.get((indicator, category, group))
        if i is None:
            self._explain_missing(indicator, category, group)
        if i not in self._cells:
            column = self._columns
            self._cells[i] = Cell(
                indicator,
                category,
                group,
                _opt(column["value"][i]),
                int(column["n"][i]),
                _opt(column["ci_low"][i]) if "ci_low" in column else None,
                _opt(column["ci_high"][i]) if "ci_high" in column else None,
                str(column["status"][i]),
                str(column["label"][i]),
            )
        return self._cells[i]

    def select(
        self, indicators: Iterable[str], groups: Sequence[str] | None = None
    ) -> pd.DataFrame:
        """Rows of the given indicators (in that order), optionally only some groups."""
        key = (tuple(indicators), None if groups is None else tuple(groups))
        if key not in self._selected:
            self._selected[key] = self._select(list(key[0]), groups)
        return self._selected[key].copy()

    def rows(self, indicators: Iterable[str], groups: Sequence[str] | None = None) -> Columns:
        """What :meth:`select` gives, as plain columns (no pandas)."""
        wanted = list(indicators)
        positions = [i for ind in wanted for i in self._positions(ind)]
        if groups is not None:
            for group in groups:
                for ind in wanted:
                    self._need(group, self.groups(ind), "group", f"indicator {ind!r}")
            chosen, group_of = set(groups), self._columns["group"]
            positions = [i for i in positions if group_of[i] in chosen]
        return self._table.take(positions)

    def _select(self, wanted: list[str], groups: Sequence[str] | None) -> pd.DataFrame:
        import pandas as pd

        parts = [self._rows(ind) for ind in wanted]
        frame = pd.concat(parts, ignore_index=True) if parts else self._data().iloc[:0].copy()
        if groups is not None:
            for group in groups:
                for ind in wanted:
                    self._need(group, self.groups(ind), "group", f"indicator {ind!r}")
            frame = frame[frame["group"].isin(list(groups))].reset_index(drop=True)
        return frame

    def _rows(self, indicator: str) -> pd.DataFrame:
        self._need(indicator, self.indicators(), "indicator", self.name)
        return self._data().iloc[self._rows_of[indicator]].reset_index(drop=True)

    def _values(self, indicator: str, column: str) -> list[Any]:
        """One column's values in the rows of ``indicator`` (an unknown one is an error)."""
        values = self._columns[column]
        return [values[i] for i in self._positions(indicator)]

    def _positions(self, indicator: str) -> list[int]:
        self._need(indicator, self.indicators(), "indicator", self.name)
        return self._rows_of[indicator]

    def _explain_missing(self, indicator: str, category: str, group: str) -> NoReturn:
        self._need(indicator, self.indicators(), "indicator", self.name)
        self._need(category, self.categories(indicator), "category", f"indicator {indicator!r}")
        self._need(group, self.groups(indicator), "group", f"indicator {indicator!r}")
        raise DataError(
            f"indicator {indicator!r} has no cell for category {category!r} in group {group!r}",
            location=Location(self.path),
            hint="the results file lacks this combination",
        )

    def _need(self, name: str, existing: Sequence[str], what: str, where: str) -> None:
        if name in existing:
            return
        shown = ", ".join(repr(e) for e in existing[:12]) + (" …" if len(existing) > 12 else "")
        raise DataError(
            f"{what} {name!r} is not in {where}{did_you_mean(name, existing)}",
            location=Location(self.path),
            hint=f"existing {plural(what)}: {shown or '(none)'}",
        )


def plural(word: str) -> str:
    """English plural of a noun in messages: 'category' → 'categories', 'group' → 'groups'."""
    return f"{word[:-1]}ies" if word.endswith("y") and word[-2:-1] not in "aeiou" else f"{word}s"


def _opt(value: object) -> float | None:
    if _missing(value):
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if math.isnan(number) else number


def _missing(value: object) -> bool:
    """None or pandas' ``NA`` (recognised without importing pandas)."""
    return value is None or type(value).__name__ == "NAType"
