"""Table definitions + results → a styled reportlab table (header repeats on every page).

Rows are either the categories of one indicator (``rows: {indicator: x}``) or
a list of indicator/category pairs; columns are groups (``Alle``,
``sektor=kommunal`` …). Numbers are formatted by the Formatter with a fixed
number of decimals per table and right-aligned in tabular figures, which
aligns them on the decimal comma; suppressed cells show the disclosure symbol.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import LongTable, TableStyle

from .data.results import Cell, ResultStore
from .drawmemo import draw_kept, state_of
from .errors import ProjectError
from .flowables import Para, style_key
from .formatting import Formatter
from .groups import TOTAL_GROUP
from .layout.model import Layout
from .markup import escape
from .project import TableDef
from .table_widths import PADDING, Fonts, column_widths, header_lines
from .tagging import recorder_of, table_tagger


@dataclass(frozen=True)
class RowSpec:
    indicator: str
    category: str
    label: str


@dataclass(frozen=True)
class TableData:
    """The table as text, before styling: header, body rows, n row, statuses used."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    statuses: frozenset[str]
    indicators: tuple[str, ...]


def row_specs(tdef: TableDef, store: ResultStore) -> list[RowSpec]:
    """Expand the definition's ``rows`` into indicator/category pairs."""
    rows = tdef.rows
    if isinstance(rows, Mapping) and "indicator" in rows:
        indicator = str(rows["indicator"])
        exclude = {str(x) for x in rows.get("exclude", [])}
        cats = [c for c in store.categories(indicator) if c not in exclude]
        return [RowSpec(indicator, c, store.cell(indicator, c).label or c) for c in cats]
    if isinstance(rows, Sequence) and not isinstance(rows, str) and rows:
        out = []
        for row in rows:
            if not isinstance(row, Mapping) or not {"indicator", "category"} <= set(row):
                raise ProjectError(
                    f"table {tdef.id!r}: each row needs indicator and category",
                    location=tdef.where,
                    hint="rows: [{indicator: x, category: ja, label: …}]",
                )
            group = (
                TOTAL_GROUP if TOTAL_GROUP in tdef.columns or not tdef.columns else tdef.columns[0]
            )
            cell = store.cell(str(row["indicator"]), str(row["category"]), group)
            out.append(
                RowSpec(
                    cell.indicator,
                    cell.category,
                    str(row.get("label") or cell.label or cell.category),
                )
            )
        return out
    raise ProjectError(
        f"table {tdef.id!r} has no usable 'rows'",
        location=tdef.where,
        hint="rows: {indicator: x} or a list of {indicator, category, label}",
    )


def table_data(
    tdef: TableDef,
    store: ResultStore,
    formatter: Formatter,
    group_labels: Mapping[str, str],
    stub: str,
    symbol: Mapping[str, str],
    n_label: str,
    threshold: int = 5,
) -> TableData:
    specs = row_specs(tdef, store)
    header = (stub, *(tdef.column_labels.get(g) or group_labels.get(g, g) for g in tdef.columns))
    statuses: set[str] = set()
    body = []
    for spec in specs:
        cells = [store.cell(spec.indicator, spec.category, g) for g in tdef.columns]
        body.append(
            (spec.label, *(_cell_text(c, formatter, tdef.digits, symbol, statuses) for c in cells))
        )
    if tdef.show_n:
        body.append(
            (
                n_label,
                *(_n_text(store, specs, g, formatter, threshold, symbol) for g in tdef.columns),
            )
        )
    return TableData(
        header, tuple(body), frozenset(statuses), tuple(dict.fromkeys(s.indicator for s in specs))
    )


def _n_text(
    store: ResultStore,
    specs: Sequence[RowSpec],
    group: str,
    formatter: Formatter,
    threshold: int,
    symbol: Mapping[str, str],
) -> str:
    """The base of a column: one number, or the range when rows have different bases.

    A base below the disclosure threshold is itself not shown."""
    cells = [store.cell(s.indicator, s.category, group) for s in specs]
    # a cell the group has no data for at all (e.g. an item not asked in an edition) has
    # no base; it is shown as missing, not as a hidden small base
    ns = sorted({c.n for c in cells if c.n or c.value is not None or c.status})
    if not ns:
        return "–"
    if ns[0] < threshold:
        return symbol.get("primary", "..")
    if len(ns) == 1:
        return formatter.integer(ns[0])
    return f"{formatter.integer(ns[0])}–{formatter.integer(ns[-1])}"


def _cell_text(
    cell: Cell, formatter: Formatter, digits: int, symbol: Mapping[str, str], statuses: set[str]
) -> str:
    if cell.suppressed:
        statuses.add(cell.status)
        return symbol.get(cell.status, "..")
    if cell.value is None:
        return "–"
    return formatter.table_number(cell.value, digits)


def quoted_table(data: TableData, quote: Callable[[str], str]) -> TableData:
    """The table with ``quote`` applied to its header and row labels (not to numbers)."""
    rows = tuple((quote(row[0]), *row[1:]) for row in data.rows)
    return replace(data, header=tuple(quote(h) for h in data.header), rows=rows)


@dataclass(frozen=True)
class TableShape:
    """A table's measured columns: widths, the font size that fits, the header cells as
    set (hyphenated lines, markup)."""

    widths: tuple[float, ...]
    size: float
    head: tuple[str, ...]


def table_shape(
    data: TableData,
    layout: Layout,
    style: ParagraphStyle,
    bold_font: str,
    width: float,
    *,
    key: str = "table",
    language: str = "da",
) -> TableShape:
    """Columns sized so that numbers never break and header words break only at
    hyphenation points (see :mod:`rapport.table_widths`)."""
    fonts = Fonts(style.fontName, bold_font, style.fontSize)
    name = key.removeprefix("tab-")
    widths, size = column_widths(
        data.header, data.rows, fonts, width, language, layout.typography.min_scale, name
    )
    head = tuple(
        "<br/>".join(
            escape(line) for line in header_lines(h, bold_font, size, w - PADDING, language)
        )
        for h, w in zip(data.header, widths, strict=True)
    )
    return TableShape(tuple(widths), size, head)


def styled_table(
    data: TableData,
    layout: Layout,
    style: ParagraphStyle,
    bold_font: str,
    width: float,
    *,
    show_n: bool,
    key: str = "table",
    language: str = "da",
) -> LongTable:
    """A LongTable that repeats its header row when split across pages (see
    :func:`table_shape` and :func:`shaped_table`)."""
    shape = table_shape(data, layout, style, bold_font, width, key=key, language=language)
    return shaped_table(data, shape, layout, style, bold_font, show_n=show_n, key=key)


def shaped_table(
    data: TableData,
    shape: TableShape,
    layout: Layout,
    style: ParagraphStyle,
    bold_font: str,
    *,
    show_n: bool,
    key: str = "table",
) -> LongTable:
    """The LongTable of measured ``data`` (made fresh for every document)."""
    size = shape.size
    if size != style.fontSize:
        style = ParagraphStyle(
            f"{style.name}_fit",
            parent=style,
            fontSize=size,
            leading=style.leading * size / style.fontSize,
        )
    right = ParagraphStyle("num", parent=style, alignment=2, splitLongWords=0)
    head = ParagraphStyle(
        "head",
        parent=style,
        textColor=HexColor(layout.tables.header_text),
        fontName=bold_font,
        splitLongWords=0,
        hyphenationLang="",
    )
    head_right = ParagraphStyle("head_r", parent=head, alignment=2)
    cells = shape.head
    heads = [Para(cells[0], head), *(Para(c, head_right) for c in cells[1:])]
    for para, written in zip(heads, data.header, strict=True):
        # the text as written: the hyphens header_lines added at line ends are then
        # recognised as inserted (soft) ones when the PDF is tagged
        para._rl_source = written
    rows = [heads]
    for row in data.rows:
        rows.append([Para(escape(row[0]), style), *(Para(escape(v), right) for v in row[1:])])
    table = DataTable(rows, colWidths=list(shape.widths), repeatRows=1)
    table.rapport_key = key
    table.rapport_digest = hashlib.sha256(
        repr(
            (data, shape, layout.tables, layout.colors, style_key(style), bold_font, show_n)
        ).encode("utf-8")
    ).hexdigest()
    table._renderCB = table_tagger("data", key)
    table.setStyle(_table_style(layout, len(rows), show_n=show_n))
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), style.fontName)]))
    return table


class DataTable(LongTable):
    """A data table drawn from kept code (:mod:`rapport.drawmemo`) when the same part of
    the same table, at the same size and place in the structure, was drawn before: the
    digest names its content and style, each part of a split its rows."""

    rapport_digest = ""  # "": drawn every time
    rapport_key: Any = "table"  # its place in the structure (see tagging.table_tagger)

    def onSplit(self, T: Any, byRow: int = 1) -> None:
        super().onSplit(T, byRow)
        rest = self.__dict__.pop("_rapport_split", False)  # reportlab passes the first part first
        if not rest:
            self.__dict__["_rapport_split"] = True
        if isinstance(T, DataTable) and self.rapport_digest:
            T.rapport_key = self.rapport_key
            part = (self.rapport_digest, "rest" if rest else "first", len(T._cellvalues))
            T.rapport_digest = hashlib.sha256(repr(part).encode("utf-8")).hexdigest()

    def _drawOn(self, canv: Any) -> None:
        tags = recorder_of(canv)
        if not self.rapport_digest or tags is None:
            super()._drawOn(canv)
            return
        key = (
            "table",
            self.rapport_digest,
            self._width,
            self._height,
            tags.next_part(self.rapport_key),
            tags.language,
            tags.document_language,
            state_of(canv),
        )
        draw_kept(canv, key, lambda: LongTable._drawOn(self, canv))


def _table_style(layout: Layout, nrows: int, *, show_n: bool) -> TableStyle:
    t, c = layout.tables, layout.colors
    cmds: list[tuple[Any, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), HexColor(t.header_background)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ("LINEBELOW", (0, -1), (-1, -1), 0.8, HexColor(c.accent)),
    ]
    if t.zebra:
        cmds += [("BACKGROUND", (0, r), (-1, r), HexColor(t.zebra)) for r in range(2, nrows, 2)]
    if t.rules:
        cmds.append(("LINEBELOW", (0, 1), (-1, -2), 0.3, HexColor(c.rule)))
    if show_n:
        cmds.append(("LINEABOVE", (0, -1), (-1, -1), 0.6, HexColor(c.rule)))
    return TableStyle(cmds)
