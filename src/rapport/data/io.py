"""Read tabular files (CSV as Danish Excel writes it, Excel, Parquet) into text frames.

Every reader returns a :class:`RawTable`: a DataFrame whose cells are all ``str``
(``""`` for empty), plus the file's decimal mark. Keeping text until validation
lets the validators quote the value exactly as the user wrote it and point at
its row. Rows are *data rows*, counted from 1 at the first row below the header
(the header itself is not counted), see :func:`row_text`.

CSV handling:

* **Encoding** — an explicit ``encoding`` (the ``encoding:`` key of a data source in
  ``report.yaml``, or ``rapport aggregate --encoding``) wins. Otherwise a byte order mark
  decides (UTF-8, UTF-16 LE/BE as Excel's "Unicode text" writes it, UTF-32); without one,
  a file whose every other byte is NUL is UTF-16 (LE or BE by where the NULs sit), else
  strict UTF-8 is tried first and Windows-1252 second.
  Whatever was chosen, the decoded text is checked for typical mojibake ("Ã¸",
  "Ã¦", "â€", or C1 control characters from reading Windows-1252 as Latin-1)
  and rejected with a hint rather than read silently wrong.
* **Separator** — the candidate (``;``, ``,``, tab, ``|``) that splits the header
  into most fields.
* **Decimal mark** — ``,`` when the separator is not ``,`` and decimal-comma
  numbers ("12,5") outnumber decimal-point numbers ("12.5"); then ``.`` groups
  thousands ("1.255" is 1255).
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..csvcells import neutralise_frame
from ..errors import DataError, Location, UsageError

if TYPE_CHECKING:  # imported by the readers: the name helpers below need neither
    import numpy as np
    import pandas as pd

SEPARATORS = (";", ",", "\t", "|")
ENCODING_HINT = (
    "name the file's encoding: 'encoding: cp1252' (or utf-8, utf-16 …) under the data "
    "source in report.yaml, or --encoding with 'rapport aggregate'"
)
SUFFIXES = (".csv", ".txt", ".xlsx", ".parquet")
_MOJIBAKE = re.compile(r"Ã[\u0080-\u00bf¦¥¸˜…†‰Ÿ]|â€|Â[\u00a0-\u00bf]|[\u0080-\u009f]")
_COMMA_NUMBER = re.compile(r"^[+-]?\d+,\d+$")
_POINT_NUMBER = re.compile(r"^[+-]?\d+\.\d+$")
_DANISH_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")


@dataclass(frozen=True)
class RawTable:
    """A file read as text: ``frame`` has only ``str`` cells; ``decimal`` is "," or "."."""

    path: Path
    frame: pd.DataFrame
    decimal: str = "."
    encoding: str | None = None
    separator: str | None = None


def row_text(row: int) -> str:
    """How a data row is described in messages (the header is not counted)."""
    return f"data row {row}, i.e. line {row + 1} counting the header"


def read_table(path: str | Path, encoding: str | None = None) -> RawTable:
    """Read a CSV, XLSX or Parquet file as text; the suffix decides the reader."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise DataError(
            f"cannot read {path.name!r}: unknown file type {suffix or '(none)'!r}",
            location=Location(path),
            hint="use a .csv, .xlsx or .parquet file",
        )
    if not path.is_file():
        raise DataError(
            f"file {str(path)!r} does not exist",
            location=Location(path),
            hint="check the path and the spelling",
        )
    if suffix == ".xlsx":
        return _read_excel(path)
    if suffix == ".parquet":
        return _read_parquet(path)
    return _read_csv(path, encoding)


# --- CSV ---------------------------------------------------------------------------------


SNIFF_ROWS = 20_000


def decode_bytes(data: bytes, path: Path, encoding: str | None = None) -> tuple[str, str]:
    """Decode file bytes → (text, encoding used); see the module docstring for the rules."""
    if encoding is not None:
        used = _check_encoding(encoding)
        text = _decode(data, path, used, explicit=True)
    elif (detected := detect_encoding(data)) is not None:
        text, used = _decode(data, path, detected, explicit=True), detected
    else:
        try:
            text, used = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, used = _decode(data, path, "cp1252", explicit=False), "cp1252"
    _reject_mojibake(text, path, used)
    return text.removeprefix("\ufeff"), used


_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def detect_encoding(data: bytes) -> str | None:
    """The encoding a byte order mark or UTF-16's NUL pattern announces, else None.

    Without a mark, text in UTF-16 has a NUL in every other byte for ASCII letters:
    at odd positions in little-endian, at even ones in big-endian.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    sample = data[:4096]
    if len(sample) < 2 or b"\x00" not in sample:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _check_encoding(encoding: str) -> str:
    import codecs

    try:
        return codecs.lookup(encoding).name
    except LookupError as exc:
        raise UsageError(
            f"unknown encoding {encoding!r}",
            hint="use e.g. utf-8, utf-8-sig, utf-16 or cp1252 (Windows-1252)",
        ) from exc


def _decode(data: bytes, path: Path, encoding: str, *, explicit: bool) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        tried = encoding if explicit else "UTF-8 or Windows-1252"
        raise DataError(
            f"cannot decode byte 0x{data[exc.start]:02x} at byte {exc.start} as {tried}",
            location=Location(path, line),
            hint=f"save the file as UTF-8, or {ENCODING_HINT}",
        ) from exc


def _reject_mojibake(text: str, path: Path, encoding: str) -> None:
    match = _MOJIBAKE.search(text)
    if match is None:
        return
    line = text.count("\n", 0, match.start()) + 1
    raise DataError(
        f"the text looks garbled ({match.group()!r} where a letter such as 'ø' or '–' is "
        f"expected) when read as {encoding}",
        location=Location(path, line),
        hint="the file is in another encoding than it was read with (or was converted twice); "
        f"re-save it as UTF-8, or {ENCODING_HINT}",
    )


def sniff_separator(header: str) -> str:
    """The separator that splits the header line into most fields (ties: order of SEPARATORS)."""
    counts = {sep: len(next(csv.reader([header], delimiter=sep), [])) for sep in SEPARATORS}
    return max(SEPARATORS, key=lambda sep: (counts[sep], -SEPARATORS.index(sep)))


def sniff_decimal(frame: pd.DataFrame, separator: str) -> str:
    """ "," when decimal-comma numbers outnumber decimal-point numbers (never for "," files);
    the first :data:`SNIFF_ROWS` rows decide."""
    import pandas as pd

    if separator == "," or frame.empty:
        return "."
    cells = pd.Series(frame.head(SNIFF_ROWS).to_numpy().ravel())
    commas = int(cells.str.match(_COMMA_NUMBER).sum())
    points = int((cells.str.match(_POINT_NUMBER) & ~cells.str.match(_DANISH_THOUSANDS)).sum())
    return "," if commas > points else "."


def _read_csv(path: Path, encoding: str | None) -> RawTable:
    import pandas as pd

    data = _read_bytes(path)
    text, used = decode_bytes(data, path, encoding)
    if not text or text.isspace():
        raise DataError(
            f"{path.name!r} is empty",
            location=Location(path),
            hint="the first line must be the header with the column names",
        )
    end = text.find("\n")
    separator = sniff_separator((text if end < 0 else text[:end]).rstrip("\r"))
    # parse UTF-8 bytes, not a text buffer (a StringIO of a large file takes 4 bytes a
    # character); a file that was UTF-8 already is parsed as it lies
    utf8 = data.removeprefix(b"\xef\xbb\xbf") if used in ("utf-8", "utf-8-sig") else None
    del data
    source = utf8 if utf8 is not None else text.encode("utf-8")
    del text, utf8
    try:
        frame = pd.read_csv(
            io.BytesIO(source),
            encoding="utf-8",
            sep=separator,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=True,
        )
    except (pd.errors.ParserError, ValueError) as exc:
        raise DataError(
            f"cannot parse {path.name!r} as CSV: {exc}",
            location=Location(path),
            hint="check quotes and that every line has as many fields as the header",
        ) from exc
    _check_header(frame, path)
    frame = frame.rename(columns=lambda c: str(c).strip())
    return RawTable(path, frame, sniff_decimal(frame, separator), used, separator)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DataError(
            f"cannot read {str(path)!r}: {exc.strerror}", location=Location(path)
        ) from exc


def _check_header(frame: pd.DataFrame, path: Path) -> None:
    names = [str(c) for c in frame.columns]
    for position, name in enumerate(names, start=1):
        if name.startswith("Unnamed:") or not name.strip():
            raise DataError(
                f"column {position} of the header has no name",
                location=Location(path, 1),
                hint="give every column a name in the first line",
            )
        if re.search(r"\.\d+$", name) and name.rsplit(".", 1)[0] in names:
            raise DataError(
                f"column name {name.rsplit('.', 1)[0]!r} appears twice in the header",
                location=Location(path, 1),
                hint="column names must be unique",
            )


# --- Excel and Parquet ---------------------------------------------------------------------


def _read_excel(path: Path) -> RawTable:
    import pandas as pd

    try:
        frame = pd.read_excel(path, sheet_name=0, dtype=object, engine="openpyxl")
    except Exception as exc:  # openpyxl raises many unrelated types for broken files
        raise DataError(
            f"cannot read {path.name!r} as an Excel workbook: {exc}",
            location=Location(path),
            hint="save it again as .xlsx",
        ) from exc
    _check_header(frame, path)
    return RawTable(path, _as_text(frame), ".")


def _read_parquet(path: Path) -> RawTable:
    import pandas as pd

    try:
        frame = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError, …
        raise DataError(
            f"cannot read {path.name!r} as Parquet: {exc}",
            location=Location(path),
            hint="write the file again with pyarrow",
        ) from exc
    return RawTable(path, _as_text(frame), ".")


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Typed cells → text: empty → "", whole floats → "3", other floats → repr."""
    import pandas as pd

    out = {str(name): _column_text(frame[name]) for name in frame.columns}
    return pd.DataFrame(out, index=pd.RangeIndex(len(frame)), dtype=object)


def as_text_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A DataFrame of any dtypes → a text frame as :func:`read_table` returns it."""
    return _as_text(frame)


def _column_text(column: pd.Series) -> np.ndarray:
    import numpy as np
    import pandas as pd

    dtype = column.dtype
    if pd.api.types.is_float_dtype(dtype) and not isinstance(dtype, pd.CategoricalDtype):
        values = column.to_numpy(float, na_value=np.nan)
        finite = np.isfinite(values)
        whole = finite & (values == np.round(values)) & (np.abs(values) < 2**53)
        text = np.full(len(values), "", dtype=object)
        text[whole] = values[whole].astype(np.int64).astype(str)
        text[finite & ~whole] = [repr(float(v)) for v in values[finite & ~whole]]
        return text
    if pd.api.types.is_string_dtype(dtype) and not pd.api.types.is_object_dtype(dtype):
        strings: np.ndarray = column.fillna("").to_numpy(object)
        return strings
    if pd.api.types.is_integer_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
        integers: np.ndarray = column.astype("string").fillna("").to_numpy(object)
        return integers
    return np.array([_cell_text(v) for v in column.tolist()], dtype=object)


def _cell_text(value: object) -> str:
    import numpy as np
    import pandas as pd

    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float | np.floating):
        if math.isnan(value):
            return ""
        return str(int(value)) if float(value).is_integer() else repr(float(value))
    if isinstance(value, bool | np.bool_):
        return "1" if value else "0"
    return str(value)


# --- numbers -------------------------------------------------------------------------------


def parse_numbers(cells: pd.Series, decimal: str = ".") -> tuple[np.ndarray, np.ndarray]:
    """Text cells → (float array with NaN for empty, mask of cells that are not numbers)."""
    import numpy as np
    import pandas as pd

    text = cells.astype(str).str.strip()
    if decimal == ",":
        grouped = text.str.match(_DANISH_THOUSANDS)
        text = text.where(~grouped, text.str.replace(".", "", regex=False))
        text = text.str.replace(",", ".", regex=False)
    values = pd.to_numeric(text.where(text != "", None), errors="coerce").to_numpy(float)
    bad = np.isnan(values) & (text != "").to_numpy()
    bad |= np.isinf(values)
    return values, bad


# --- writing -------------------------------------------------------------------------------


def write_table(frame: pd.DataFrame, path: str | Path, *, danish_csv: bool = False) -> Path:
    """Write a frame as CSV (UTF-8, "," and "."; or Danish: BOM, ";" and ","), XLSX or Parquet."""
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            _write_csv(frame, path, danish=danish_csv)
        elif suffix == ".xlsx":
            neutralise_frame(frame).to_excel(path, index=False, engine="openpyxl")
        elif suffix == ".parquet":
            frame.to_parquet(path, index=False)
        else:
            raise UsageError(
                f"cannot write {path.name!r}: unknown file type {suffix!r}",
                hint="name the output .csv, .xlsx or .parquet",
            )
    except OSError as exc:
        raise DataError(
            f"cannot write {str(path)!r}: {exc.strerror}", location=Location(path)
        ) from exc
    return path


def _write_csv(frame: pd.DataFrame, path: Path, *, danish: bool) -> None:
    frame = neutralise_frame(frame)  # no cell a spreadsheet would run as a formula
    if danish:
        frame.to_csv(
            path, index=False, sep=";", decimal=",", encoding="utf-8-sig", lineterminator="\r\n"
        )
    else:
        frame.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")


def did_you_mean(word: str, choices: Sequence[str]) -> str:
    """' (did you mean 'x'?)' when a close match exists, else ''."""
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def found_instead(name: str, columns: Sequence[str]) -> str:
    """' (the file has 'x' — misspelt?)' when a column close to ``name`` exists, else ''."""
    import difflib

    close = difflib.get_close_matches(name, list(columns), n=1, cutoff=0.6)
    return f" (the file has {close[0]!r} — misspelt?)" if close else ""
