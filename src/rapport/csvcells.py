"""CSV cells that a spreadsheet will not run: formula neutralisation for every CSV rapport writes.

Excel, LibreOffice and Google Sheets treat a cell that starts with ``=``, ``+``, ``-`` or
``@`` (and, in some versions, a tab or carriage return) as a formula, so a data value
such as ``=cmd|' /C calc'!A0`` in a segment name or label could run when someone opens
``manifest.csv`` or an aggregated results file. Such text cells get a leading
apostrophe, which spreadsheets show as text; plain numbers (``-3.5``) are left alone.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pandas only when a frame is neutralised: writing a PDF must not import it
    import pandas as pd

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[-+]?(\d+([.,]\d*)?|[.,]\d+)([eE][-+]?\d+)?$")


def neutralise(value: Any) -> Any:
    """``value`` with a leading apostrophe when it is text a spreadsheet would run."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _NUMBER.match(value):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells (and column names) are neutralised."""
    import pandas as pd

    out = frame.rename(columns=neutralise)
    for column in out.columns:
        if pd.api.types.is_object_dtype(out[column]) or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise, na_action="ignore")
    return out
