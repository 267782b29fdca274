"""The ``data:`` section of ``report.yaml`` → :class:`DataSource` records, each with its
earlier editions (``earlier: [{edition, period, results|respondents}]``).

Only the definition is checked here (keys, files inside the project folder, edition
labels); the files themselves are read by :mod:`rapport.sources`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import Location, ProjectError
from ..yamlsrc import key_location, value_location
from .fields import Fields, check_keys
from .model import DATA_KEYS, EDITION_KEYS, DataSource, Edition


def read_data(fields: Fields) -> tuple[DataSource, ...]:
    """The ``data:`` section: every named source with its earlier editions."""
    node = fields.raw.get("data") or {}
    if not isinstance(node, Mapping):
        raise ProjectError(
            "'data' must map source names to files",
            location=fields.where("data"),
            hint="e.g. data: {published: {results: published.csv}}",
        )
    return tuple(
        _source(fields, str(name), node[name], key_location(node, name, fields.file))
        for name in node
    )


def _source(fields: Fields, name: str, node: Any, where: Location) -> DataSource:
    if not name.isidentifier():
        raise ProjectError(
            f"data source name {name!r} is not a simple name",
            location=where,
            hint="use letters, digits and _ only",
        )
    if not isinstance(node, Mapping):
        raise ProjectError(f"data source {name!r} must be a mapping", location=where)
    check_keys(node, DATA_KEYS, fields.file, f"data source {name!r}")
    if ("results" in node) == ("respondents" in node):
        raise ProjectError(
            f"data source {name!r} needs either 'results' or 'respondents'",
            location=where,
            hint="results: an aggregated-results file; respondents: "
            "a respondent file plus 'questionnaire'",
        )
    if "respondents" in node and "questionnaire" not in node:
        raise ProjectError(
            f"data source {name!r} has respondents but no 'questionnaire'",
            location=where,
            hint="add questionnaire: questionnaire.yaml",
        )

    earlier = _earlier(fields, name, node, where)

    def opt(key: str) -> Path | None:
        if key not in node:
            return None
        at = value_location(node, key, fields.file)
        if key == "respondents" and earlier:
            _expect_new_round(fields, name, node, at, earlier)
        return fields.path(node[key], at, f"data file for {name!r}")

    by = node.get("by") or []
    return DataSource(
        name,
        opt("results"),
        opt("respondents"),
        opt("questionnaire"),
        tuple(str(b) for b in by),
        bool(node.get("synthetic", False)),
        node.get("encoding"),
        str(node.get("label", name)),
        str(node.get("citation", "")),
        where,
        str(node.get("edition", "") or ""),
        str(node.get("period", "") or ""),
        earlier,
    )


def _earlier(
    fields: Fields, name: str, node: Mapping[str, Any], where: Location
) -> tuple[Edition, ...]:
    """The source's earlier rounds (``earlier: [{edition, period, results|respondents}]``)."""
    items = node.get("earlier") or []
    if not isinstance(items, list):
        raise ProjectError(
            f"'earlier' of data source {name!r} must be a list of editions",
            location=value_location(node, "earlier", fields.file),
            hint="earlier: [{edition: '1. udgave', period: '2013-2014', results: r1.csv}]",
        )
    if items and not node.get("edition"):
        raise ProjectError(
            f"data source {name!r} has earlier editions but no 'edition' label of its own",
            location=where,
            hint="add edition: '2. udgave' (and period: '2015-2016') to the source",
        )
    out = [_edition(fields, name, items, i) for i in range(len(items))]
    labels = [e.label for e in out] + [str(node.get("edition"))]
    for i, label in enumerate(labels[:-1]):
        if label in labels[i + 1 :]:
            raise ProjectError(
                f"edition {label!r} of data source {name!r} is given twice",
                location=out[i].where,
                hint="each edition needs its own label, e.g. '1. udgave', '2. udgave'",
            )
    return tuple(out)


def _edition(fields: Fields, name: str, items: list[Any], i: int) -> Edition:
    item, at = items[i], key_location(items, i, fields.file)
    if not isinstance(item, Mapping) or not item.get("edition"):
        raise ProjectError(
            f"earlier edition {i + 1} of data source {name!r} needs an 'edition' label",
            location=at,
            hint="e.g. {edition: '1. udgave', period: '2013-2014', results: r1.csv}",
        )
    check_keys(item, EDITION_KEYS, fields.file, f"earlier edition of {name!r}")
    if ("results" in item) == ("respondents" in item):
        raise ProjectError(
            f"edition {item['edition']!r} of data source {name!r} needs either "
            "'results' or 'respondents'",
            location=at,
            hint="results: the published figures; respondents: that round's answers",
        )
    key = "results" if "results" in item else "respondents"
    path = fields.path(
        item[key], value_location(item, key, fields.file), f"data file for {item['edition']!r}"
    )
    return Edition(
        str(item["edition"]),
        str(item.get("period", "") or ""),
        path if key == "results" else None,
        path if key == "respondents" else None,
        at,
    )


def _expect_new_round(
    fields: Fields, name: str, node: Mapping[str, Any], at: Location, earlier: tuple[Edition, ...]
) -> None:
    """A new round's respondent file that is not there yet: say what to drop where."""
    ref = node["respondents"]
    if not isinstance(ref, str) or (fields.root / ref).is_file():
        return
    raise ProjectError(
        f"the respondent file of {node.get('edition')} for data source {name!r} is missing: "
        f"{ref!r} (the comparison, {earlier[-1].label}, is kept in "
        f"{earlier[-1].path_text(fields.root)})",
        location=at,
        hint=f"put this round's respondent file at {fields.root / ref} with the columns "
        "the questionnaire names, then build again",
    )
