"""A table held as plain Python columns, readable without pandas.

Result and significance-test tables are what a rebuild reads back from the build
cache; held as :class:`Columns` (names, each column's pandas dtype name, and its
values as ``str``/``int``/``float``/``bool``/``None``) they answer look-ups without
importing pandas, which :meth:`Columns.to_frame` imports only when a DataFrame is
really needed. ``Columns.from_frame(frame).to_frame()`` gives back an equal frame
(same dtypes, same values), so a table read from the cache and one computed afresh
behave the same.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

DTYPES = frozenset({"object", "str", "string", "float64", "int64", "Int64", "bool", "boolean"})
"""Column types a :class:`Columns` holds (pandas' names)."""
SCALARS = frozenset({str, int, float, bool, type(None)})
_NULLABLE = frozenset({"Int64", "boolean", "string"})


@dataclass(frozen=True, eq=False)
class Columns:
    """Column names, their dtypes and values (one tuple per column, all the same length)."""

    names: tuple[str, ...]
    dtypes: tuple[str, ...]
    data: tuple[tuple[Any, ...], ...]

    def __post_init__(self) -> None:
        if not (len(self.names) == len(self.dtypes) == len(self.data)):
            raise ValueError("columns, dtypes and data differ in number")
        if len(set(self.names)) != len(self.names) or not all(
            isinstance(n, str) for n in self.names
        ):
            raise ValueError("column names must be distinct text")
        if not set(self.dtypes) <= DTYPES:
            raise ValueError(f"column types {sorted(set(self.dtypes) - DTYPES)} are not held")
        if len({len(values) for values in self.data}) > 1:
            raise ValueError("columns differ in length")
        for values in self.data:
            if not set(map(type, values)) <= SCALARS:
                raise ValueError("a column holds something other than plain values")

    def __len__(self) -> int:
        return len(self.data[0]) if self.data else 0

    def __contains__(self, name: object) -> bool:
        return name in self.names

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Columns):
            return NotImplemented
        return (
            self.names == other.names
            and self.dtypes == other.dtypes
            and all(map(_same_values, self.data, other.data))
        )

    __hash__ = None  # type: ignore[assignment]

    def __getitem__(self, name: str) -> tuple[Any, ...]:
        """The values of one column (``KeyError`` when there is none)."""
        try:
            return self.data[self.names.index(name)]
        except ValueError:
            raise KeyError(name) from None

    def get(self, name: str, default: Any = None) -> Any:
        return self[name] if name in self.names else default

    def rows(self) -> Iterator[dict[str, Any]]:
        """Each row as a mapping of column name → value."""
        for values in zip(*self.data, strict=True):
            yield dict(zip(self.names, values, strict=True))

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> Columns:
        """A frame with a plain range index and text column names (``TypeError`` for
        anything else, e.g. a MultiIndex or a column of dates)."""
        import pandas as pd

        index = frame.index
        if not isinstance(index, pd.RangeIndex) or index.start != 0 or index.step != 1:
            raise TypeError("only frames with a 0, 1, 2, … index are held as columns")
        names = tuple(frame.columns)
        if not names or not all(isinstance(n, str) for n in names):
            raise TypeError("only frames with text column names are held as columns")
        dtypes = tuple(str(frame[n].dtype) for n in names)
        if not set(dtypes) <= DTYPES:
            raise TypeError(f"columns of type {sorted(set(dtypes) - DTYPES)} are not held")
        data = tuple(_plain(frame[n].tolist(), d) for n, d in zip(names, dtypes, strict=True))
        try:
            return cls(names, dtypes, data)
        except ValueError as exc:
            raise TypeError(str(exc)) from exc

    def to_frame(self) -> pd.DataFrame:
        """The same table as a pandas DataFrame (imports pandas)."""
        import pandas as pd

        series = {
            name: pd.Series(list(values), dtype=dtype, name=name)
            for name, dtype, values in zip(self.names, self.dtypes, self.data, strict=True)
        }
        frame = pd.DataFrame(series, index=pd.RangeIndex(len(self)))
        frame.columns = pd.Index(list(self.names))
        return frame

    def take(self, positions: Sequence[int]) -> Columns:
        """The rows at ``positions``, in that order."""
        if len(positions) > 1:
            pick = itemgetter(*positions)  # a tuple of the values at the positions
            data = tuple(pick(values) for values in self.data)
        else:
            data = tuple(tuple(values[i] for i in positions) for values in self.data)
        return Columns(self.names, self.dtypes, data)


def values_of(table: Columns | pd.DataFrame, name: str) -> Sequence[Any]:
    """One column of a table as Python values (read-only: the table's own tuple for
    :class:`Columns`), for code that takes either a :class:`Columns` or a DataFrame."""
    column = table[name]
    return column if isinstance(column, tuple) else column.tolist()


def _plain(values: list[Any], dtype: str) -> tuple[Any, ...]:
    """Values as plain Python scalars; pandas' missing markers (``NA``) become ``None``."""
    if dtype in _NULLABLE and any(map(_is_na, set(map(type, values)))):
        return tuple(None if _missing(v) else v for v in values)
    return tuple(values)


def _missing(value: Any) -> bool:
    return value is None or _is_na(type(value))


def _is_na(kind: type) -> bool:
    """pandas' missing marker's type, known without importing pandas."""
    return kind.__name__ == "NAType"


def _same_values(a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
    """Equal column values, NaN equal to NaN."""
    return len(a) == len(b) and all(
        x == y or (_nan(x) and _nan(y)) for x, y in zip(a, b, strict=True)
    )


def _nan(value: Any) -> bool:
    return isinstance(value, float) and math.isnan(value)
