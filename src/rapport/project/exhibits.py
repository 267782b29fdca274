"""The ``figures:`` and ``tables:`` sections of ``report.yaml`` → :class:`FigureDef` and
:class:`TableDef` records by id, each naming a source defined under ``data:``.

The chart and table options themselves are checked where they are used
(:mod:`rapport.charts.spec`, :mod:`rapport.tables`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import Location, ProjectError
from ..groups import TOTAL_GROUP
from ..yamlsrc import key_location, node_location, plain, value_location
from .fields import Fields, check_keys, did_you_mean, kind_of
from .model import FIGURE_KEYS, MAX_CAPTION, TABLE_KEYS, DataSource, FigureDef, TableDef


def _definitions(
    fields: Fields, key: str, keys: tuple[str, ...]
) -> list[tuple[str, Any, Location]]:
    node = fields.raw.get(key) or {}
    if not isinstance(node, Mapping):
        raise ProjectError(
            f"'{key}' must map ids to definitions, not be {kind_of(node)}",
            location=fields.where(key),
            hint=f"write each {key[:-1]} as 'id:' with its keys indented below it, "
            "without '- ' in front",
        )
    out = []
    for ident in node:
        where = key_location(node, ident, fields.file)
        if not isinstance(node[ident], Mapping):
            raise ProjectError(f"{key[:-1]} {ident!r} must be a mapping", location=where)
        check_keys(node[ident], keys, fields.file, f"{key[:-1]} {ident!r}")
        out.append((str(ident), node[ident], where))
    return out


def read_figures(fields: Fields, data: tuple[DataSource, ...]) -> dict[str, FigureDef]:
    figures = {}
    for ident, node, where in _definitions(fields, "figures", FIGURE_KEYS):
        chart = node.get("chart")
        if not isinstance(chart, Mapping):
            raise ProjectError(
                f"figure {ident!r} has no 'chart' mapping",
                location=where,
                hint="add chart: {kind: bar, source: …, indicator: …}",
            )
        _check_source(
            chart.get("source"),
            data,
            value_location(chart, "source", fields.file) if "source" in chart else where,
        )
        figures[ident] = FigureDef(
            ident,
            fields.short("title", node, MAX_CAPTION),
            chart,
            fields.text("note", "auto", node),
            node.get("source"),
            node.get("alt"),
            where,
            node_location(chart, fields.file),
        )
    return figures


def read_tables(fields: Fields, data: tuple[DataSource, ...]) -> dict[str, TableDef]:
    tables = {}
    for ident, node, where in _definitions(fields, "tables", TABLE_KEYS):
        source = node.get("source")
        _check_source(
            source,
            data,
            value_location(node, "source", fields.file) if "source" in node else where,
        )
        columns = node.get("columns") or [TOTAL_GROUP]
        tables[ident] = TableDef(
            ident,
            fields.short("title", node, MAX_CAPTION),
            str(source),
            node.get("rows"),
            tuple(str(c) for c in columns),
            plain(node.get("column_labels") or {}),
            bool(node.get("show_n", True)),
            int(node.get("digits", 0)),
            fields.text("note", "auto", node),
            node.get("cite"),
            fields.text("stub", "", node),
            where,
        )
    return tables


def _check_source(name: Any, data: tuple[DataSource, ...], where: Location) -> None:
    names = [d.name for d in data]
    if name not in names:
        raise ProjectError(
            f"data source {name!r} is not defined under 'data'",
            location=where,
            hint=did_you_mean(str(name), names, "defined sources"),
        )
