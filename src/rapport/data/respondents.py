"""Respondent file (one row per respondent) + questionnaire → validated respondent frame.

Checks, in this order, each reported with file, data row, column, value and a
hint: the weight column (present, a number, > 0), breakdown columns (present,
values declared in the questionnaire when it lists them), item columns
(present; single/likert answers are option codes; multi columns hold 0/1),
routing (no answer from a respondent outside the item's base) and unique ids.
An empty answer from a respondent in the base is item non-response: it is left
out of that item's percentages, not an error. Numeric codes written as "1.0" by
other tools are read as "1".
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import DataError, Location
from .io import (
    RawTable,
    as_text_frame,
    did_you_mean,
    found_instead,
    parse_numbers,
    read_table,
    row_text,
)
from .questionnaire import Base, Item, Questionnaire

WEIGHT = "__weight__"


def load_respondents(
    path: str | Path,
    questionnaire: Questionnaire,
    *,
    by: Sequence[str] = (),
    encoding: str | None = None,
) -> pd.DataFrame:
    """Read and validate a respondent file (CSV, XLSX or Parquet)."""
    return validate_respondents(read_table(path, encoding), questionnaire, by=by)


def validate_respondents(
    table: RawTable | pd.DataFrame,
    questionnaire: Questionnaire,
    *,
    by: Sequence[str] = (),
    path: str | Path | None = None,
) -> pd.DataFrame:
    """Check respondents against the questionnaire; return text columns plus ``__weight__``.

    A frame that already carries ``__weight__`` (validated before) is returned as is.
    """
    if isinstance(table, pd.DataFrame):
        if WEIGHT in table.columns:
            _check_by(table, by, Path(path or "<respondents>"))
            return table
        table = RawTable(Path(path or "<respondents>"), as_text_frame(table), ".")
    if len(table.frame) == 0:
        raise DataError(
            "the respondent file has a header line but no respondents",
            location=Location(table.path, 2),
            hint="export the file again with one row per respondent below the header",
        )
    frame = pd.DataFrame({c: _stripped(table.frame[c]) for c in table.frame.columns})
    weights = _weights(frame, questionnaire, table)
    _check_columns(frame, questionnaire, by, table.path)
    _normalise_codes(frame, questionnaire, table.decimal)
    _check_segments(frame, questionnaire, by, table.path)
    for item in questionnaire.items.values():
        _check_item(frame, item, questionnaire, table.path)
    _check_ids(frame, table.path)
    frame[WEIGHT] = weights
    return frame


def _stripped(column: pd.Series) -> pd.Series:
    """The column as text without surrounding spaces; the same data when there are none
    (a large respondent file is not copied column by column)."""
    text = column if pd.api.types.is_string_dtype(column.dtype) else column.astype(str)
    stripped = text.str.strip()
    return text if text.equals(stripped) else stripped


def _normalise_codes(frame: pd.DataFrame, q: Questionnaire, decimal: str) -> None:
    """Numeric codes written as "1.0" or "1,0" (by other tools) → "1" (in place)."""
    for item in q.items.values():
        numeric = item.type == "multi" or all(c.isdigit() for c in item.options)
        for column in item.columns() if numeric else ():
            if _written_as_codes(frame[column]):
                continue  # nothing to normalise: skip parsing the column
            values, _ = parse_numbers(frame[column], decimal)
            whole = ~np.isnan(values) & (values == np.round(values))
            if not whole.any():
                continue
            text = frame[column].to_numpy(object)
            codes = values[whole].astype(np.int64).astype(str)
            if (text[whole] == codes).all():
                continue  # written as codes already: leave the column (and its memory) alone
            text = text.copy()
            text[whole] = codes
            frame[column] = pd.Series(text, index=frame.index, dtype=frame[column].dtype)


def _written_as_codes(column: pd.Series) -> bool:
    """Every cell empty or a whole number written as a code ("1", not "1.0", "01" or "+1")."""
    return all(
        isinstance(v, str)
        and (v == "" or (len(v) < 16 and v.isascii() and v.isdigit() and str(int(v)) == v))
        for v in column.unique()
    )


def base_mask(frame: pd.DataFrame, base: Base) -> np.ndarray:
    """Respondents in the base: every filter column holds one of its allowed codes."""
    mask = np.ones(len(frame), dtype=bool)
    for column, values in base.filter.items():
        mask &= frame[column].isin(list(values)).to_numpy()
    return mask


def _error(
    path: Path, rows: np.ndarray, column: str, value: str, problem: str, hint: str
) -> DataError:
    row = int(rows[0]) + 1
    more = f"; {rows.size - 1} more row(s) have the same problem" if rows.size > 1 else ""
    return DataError(
        f"column {column!r}, value {value!r}: {problem} ({row_text(row)}){more}",
        location=Location(path, row=row),
        hint=hint,
    )


def _missing_column(
    path: Path, column: str, frame: pd.DataFrame, why: str, hint: str, expected: Sequence[str] = ()
) -> DataError:
    spare = [c for c in frame.columns if c not in set(expected)]
    return DataError(
        f"column {column!r} ({why}) is missing{found_instead(column, spare)}",
        location=Location(path, 1),
        hint=hint,
    )


def _weights(frame: pd.DataFrame, questionnaire: Questionnaire, table: RawTable) -> np.ndarray:
    name = questionnaire.survey.weight
    if name is None:
        return np.ones(len(frame))
    if name not in frame.columns:
        raise _missing_column(
            table.path,
            name,
            frame,
            "the weight named in survey.weight",
            "add the weight column or correct survey.weight",
            [c for item in questionnaire.items.values() for c in item.columns()],
        )
    cells = frame[name]
    values, bad = parse_numbers(cells, table.decimal)
    problems = (
        (bad, "the weight is not a number", "write weights as plain numbers"),
        (np.isnan(values) & ~bad, "the weight is missing", "every respondent needs a weight"),
        (
            ~np.isnan(values) & (values <= 0),
            "the weight must be greater than 0",
            "drop respondents with weight 0 from the file instead",
        ),
    )
    for mask, problem, hint in problems:
        if mask.any():
            rows = np.flatnonzero(mask)
            raise _error(table.path, rows, name, cells.iloc[rows[0]], problem, hint)
    return values


def _check_columns(frame: pd.DataFrame, q: Questionnaire, by: Sequence[str], path: Path) -> None:
    _check_by(frame, by, path)
    needed = [
        (column, f"{item.type} item {item.id!r}", "every questionnaire item needs its column(s)")
        for item in q.items.values()
        for column in item.columns()
    ]
    needed += [
        (column, f"filter of base {base.id!r}", "the routing filter must name a respondent column")
        for base in q.bases.values()
        for column in base.filter
    ]
    expected = [column for column, _, _ in needed]
    for column, why, hint in needed:
        if column not in frame.columns:
            raise _missing_column(path, column, frame, why, hint, expected)


def _check_by(frame: pd.DataFrame, by: Sequence[str], path: Path) -> None:
    for name in by:
        if name not in frame.columns:
            raise DataError(
                f"breakdown variable {name!r} is not a column of the respondent file"
                f"{did_you_mean(name, list(frame.columns))}",
                location=Location(path, 1),
                hint="name a column of the respondent file after --by",
            )


def _check_segments(frame: pd.DataFrame, q: Questionnaire, by: Sequence[str], path: Path) -> None:
    for name in by:
        segment = q.segments.get(name)
        if segment is None or not segment.values:
            continue
        cells = frame[name]
        bad = (cells != "") & ~cells.isin(list(segment.values))
        if bad.any():
            rows = np.flatnonzero(bad.to_numpy())
            value = cells.iloc[rows[0]]
            raise _error(
                path,
                rows,
                name,
                value,
                f"not a value of segment {name!r}{did_you_mean(value, list(segment.values))}",
                f"values: {', '.join(segment.values)}",
            )


def _check_item(frame: pd.DataFrame, item: Item, q: Questionnaire, path: Path) -> None:
    asked = base_mask(frame, q.bases[item.base])
    for column in item.columns():
        cells = frame[column]
        if item.type == "multi":
            bad = ~cells.isin(["", "0", "1"])
            problem, hint = "a multiple-choice column holds 1 (chosen) or 0", "use 0, 1 or empty"
        else:
            bad = (cells != "") & ~cells.isin(list(item.options))
            value = cells[bad].iloc[0] if bad.any() else ""
            problem = f"not an option of item {item.id!r}{did_you_mean(value, list(item.options))}"
            hint = f"options: {', '.join(item.options)}"
        if bad.any():
            rows = np.flatnonzero(bad.to_numpy())
            raise _error(path, rows, column, cells.iloc[rows[0]], problem, hint)
        routed = (~asked) & (cells != "").to_numpy()
        if routed.any():
            rows = np.flatnonzero(routed)
            base = q.bases[item.base]
            raise _error(
                path,
                rows,
                column,
                cells.iloc[rows[0]],
                f"answered, but the respondent is outside base {base.id!r} "
                f"({_describe(base)}) and was not asked",
                "leave the answer empty, or correct the filter column",
            )


def _describe(base: Base) -> str:
    if not base.filter:
        return "everybody"
    return " and ".join(f"{c} = {'/'.join(v)}" for c, v in base.filter.items())


def _check_ids(frame: pd.DataFrame, path: Path) -> None:
    if "id" not in frame.columns:
        return
    dup = frame["id"].duplicated(keep="first").to_numpy()
    if dup.any():
        rows = np.flatnonzero(dup)
        raise _error(
            path,
            rows,
            "id",
            frame["id"].iloc[rows[0]],
            "duplicate respondent id",
            "each respondent appears once",
        )
