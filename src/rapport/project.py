"""Stage 1: a report project folder (``report.yaml`` + chapter Markdown) → :class:`Project`.

The report definition names the report's metadata, its data sources, the
ordered chapters and the figures and tables that chapters place with block
directives. Everything is validated here, before any data is read or anything
is drawn; each problem names ``file:line:column`` and what to write instead.
No file outside the project folder is ever read.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import Location, ProjectError, RapportError
from .formatting import validate_locale
from .groups import TOTAL_GROUP
from .yamlsrc import key_location, load_yaml, node_location, plain, value_location

DEFINITION_NAMES = ("report.yaml", "report.yml")
MAX_TITLE = 300
MAX_CAPTION = 1_000
MAX_THRESHOLD = 100_000
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

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
    return _Reader(file, raw).project()


class _Reader:
    """Turns the round-trip YAML mapping into a :class:`Project`, one key at a time."""

    def __init__(self, file: Path, raw: Mapping[str, Any]) -> None:
        self.file = file
        self.root = file.parent
        self.raw = raw

    def project(self) -> Project:
        _check_keys(self.raw, TOP_KEYS, self.file, "the report definition")
        if "title" not in self.raw:
            raise ProjectError(
                "the report definition has no 'title'",
                location=node_location(self.raw, self.file),
                hint="add a line such as 'title: Innovationsbarometeret'",
            )
        data = self._data()
        return Project(
            root=self.root,
            file=self.file,
            title=self._title(),
            subtitle=self._short("subtitle"),
            edition=self._short("edition"),
            publisher=self._short("publisher"),
            address=self._strings("address"),
            authors=self._strings("authors"),
            isbn=self._isbn(),
            date=self._date(),
            language=self._language(self.raw),
            layout=self._str("layout", "rapport"),
            keywords=self._strings("keywords"),
            subject=self._str("subject"),
            colophon=self._str("colophon"),
            output=self._output(),
            data=data,
            disclosure=self._disclosure(),
            parameters=plain(self.raw.get("parameters") or {}),
            chapters=self._chapters(),
            figures=self._figures(data),
            tables=self._tables(data),
            layout_where=self._where("layout") if "layout" in self.raw else None,
            output_where=self._where("output") if "output" in self.raw else None,
        )

    # -- scalars ---------------------------------------------------------------
    def _where(self, key: str, node: Any = None) -> Location:
        return value_location(self.raw if node is None else node, key, self.file)

    def _str(self, key: str, default: str = "", node: Any = None) -> str:
        node = self.raw if node is None else node
        value = node.get(key, default)
        if value is None:
            return default
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise ProjectError(
                f"'{key}' must be text, not {_kind(value)}",
                location=self._where(key, node),
                hint=f'write {key}: "…"',
            )
        return str(value)

    def _strings(self, key: str) -> tuple[str, ...]:
        value = self.raw.get(key) or []
        if isinstance(value, str):
            return (value,)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ProjectError(
                f"'{key}' must be a list of text lines",
                location=self._where(key),
                hint=f'write {key}: ["…", "…"]',
            )
        return tuple(value)

    def _short(self, key: str, node: Any = None, limit: int = MAX_TITLE) -> str:
        """A text the layout sets on one page (cover lines, captions): at most ``limit``."""
        value = self._str(key, "", node)
        if len(value) > limit:
            raise ProjectError(
                f"'{key}' is {len(value):,} characters long; at most {limit:,} fit where it "
                "is printed",
                location=self._where(key, node),
                hint="shorten it; longer text belongs in a chapter",
            )
        return value

    def _title(self) -> str:
        value = self._str("title")
        if not value.strip():
            raise ProjectError(
                "'title' is empty",
                location=self._where("title"),
                hint="write the report's title, e.g. 'title: Innovationsbarometeret'",
            )
        if len(value) > MAX_TITLE:
            raise ProjectError(
                f"'title' is {len(value):,} characters long; a cover takes at most {MAX_TITLE}",
                location=self._where("title"),
                hint="shorten the title; put the rest in 'subtitle' or the text",
            )
        return value

    def _language(self, node: Any, key: str = "language") -> str:
        value = self._str(key, "da_DK", node)
        try:
            validate_locale(value)
        except RapportError as exc:
            raise ProjectError(exc.message, location=self._where(key, node), hint=exc.hint) from exc
        return value

    def _date(self) -> dt.date:
        value = self.raw.get("date")
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
                location=self._where("date"),
                hint="write the date as YYYY-MM-DD, e.g. 2015-04-21",
            ) from exc

    def _output(self) -> str:
        value = self._str("output", "rapport.pdf")
        path = Path(value)
        if not value.strip() or path.is_absolute() or ".." in path.parts or "\\" in value:
            raise ProjectError(
                f"'output' has value {value!r}, which is not a file name inside the output folder",
                location=self._where("output"),
                hint="write a file name such as 'rapport.pdf'; to write elsewhere, give "
                "'-o PATH' on the command line",
            )
        return value

    def _isbn(self) -> str:
        value = self._str("isbn")
        if value and not isbn13_valid(value):
            raise ProjectError(
                f"'isbn' has value {value!r}, which is not a valid ISBN-13",
                location=self._where("isbn"),
                hint="check the digits; the last one is a check digit",
            )
        return value

    def _disclosure(self) -> Disclosure:
        node = self.raw.get("disclosure") or {}
        _check_keys(node, DISCLOSURE_KEYS, self.file, "'disclosure'")
        threshold = node.get("threshold", 5)
        if not isinstance(threshold, int) or isinstance(threshold, bool) or threshold < 1:
            raise ProjectError(
                f"'disclosure.threshold' has value {threshold!r}",
                location=value_location(node, "threshold", self.file),
                hint="use a whole number of respondents ≥ 1, e.g. 5",
            )
        if threshold > MAX_THRESHOLD:
            raise ProjectError(
                f"'disclosure.threshold' has value {threshold:.3g}, more respondents than any "
                "survey has",
                location=value_location(node, "threshold", self.file),
                hint=f"use a whole number of respondents from 1 to {MAX_THRESHOLD:,}, e.g. 5",
            )
        mode = node.get("on_suppressed", "symbol")
        if mode not in ("symbol", "fail"):
            raise ProjectError(
                f"'disclosure.on_suppressed' has value {mode!r}",
                location=value_location(node, "on_suppressed", self.file),
                hint="use 'symbol' (print the suppression symbol) or 'fail'",
            )
        return Disclosure(threshold, mode)

    # -- files -----------------------------------------------------------------
    def _file(self, ref: Any, where: Location, what: str) -> Path:
        if not isinstance(ref, str) or not ref:
            raise ProjectError(f"{what} must be a file name", location=where)
        path = (self.root / ref).resolve()
        if not path.is_relative_to(self.root.resolve()):
            raise ProjectError(
                f"{what} {ref!r} points outside the project folder",
                location=where,
                hint="copy the file into the project folder; rapport reads nothing outside it",
            )
        if not path.is_file():
            raise ProjectError(
                f"{what} {ref!r} does not exist", location=where, hint=_near_file(self.root, ref)
            )
        return path

    def _chapters(self) -> tuple[Chapter, ...]:
        node = self.raw.get("chapters")
        if not isinstance(node, list) or not node:
            raise ProjectError(
                "'chapters' must be a non-empty list of chapter files",
                location=self._where("chapters")
                if node is not None
                else node_location(self.raw, self.file),
                hint="list the Markdown files in reading order",
            )
        return tuple(self._chapter(node, i) for i in range(len(node)))

    def _chapter(self, node: list[Any], i: int) -> Chapter:
        item, where = node[i], key_location(node, i, self.file)
        if isinstance(item, str):
            return Chapter(self._file(item, where, "chapter"), None, numbered=True, where=where)
        if not isinstance(item, Mapping) or "file" not in item:
            raise ProjectError(
                "a chapter entry must be a file name or {file: …, language: …}", location=where
            )
        _check_keys(item, CHAPTER_KEYS, self.file, "a chapter entry")
        language = self._language(item) if item.get("language") else None
        tags = item.get("tags") or []
        if isinstance(tags, str) or not all(isinstance(t, str) for t in tags):
            raise ProjectError(
                "a chapter's 'tags' must be a list of words",
                location=value_location(item, "tags", self.file),
                hint="e.g. tags: [hovedresultater, brief]",
            )
        return Chapter(
            self._file(item["file"], where, "chapter"),
            language,
            bool(item.get("numbered", True)),
            where,
            tuple(tags),
            bool(item.get("tailored", False)),
        )

    def _data(self) -> tuple[DataSource, ...]:
        node = self.raw.get("data") or {}
        if not isinstance(node, Mapping):
            raise ProjectError(
                "'data' must map source names to files",
                location=self._where("data"),
                hint="e.g. data: {published: {results: published.csv}}",
            )
        return tuple(
            self._source(str(name), node[name], key_location(node, name, self.file))
            for name in node
        )

    def _source(self, name: str, node: Any, where: Location) -> DataSource:
        if not name.isidentifier():
            raise ProjectError(
                f"data source name {name!r} is not a simple name",
                location=where,
                hint="use letters, digits and _ only",
            )
        if not isinstance(node, Mapping):
            raise ProjectError(f"data source {name!r} must be a mapping", location=where)
        _check_keys(node, DATA_KEYS, self.file, f"data source {name!r}")
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

        earlier = self._earlier(name, node, where)

        def opt(key: str) -> Path | None:
            if key not in node:
                return None
            at = value_location(node, key, self.file)
            if key == "respondents" and earlier:
                self._expect_new_round(name, node, at, earlier)
            return self._file(node[key], at, f"data file for {name!r}")

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

    def _earlier(self, name: str, node: Mapping[str, Any], where: Location) -> tuple[Edition, ...]:
        """The source's earlier rounds (``earlier: [{edition, period, results|respondents}]``)."""
        items = node.get("earlier") or []
        if not isinstance(items, list):
            raise ProjectError(
                f"'earlier' of data source {name!r} must be a list of editions",
                location=value_location(node, "earlier", self.file),
                hint="earlier: [{edition: '1. udgave', period: '2013-2014', results: r1.csv}]",
            )
        if items and not node.get("edition"):
            raise ProjectError(
                f"data source {name!r} has earlier editions but no 'edition' label of its own",
                location=where,
                hint="add edition: '2. udgave' (and period: '2015-2016') to the source",
            )
        out = [self._edition(name, items, i) for i in range(len(items))]
        labels = [e.label for e in out] + [str(node.get("edition"))]
        for i, label in enumerate(labels[:-1]):
            if label in labels[i + 1 :]:
                raise ProjectError(
                    f"edition {label!r} of data source {name!r} is given twice",
                    location=out[i].where,
                    hint="each edition needs its own label, e.g. '1. udgave', '2. udgave'",
                )
        return tuple(out)

    def _edition(self, name: str, items: list[Any], i: int) -> Edition:
        item, at = items[i], key_location(items, i, self.file)
        if not isinstance(item, Mapping) or not item.get("edition"):
            raise ProjectError(
                f"earlier edition {i + 1} of data source {name!r} needs an 'edition' label",
                location=at,
                hint="e.g. {edition: '1. udgave', period: '2013-2014', results: r1.csv}",
            )
        _check_keys(item, EDITION_KEYS, self.file, f"earlier edition of {name!r}")
        if ("results" in item) == ("respondents" in item):
            raise ProjectError(
                f"edition {item['edition']!r} of data source {name!r} needs either "
                "'results' or 'respondents'",
                location=at,
                hint="results: the published figures; respondents: that round's answers",
            )
        key = "results" if "results" in item else "respondents"
        path = self._file(
            item[key], value_location(item, key, self.file), f"data file for {item['edition']!r}"
        )
        return Edition(
            str(item["edition"]),
            str(item.get("period", "") or ""),
            path if key == "results" else None,
            path if key == "respondents" else None,
            at,
        )

    def _expect_new_round(
        self, name: str, node: Mapping[str, Any], at: Location, earlier: tuple[Edition, ...]
    ) -> None:
        """A new round's respondent file that is not there yet: say what to drop where."""
        ref = node["respondents"]
        if not isinstance(ref, str) or (self.root / ref).is_file():
            return
        raise ProjectError(
            f"the respondent file of {node.get('edition')} for data source {name!r} is missing: "
            f"{ref!r} (the comparison, {earlier[-1].label}, is kept in "
            f"{earlier[-1].path_text(self.root)})",
            location=at,
            hint=f"put this round's respondent file at {self.root / ref} with the columns "
            "the questionnaire names, then build again",
        )

    def _definitions(self, key: str, keys: tuple[str, ...]) -> list[tuple[str, Any, Location]]:
        node = self.raw.get(key) or {}
        if not isinstance(node, Mapping):
            raise ProjectError(
                f"'{key}' must map ids to definitions, not be {_kind(node)}",
                location=self._where(key),
                hint=f"write each {key[:-1]} as 'id:' with its keys indented below it, "
                "without '- ' in front",
            )
        out = []
        for ident in node:
            where = key_location(node, ident, self.file)
            if not isinstance(node[ident], Mapping):
                raise ProjectError(f"{key[:-1]} {ident!r} must be a mapping", location=where)
            _check_keys(node[ident], keys, self.file, f"{key[:-1]} {ident!r}")
            out.append((str(ident), node[ident], where))
        return out

    def _figures(self, data: tuple[DataSource, ...]) -> dict[str, FigureDef]:
        figures = {}
        for ident, node, where in self._definitions("figures", FIGURE_KEYS):
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
                value_location(chart, "source", self.file) if "source" in chart else where,
            )
            figures[ident] = FigureDef(
                ident,
                self._short("title", node, MAX_CAPTION),
                chart,
                self._str("note", "auto", node),
                node.get("source"),
                node.get("alt"),
                where,
                node_location(chart, self.file),
            )
        return figures

    def _tables(self, data: tuple[DataSource, ...]) -> dict[str, TableDef]:
        tables = {}
        for ident, node, where in self._definitions("tables", TABLE_KEYS):
            source = node.get("source")
            _check_source(
                source,
                data,
                value_location(node, "source", self.file) if "source" in node else where,
            )
            columns = node.get("columns") or [TOTAL_GROUP]
            tables[ident] = TableDef(
                ident,
                self._short("title", node, MAX_CAPTION),
                str(source),
                node.get("rows"),
                tuple(str(c) for c in columns),
                plain(node.get("column_labels") or {}),
                bool(node.get("show_n", True)),
                int(node.get("digits", 0)),
                self._str("note", "auto", node),
                node.get("cite"),
                self._str("stub", "", node),
                where,
            )
        return tables


def _check_source(name: Any, data: tuple[DataSource, ...], where: Location) -> None:
    names = [d.name for d in data]
    if name not in names:
        raise ProjectError(
            f"data source {name!r} is not defined under 'data'",
            location=where,
            hint=_did_you_mean(str(name), names, "defined sources"),
        )


def _check_keys(node: Any, allowed: Any, file: Path, what: str) -> None:
    if not isinstance(node, Mapping):
        return
    for key in node:
        if key not in allowed:
            raise ProjectError(
                f"unknown key {key!r} in {what}",
                location=key_location(node, key, file),
                hint=_did_you_mean(str(key), list(allowed), "allowed keys"),
            )


def _did_you_mean(word: str, options: list[str], what: str) -> str:
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if close:
        return f"did you mean {close[0]!r}?"
    return f"{what}: " + ", ".join(sorted(options))


def _near_file(root: Path, ref: str) -> str:
    names = sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
    return _did_you_mean(ref, names, "files in the project")[:300]


def _kind(value: Any) -> str:
    for kind, name in ((bool, "true/false"), (Mapping, "a mapping"), (list, "a list")):
        if isinstance(value, kind):
            return name
    return type(value).__name__


def isbn13_valid(text: str) -> bool:
    """True for a well-formed ISBN-13 (hyphens and spaces allowed)."""
    digits = [c for c in text if c.isdigit()]
    if len(digits) != 13 or any(c not in "0123456789- " for c in text):
        return False
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits))
    return total % 10 == 0
