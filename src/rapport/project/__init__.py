"""Stage 1: a report project folder (``report.yaml`` + chapter Markdown) → :class:`Project`.

The report definition names the report's metadata, its data sources, the
ordered chapters and the figures and tables that chapters place with block
directives. Everything is validated here, before any data is read or anything
is drawn; each problem names ``file:line:column`` and what to write instead.
No file outside the project folder is ever read.

``model``: the records and the keys each part accepts; ``load``: the entry points,
metadata and chapters; ``data``: data sources and their editions; ``exhibits``:
figure and table definitions; ``fields``: typed, located values out of the YAML.
"""

from __future__ import annotations

from .load import default_output, find_definition, isbn13_valid, load_project, project_or_cwd
from .model import (
    CHAPTER_KEYS,
    DATA_KEYS,
    DEFINITION_NAMES,
    DISCLOSURE_KEYS,
    EDITION_KEYS,
    FIGURE_KEYS,
    MAX_CAPTION,
    MAX_THRESHOLD,
    MAX_TITLE,
    TABLE_KEYS,
    TOP_KEYS,
    Chapter,
    DataSource,
    Disclosure,
    Edition,
    FigureDef,
    Project,
    TableDef,
)

__all__ = [
    "CHAPTER_KEYS",
    "DATA_KEYS",
    "DEFINITION_NAMES",
    "DISCLOSURE_KEYS",
    "EDITION_KEYS",
    "FIGURE_KEYS",
    "MAX_CAPTION",
    "MAX_THRESHOLD",
    "MAX_TITLE",
    "TABLE_KEYS",
    "TOP_KEYS",
    "Chapter",
    "DataSource",
    "Disclosure",
    "Edition",
    "FigureDef",
    "Project",
    "TableDef",
    "default_output",
    "find_definition",
    "isbn13_valid",
    "load_project",
    "project_or_cwd",
]
