"""Stage 8 helper, tables: a table definition + results → text cells → a styled LongTable."""

from __future__ import annotations

from typing import Any

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import LongTable

from rapport.data.disclosure import SYMBOLS
from rapport.data.results import ResultStore
from rapport.errors import Location, ProjectError
from rapport.formatting import Formatter
from rapport.layout.model import Layout
from rapport.project import TableDef
from rapport.styles import Fonts
from rapport.tables import quoted_table, row_specs, styled_table, table_data

LABELS = {"Alle": "I alt", "sektor=kommunal": "Kommunal", "sektor=statslig": "Statslig"}


def _tdef(**changes: Any) -> TableDef:
    values: dict[str, Any] = {
        "id": "t",
        "title": "Innovation",
        "source": "resultater",
        "rows": {"indicator": "innov"},
        "columns": ("Alle", "sektor=kommunal", "sektor=statslig"),
        "column_labels": {},
        "show_n": True,
        "digits": 0,
        "note": "",
        "cite": None,
        "stub": "Procent",
        "where": Location("report.yaml", 7),
    }
    values.update(changes)
    return TableDef(**values)


def test_rows_columns_suppression_and_bases(store: ResultStore, formatter: Formatter) -> None:
    data = table_data(_tdef(), store, formatter, LABELS, "Procent", SYMBOLS, "Antal (n)")
    assert data.header == ("Procent", "I alt", "Kommunal", "Statslig")
    assert data.rows == (
        ("Ja", "62", "70", ".."),
        ("Nej", "38", "30", ".."),
        ("Antal (n)", "1.200", "400", ".."),  # a base below the threshold is hidden too
    )
    assert data.statuses == frozenset({"primary"})
    assert data.indicators == ("innov",)


def test_listed_rows_with_labels_and_a_column_label(
    store: ResultStore, formatter: Formatter
) -> None:
    tdef = _tdef(
        rows=[{"indicator": "innov", "category": "nej", "label": "Ingen innovation"}],
        columns=("Alle",),
        column_labels={"Alle": "Hele sektoren"},
        show_n=False,
    )
    data = table_data(tdef, store, formatter, LABELS, "Procent", SYMBOLS, "n")
    assert data.header == ("Procent", "Hele sektoren")
    assert data.rows == (("Ingen innovation", "38"),)


def test_a_row_without_indicator_is_a_located_error(store: ResultStore) -> None:
    with pytest.raises(ProjectError) as caught:
        row_specs(_tdef(rows=[{"label": "x"}]), store)
    assert caught.value.location == Location("report.yaml", 7)
    assert "each row needs indicator and category" in caught.value.message


def test_styled_table_repeats_its_header_and_quotes_only_text(
    store: ResultStore,
    formatter: Formatter,
    layout: Layout,
    fonts: Fonts,
    styles: dict[str, dict[str, ParagraphStyle]],
) -> None:
    data = table_data(_tdef(), store, formatter, LABELS, 'Andel "ja"', SYMBOLS, "n")
    quoted = quoted_table(data, lambda s: s.replace('"', "»", 1).replace('"', "«", 1))
    assert quoted.header[0] == "Andel »ja«"
    assert quoted.rows[0][1:] == data.rows[0][1:]
    table = styled_table(
        quoted, layout, styles["da"]["table"], fonts.heading.bold, 400, show_n=True
    )
    assert isinstance(table, LongTable)
    assert table.repeatRows == 1
    assert len(table._cellvalues) == 1 + len(data.rows)
