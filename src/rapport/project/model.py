"""The project's records and the keys each part of ``report.yaml`` accepts.

A :class:`Project` is what stage 1 hands on: validated, frozen, every path absolute
and inside the project folder. The key tables are what the validators accept and
what :mod:`rapport.reference` documents.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Location

DEFINITION_NAMES = ("report.yaml", "report.yml")
MAX_TITLE = 300
MAX_CAPTION = 1_000
MAX_THRESHOLD = 100_000

TOP_KEYS = {
    "title": "report title (required)",
    "subtitle": "subtitle on the cover",
    "edition": "edition line, e.g. '1. udgave'",
    "publisher": "publishing organisation",
    "address": "publisher's address lines (colophon and back page)",
    "authors": "list of authors",
    "isbn": "ISBN-13 (checked)",
    "date": "publication date, YYYY-MM-DD",
    "language": "locale of the report, e.g. da_DK",
    "layout": "shipped layout name or layout file",
    "keywords": "list of keywords for the PDF metadata",
    "subject": "one-line subject for the PDF metadata",
    "colophon": "extra colophon text (Markdown, templated)",
    "data": "named data sources",
    "disclosure": "disclosure-control settings",
    "parameters": "named values available in templates",
    "chapters": "ordered list of chapter files (required)",
    "figures": "figure definitions by id",
    "tables": "table definitions by id",
    "output": "default output file name",
}
DATA_KEYS = (
    "results",
    "respondents",
    "questionnaire",
    "by",
    "synthetic",
    "encoding",
    "label",
    "citation",
    "edition",
    "period",
    "earlier",
)
EDITION_KEYS = ("edition", "period", "results", "respondents")
FIGURE_KEYS = ("title", "chart", "note", "source", "alt", "width")
TABLE_KEYS = (
    "title",
    "source",
    "rows",
    "columns",
    "column_labels",
    "show_n",
    "digits",
    "note",
    "cite",
    "stub",
)
CHAPTER_KEYS = ("file", "language", "numbered", "tags", "tailored")
DISCLOSURE_KEYS = ("threshold", "on_suppressed", "dominance")


@dataclass(frozen=True)
class Chapter:
    file: Path
    language: str | None
    numbered: bool
    where: Location
    tags: tuple[str, ...] = ()
    tailored: bool = False  # only in tailored copies (a segment other than Alle)


@dataclass(frozen=True)
class Edition:
    """One earlier round of a source: its label ("1. udgave"), period and data file."""

    label: str
    period: str
    results: Path | None
    respondents: Path | None
    where: Location

    @property
    def path(self) -> Path:
        return self.results or self.respondents  # type: ignore[return-value]

    def path_text(self, root: Path) -> str:
        """The data file relative to the project folder."""
        return str(self.path.relative_to(root.resolve()))


@dataclass(frozen=True)
class DataSource:
    name: str
    results: Path | None
    respondents: Path | None
    questionnaire: Path | None
    by: tuple[str, ...]
    synthetic: bool
    encoding: str | None
    label: str
    citation: str
    where: Location
    edition: str = ""  # this round's label, e.g. "2. udgave"
    period: str = ""  # this round's period, e.g. "2015-2016"
    earlier: tuple[Edition, ...] = ()  # earlier rounds, oldest first (the comparison)

    def files(self) -> list[Path]:
        """Every data file the source reads (this round's and the earlier rounds')."""
        own = [self.results, self.respondents, self.questionnaire]
        own += [p for e in self.earlier for p in (e.results, e.respondents)]
        return [p for p in own if p is not None]


@dataclass(frozen=True)
class FigureDef:
    id: str
    title: str
    chart: Mapping[str, Any]
    note: str
    source: str | None
    alt: str | None
    where: Location
    chart_where: Location


@dataclass(frozen=True)
class TableDef:
    id: str
    title: str
    source: str
    rows: Any
    columns: tuple[str, ...]
    column_labels: Mapping[str, str]
    show_n: bool
    digits: int
    note: str
    cite: str | None
    stub: str
    where: Location


@dataclass(frozen=True)
class Disclosure:
    threshold: int = 5
    on_suppressed: str = "symbol"


@dataclass(frozen=True)
class Project:
    """A validated report project. Paths are absolute and inside ``root``."""

    root: Path
    file: Path
    title: str
    subtitle: str = ""
    edition: str = ""
    publisher: str = ""
    address: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    isbn: str = ""
    date: dt.date = dt.date(2000, 1, 1)
    language: str = "da_DK"
    layout: str = "rapport"
    keywords: tuple[str, ...] = ()
    subject: str = ""
    colophon: str = ""
    output: str = "rapport.pdf"
    data: tuple[DataSource, ...] = ()
    disclosure: Disclosure = field(default_factory=Disclosure)
    parameters: Mapping[str, Any] = field(default_factory=dict)
    chapters: tuple[Chapter, ...] = ()
    figures: Mapping[str, FigureDef] = field(default_factory=dict)
    tables: Mapping[str, TableDef] = field(default_factory=dict)
    layout_where: Location | None = None
    output_where: Location | None = None

    def source(self, name: str) -> DataSource:
        for ds in self.data:
            if ds.name == name:
                return ds
        raise KeyError(name)
