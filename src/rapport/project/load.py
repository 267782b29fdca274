"""Stage 1 entry points: find a project's ``report.yaml``, read and validate it
into a :class:`Project`, and place its default output.

The metadata and ``chapters:`` are checked here; ``data:`` in :mod:`.data`,
``figures:`` and ``tables:`` in :mod:`.exhibits`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import Location, ProjectError
from ..yamlsrc import key_location, load_yaml, node_location, plain, value_location
from .data import read_data
from .exhibits import read_figures, read_tables
from .fields import Fields, check_keys
from .model import (
    CHAPTER_KEYS,
    DEFINITION_NAMES,
    DISCLOSURE_KEYS,
    MAX_THRESHOLD,
    MAX_TITLE,
    TOP_KEYS,
    Chapter,
    Disclosure,
    Project,
)

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def default_output(project: Project, folder: Path) -> Path:
    """Where ``output:`` puts the PDF: inside ``folder``, never through a link out of it."""
    base = folder.resolve()
    target = base / project.output
    if target.resolve() != target:
        raise ProjectError(
            f"'output' {project.output!r} leads outside the output folder {str(base)!r} "
            "through a symbolic link",
            location=project.output_where,
            hint="remove the link, or give '-o PATH' on the command line",
        )
    return target


def find_definition(folder: Path) -> Path:
    """The report definition file inside a project folder."""
    for name in DEFINITION_NAMES:
        if (folder / name).is_file():
            return folder / name
    raise ProjectError(
        f"no report definition (report.yaml) in {str(folder)!r}",
        hint="run 'rapport new DIR' to create a project, or pass the project folder",
    )


def project_or_cwd(path: Path | None) -> Path | None:
    """The project a command should build: the one given, else the current folder when it
    holds a report definition, else ``None`` (the embedded default report)."""
    if path is not None:
        return path
    cwd = Path.cwd()
    return cwd if any((cwd / name).is_file() for name in DEFINITION_NAMES) else None


def load_project(path: Path) -> Project:
    """Read and validate a project given its folder or its ``report.yaml``."""
    path = path.resolve()
    file = find_definition(path) if path.is_dir() else path
    raw = load_yaml(file, ProjectError, fast=True)
    if not isinstance(raw, Mapping):
        raise ProjectError(
            "the report definition must be a mapping of keys to values",
            location=Location(file, 1, 1),
            hint="start with 'title: …'",
        )
    return _project(Fields(file, raw))


def _project(fields: Fields) -> Project:
    check_keys(fields.raw, TOP_KEYS, fields.file, "the report definition")
    if "title" not in fields.raw:
        raise ProjectError(
            "the report definition has no 'title'",
            location=node_location(fields.raw, fields.file),
            hint="add a line such as 'title: Innovationsbarometeret'",
        )
    data = read_data(fields)
    return Project(
        root=fields.root,
        file=fields.file,
        title=_title(fields),
        subtitle=fields.short("subtitle"),
        edition=fields.short("edition"),
        publisher=fields.short("publisher"),
        address=fields.strings("address"),
        authors=fields.strings("authors"),
        isbn=_isbn(fields),
        date=_date(fields),
        language=fields.language(fields.raw),
        layout=fields.text("layout", "rapport"),
        keywords=fields.strings("keywords"),
        subject=fields.text("subject"),
        colophon=fields.text("colophon"),
        output=_output(fields),
        data=data,
        disclosure=_disclosure(fields),
        parameters=plain(fields.raw.get("parameters") or {}),
        chapters=_chapters(fields),
        figures=read_figures(fields, data),
        tables=read_tables(fields, data),
        layout_where=fields.where("layout") if "layout" in fields.raw else None,
        output_where=fields.where("output") if "output" in fields.raw else None,
    )


def _title(fields: Fields) -> str:
    value = fields.text("title")
    if not value.strip():
        raise ProjectError(
            "'title' is empty",
            location=fields.where("title"),
            hint="write the report's title, e.g. 'title: Innovationsbarometeret'",
        )
    if len(value) > MAX_TITLE:
        raise ProjectError(
            f"'title' is {len(value):,} characters long; a cover takes at most {MAX_TITLE}",
            location=fields.where("title"),
            hint="shorten the title; put the rest in 'subtitle' or the text",
        )
    return value


def _date(fields: Fields) -> dt.date:
    value = fields.raw.get("date")
    if value is None:
        return dt.date(2000, 1, 1)
    if isinstance(value, dt.date):
        return value
    try:
        if not isinstance(value, str) or not _ISO_DATE.match(value.strip()):
            raise ValueError(value)
        return dt.date.fromisoformat(value.strip())
    except ValueError as exc:
        raise ProjectError(
            f"'date' has value {value!r}, which is not a date",
            location=fields.where("date"),
            hint="write the date as YYYY-MM-DD, e.g. 2015-04-21",
        ) from exc


def _output(fields: Fields) -> str:
    value = fields.text("output", "rapport.pdf")
    path = Path(value)
    if not value.strip() or path.is_absolute() or ".." in path.parts or "\\" in value:
        raise ProjectError(
            f"'output' has value {value!r}, which is not a file name inside the output folder",
            location=fields.where("output"),
            hint="write a file name such as 'rapport.pdf'; to write elsewhere, give "
            "'-o PATH' on the command line",
        )
    return value


def _isbn(fields: Fields) -> str:
    value = fields.text("isbn")
    if value and not isbn13_valid(value):
        raise ProjectError(
            f"'isbn' has value {value!r}, which is not a valid ISBN-13",
            location=fields.where("isbn"),
            hint="check the digits; the last one is a check digit",
        )
    return value


def _disclosure(fields: Fields) -> Disclosure:
    node = fields.raw.get("disclosure") or {}
    check_keys(node, DISCLOSURE_KEYS, fields.file, "'disclosure'")
    threshold = node.get("threshold", 5)
    if not isinstance(threshold, int) or isinstance(threshold, bool) or threshold < 1:
        raise ProjectError(
            f"'disclosure.threshold' has value {threshold!r}",
            location=value_location(node, "threshold", fields.file),
            hint="use a whole number of respondents ≥ 1, e.g. 5",
        )
    if threshold > MAX_THRESHOLD:
        raise ProjectError(
            f"'disclosure.threshold' has value {threshold:.3g}, more respondents than any "
            "survey has",
            location=value_location(node, "threshold", fields.file),
            hint=f"use a whole number of respondents from 1 to {MAX_THRESHOLD:,}, e.g. 5",
        )
    mode = node.get("on_suppressed", "symbol")
    if mode not in ("symbol", "fail"):
        raise ProjectError(
            f"'disclosure.on_suppressed' has value {mode!r}",
            location=value_location(node, "on_suppressed", fields.file),
            hint="use 'symbol' (print the suppression symbol) or 'fail'",
        )
    return Disclosure(threshold, mode)


def _chapters(fields: Fields) -> tuple[Chapter, ...]:
    node = fields.raw.get("chapters")
    if not isinstance(node, list) or not node:
        raise ProjectError(
            "'chapters' must be a non-empty list of chapter files",
            location=fields.where("chapters")
            if node is not None
            else node_location(fields.raw, fields.file),
            hint="list the Markdown files in reading order",
        )
    return tuple(_chapter(fields, node, i) for i in range(len(node)))


def _chapter(fields: Fields, node: list[Any], i: int) -> Chapter:
    item, where = node[i], key_location(node, i, fields.file)
    if isinstance(item, str):
        return Chapter(fields.path(item, where, "chapter"), None, numbered=True, where=where)
    if not isinstance(item, Mapping) or "file" not in item:
        raise ProjectError(
            "a chapter entry must be a file name or {file: …, language: …}", location=where
        )
    check_keys(item, CHAPTER_KEYS, fields.file, "a chapter entry")
    language = fields.language(item) if item.get("language") else None
    tags = item.get("tags") or []
    if isinstance(tags, str) or not all(isinstance(t, str) for t in tags):
        raise ProjectError(
            "a chapter's 'tags' must be a list of words",
            location=value_location(item, "tags", fields.file),
            hint="e.g. tags: [hovedresultater, brief]",
        )
    return Chapter(
        fields.path(item["file"], where, "chapter"),
        language,
        bool(item.get("numbered", True)),
        where,
        tuple(tags),
        bool(item.get("tailored", False)),
    )


def isbn13_valid(text: str) -> bool:
    """True for a well-formed ISBN-13 (hyphens and spaces allowed)."""
    digits = [c for c in text if c.isdigit()]
    if len(digits) != 13 or any(c not in "0123456789- " for c in text):
        return False
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits))
    return total % 10 == 0
