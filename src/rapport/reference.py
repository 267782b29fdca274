"""The project format → ``docs/project-reference.md`` (report.yaml, questionnaire, charts, tables).

The keys come from the validators themselves (:mod:`rapport.project`,
:mod:`rapport.data.questionnaire`, the chart spec records in :mod:`rapport.charts.spec`);
this module adds what each means, its type, default and an example. Regenerate with::

    .venv/bin/python -m rapport.reference docs/project-reference.md

A test fails when a validator accepts a key documented nowhere here, or when the
committed file differs from what this module generates.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from .charts.spec import KINDS, chart_fields
from .data import questionnaire
from .data.results import OPTIONAL, REQUIRED
from .project import (
    CHAPTER_KEYS,
    DATA_KEYS,
    DISCLOSURE_KEYS,
    EDITION_KEYS,
    FIGURE_KEYS,
    TABLE_KEYS,
    TOP_KEYS,
)

COMMAND = ".venv/bin/python -m rapport.reference docs/project-reference.md"

Doc = tuple[str, str, str, str]  # type, default, example, meaning

REPORT: dict[str, Doc] = {
    "title": ("text", "(required)", "Fritid og biblioteker 2026", "The report's title."),
    "subtitle": ("text", '""', "Baggrundsrapport", "Subtitle on the cover."),
    "edition": ("text", '""', "1. udgave", "Edition line on the cover and colophon."),
    "publisher": ("text", '""', "Analyseenheden", "Publishing organisation."),
    "address": ("list of texts", "[]", "[Eksempelvej 7, 8000 Aarhus C]", "Address lines."),
    "authors": ("list of texts", "[]", "[Anna Andersen]", "Authors (colophon, PDF metadata)."),
    "isbn": ("ISBN-13", "none", "978-87-999057-2-0", "Checked for a valid check digit."),
    "date": ("YYYY-MM-DD", "today", "2026-05-12", "Publication date; also the PDF's dates."),
    "language": ("locale", "da_DK", "en_GB", "Numbers, labels and hyphenation."),
    "layout": ("name or file", "rapport", "brief", "A shipped layout or a layout file."),
    "keywords": ("list of texts", "[]", "[fritid, biblioteker]", "PDF keywords."),
    "subject": ("text", '""', "Borgernes fritidsliv", "PDF subject line."),
    "colophon": ("Markdown", '""', "Tallene er syntetiske.", "Extra colophon text, templated."),
    "data": ("mapping", "{}", "{survey: {...}}", "Data sources by name (see below)."),
    "disclosure": ("mapping", "{threshold: 5}", "{threshold: 3}", "Disclosure control."),
    "parameters": (
        "mapping",
        "{}",
        "{total_label: Alle borgere}",
        "Named values for templates (`params.x`); `total_label` names the whole population.",
    ),
    "chapters": ("list", "(required)", "[chapters/01.md]", "Chapter files in reading order."),
    "figures": ("mapping", "{}", "{besoeg: {...}}", "Figure definitions by id (see below)."),
    "tables": ("mapping", "{}", "{uddannelse: {...}}", "Table definitions by id (see below)."),
    "output": ("file name", "<title>.pdf", "rapport.pdf", "Default output file."),
}

DATA: dict[str, Doc] = {
    "results": ("file", "—", "data/resultater.csv", "An aggregated-results file (see below)."),
    "respondents": ("file", "—", "data/svar.csv", "A respondent file (one row per person)."),
    "questionnaire": (
        "file",
        "—",
        "data/questionnaire.yaml",
        "Questionnaire metadata; required with respondents, optional beside results "
        "(labels and notes then come from it).",
    ),
    "by": ("list", "[]", "[alder, uddannelse]", "Breakdown variables aggregated."),
    "synthetic": ("bool", "false", "true", "Synthetic data: labelled so in every note."),
    "encoding": (
        "encoding",
        "detected",
        "cp1252",
        "The CSV's encoding when detection (BOM, UTF-16, UTF-8, Windows-1252) is wrong.",
    ),
    "label": ("text", "the name", "Borgerundersøgelsen", "Display name of the source."),
    "citation": ("text", '""', "Danmarks Statistik (2025)", "Source line under exhibits."),
    "edition": ("number", "none", "4", "This source's edition of a repeated survey."),
    "period": ("text", '""', "2021-2023", "The edition's period."),
    "earlier": ("list", "[]", "[{edition: 3, results: r3.csv}]", "Earlier editions."),
}

EDITION: dict[str, Doc] = {
    "edition": ("number", "(required)", "3", "The earlier edition's number."),
    "period": ("text", '""', "2018-2019", "Its period."),
    "results": ("file", "—", "data/r3.csv", "Its results file."),
    "respondents": ("file", "—", "data/s3.csv", "Or its respondent file."),
}

CHAPTER: dict[str, Doc] = {
    "file": ("file", "(required)", "chapters/04-summary.md", "The chapter's Markdown."),
    "language": ("locale", "the report's", "en_GB", "Language of this chapter."),
    "numbered": ("bool", "true", "false", "Number the chapter and its exhibits."),
    "tags": ("list", "[]", "[brief, hovedresultater]", "Layouts that show tagged chapters."),
    "tailored": ("bool", "false", "true", "Only in tailored copies (`--segment`)."),
}

DISCLOSURE: dict[str, Doc] = {
    "threshold": ("whole number", "5", "3", "Smallest group or cell count shown."),
    "on_suppressed": ("symbol | fail", "symbol", "fail", "A `{{ }}` on a hidden cell."),
    "dominance": ("share 0–1", "0.5", "0.6", "Hide a cell one respondent dominates."),
}

FIGURE: dict[str, Doc] = {
    "title": ("templated text", "(required)", "Flere læser end før", "The figure's title."),
    "chart": ("mapping", "(required)", "{kind: bar, ...}", "The chart (see chart kinds)."),
    "note": ("text | auto", "auto", '""', "`auto` writes it from the questionnaire."),
    "source": ("text", "the source's", "Egen opgørelse", "Source line."),
    "alt": ("text", "written from the data", "Søjler for …", "Alt text for screen readers."),
    "width": ("share", "layout", "0.8", "Width as a share of the text width."),
}

TABLE: dict[str, Doc] = {
    "title": ("templated text", "(required)", "Læsning efter uddannelse", "The title."),
    "source": ("source name", "(required)", "survey", "The data source."),
    "rows": (
        "mapping or list",
        "(required)",
        "{indicator: bog}",
        "An indicator's categories, or a list of {indicator, category}.",
    ),
    "columns": ("list", "[Alle]", "[Alle, alder=16-29, $segment]", "Groups as columns."),
    "column_labels": ("mapping", "{}", "{Alle: I alt}", "Column headings by group."),
    "show_n": ("bool", "true", "false", "Add the row 'Antal observationer (n)'."),
    "digits": ("0–2", "0", "1", "Decimals in the cells."),
    "note": ("text | auto", "auto", '""', "Note under the table."),
    "cite": ("text", "the source's", "Egen opgørelse", "Source line."),
    "stub": ("text", "Procent", "Andel i procent", "Heading of the row-label column."),
}

QUESTIONNAIRE: dict[str, Doc] = {
    "survey": ("mapping", "(required)", "{title: Fritid 2026}", "The survey (below)."),
    "segments": ("mapping", "{}", "{alder: {label: Alder}}", "Breakdown variables."),
    "bases": ("mapping", "{alle: …}", "{brugere: {...}}", "Who was asked."),
    "items": ("mapping", "(required)", "{bog: {...}}", "The questions by id."),
    "translations": (
        "mapping",
        "{}",
        "{en: {items: {bog: {text: Read a book?}}}}",
        "Texts in other languages, for chapters in that language.",
    ),
}

SURVEY: dict[str, Doc] = {
    "title": ("text", "(required)", "Fritid og biblioteker 2026", "The survey's name."),
    "edition": ("number", "none", "1", "Edition of a repeated survey."),
    "period": ("text", '""', "2026", "Period covered."),
    "fieldwork": ("text", '""', "marts–april 2026", "When answers were collected."),
    "weight": ("column", "none", "vaegt", "Weight column of the respondent file."),
    "weighting_note": ("text", '""', "Vægtet efter køn og alder.", "Sentence for notes."),
    "synthetic": ("bool", "false", "true", "Synthetic respondents."),
    "language": ("language", "da", "en", "Language the questionnaire's texts are in."),
}

SEGMENT: dict[str, Doc] = {
    "label": ("text", "(required)", "Alder", "The variable's name in notes and titles."),
    "values": (
        "mapping",
        "from the data",
        '{16-29: "16-29 år"}',
        "Code → label of each value.",
    ),
}

BASE: dict[str, Doc] = {
    "label": ("text", "(required)", "alle adspurgte borgere", "Who, in 'viser … af X'."),
    "asked": ("text", '""', "Spørgsmålet er stillet til alle.", "Sentence for notes."),
    "filter": ("mapping", "none", "{bruger: [ja]}", "Respondent columns → accepted values."),
}

ITEM: dict[str, Doc] = {
    "text": ("text", "(required)", "Har du læst en bog?", "The question as asked."),
    "short": ("text", '""', "Læst en bog", "Short label for chart rows."),
    "type": ("single | multi | likert", "(required)", "likert", "Kind of question."),
    "base": ("base id", "alle", "brugere", "Who was asked (a key of `bases`)."),
    "options": ("mapping", "(required)", "{ja: Ja, nej: Nej}", "Code → answer label."),
    "dont_know": ("code", "none", "ved_ikke", "The 'don't know' answer's code."),
    "changed_in": ("list", "[]", "[3]", "Editions where the question changed."),
    "wording": ("mapping", "{}", "{2: Tidligere ordlyd}", "Earlier wordings by edition."),
}

CHART: dict[str, str] = {
    "source": "Data source name (required).",
    "groups": "Groups shown: `Alle` and `variable=value`; `$segment` in tailored copies.",
    "aspect": "Height as a share of the width (default: as tall as the rows need).",
    "labels": "Code → display text for categories, indicators and groups.",
    "id": "Set from the figure id.",
    "subject": "Noun for the alt text, e.g. `borgerne`.",
    "digits": "Decimals in value labels (0–2).",
    "palette": "This chart's colours in order of use, instead of the layout's palette.",
    "colors": "Code → colour for single categories or groups.",
    "indicator": "The indicator (question) shown.",
    "indicators": "Indicators (questions) shown as rows.",
    "categories": "Categories shown, in order (default: all, in the data's order; for "
    "`stacked` the questionnaire's options).",
    "sort": "descending | ascending | none (categories; groups keep the given order).",
    "exclude": "Categories left out.",
    "highlight": "A group drawn in the highlight colour (a tailored segment).",
    "dont_know": "The 'don't know' category of a scale: drawn grey (default from the "
    "questionnaire).",
    "left": "Categories summed to the left, from the zero line outwards.",
    "right": "Categories summed to the right.",
    "left_label": "Heading of the left side.",
    "right_label": "Heading of the right side.",
    "style": "line | columns.",
    "editions": "The source's editions on the x axis; categories are the series.",
    "breaks": "Editions where the question changed (from the questionnaire).",
    "axis": "Every edition on the x axis, also those without a value.",
    "category": "The category shown.",
    "text": "The claim beside the number.",
    "bar": "Draw a small bar under the number.",
}

RESULTS: dict[str, str] = {
    "indicator": "Item id.",
    "category": "Category code.",
    "group": "`Alle` or `variable=value`.",
    "value": "Percent 0–100 (empty when suppressed).",
    "n": "Unweighted base of the group.",
    "label": "The category's label.",
    "group_label": "The group's label (`rapport aggregate` writes it).",
    "ci_low": "Lower 95 % bound, percent.",
    "ci_high": "Upper 95 % bound, percent.",
    "status": '"", "primary" or "secondary" (suppressed).',
    "source": "Citation or URL, or `synthetic`.",
    "count": "Respondents in the category (for disclosure control).",
    "top_share": "Share of the category's weight its heaviest respondent carries.",
}

SECTIONS: list[tuple[str, str, dict[str, Doc], tuple[str, ...]]] = [
    ("report.yaml", "Top-level keys of the report definition.", REPORT, tuple(TOP_KEYS)),
    ("data.NAME", "A data source under `data:`.", DATA, DATA_KEYS),
    ("data.NAME.earlier[]", "An earlier edition of a source.", EDITION, EDITION_KEYS),
    ("chapters[]", "A chapter entry (or just the file name).", CHAPTER, CHAPTER_KEYS),
    ("disclosure", "Disclosure control.", DISCLOSURE, DISCLOSURE_KEYS),
    ("figures.ID", "A figure, placed with ```` ```{figure} ID``` ````.", FIGURE, FIGURE_KEYS),
    ("tables.ID", "A table, placed with ```` ```{table} ID``` ````.", TABLE, TABLE_KEYS),
    ("questionnaire.yaml", "Top level.", QUESTIONNAIRE, questionnaire.TOP_KEYS),
    ("questionnaire: survey", "The survey.", SURVEY, questionnaire.SURVEY_KEYS),
    ("questionnaire: segments.VAR", "A breakdown variable.", SEGMENT, questionnaire.SEGMENT_KEYS),
    ("questionnaire: bases.ID", "Who was asked.", BASE, questionnaire.BASE_KEYS),
    ("questionnaire: items.ID", "A question.", ITEM, questionnaire.ITEM_KEYS),
]

_INTRO = f"""\
<!-- Generated by src/rapport/reference.py from the validators' keys. Do not edit by hand;
     regenerate with: {COMMAND} -->

# Project reference

A report project is a folder with `report.yaml`, chapters in Markdown and data files
(`rapport new DIR` writes one that builds). Every key below is checked when the project
loads: an unknown key is an error with file:line:column and a "did you mean …?". Paths
are relative to the project folder and must stay inside it. Layouts have their own
reference: [layout-reference.md](layout-reference.md).
"""


def _section(title: str, lead: str, docs: dict[str, Doc], keys: tuple[str, ...]) -> list[str]:
    lines = [f"## `{title}`", "", lead, "", "| key | type | default | example | meaning |"]
    lines.append("| --- | --- | --- | --- | --- |")
    for key in keys:
        kind, default, example, text = docs[key]
        lines.append(f"| `{key}` | {kind} | {default} | `{example}` | {text} |")
    return [*lines, ""]


def _charts() -> list[str]:
    lines = ["## Chart kinds (`figures.ID.chart`)", ""]
    lines.append("Every chart has `kind` and the fields of its kind:")
    lines.append("")
    for kind in KINDS:
        lines += [f"### `kind: {kind}`", "", "| key | type | default | meaning |"]
        lines.append("| --- | --- | --- | --- |")
        for key, kind_type, default, required in chart_fields(kind):
            shown = "(required)" if required else _default(default)
            lines.append(f"| `{key}` | {_type(kind_type)} | {shown} | {CHART[key]} |")
        lines.append("")
    return lines


def _results() -> list[str]:
    lines = ["## Aggregated-results files", ""]
    lines.append("CSV (`;` or `,`, decimal comma or point), XLSX or Parquet; one row per cell.")
    lines += ["", "| column | required | meaning |", "| --- | --- | --- |"]
    for column in (*REQUIRED, *OPTIONAL):
        lines.append(
            f"| `{column}` | {'yes' if column in REQUIRED else 'no'} | {RESULTS[column]} |"
        )
    return [*lines, ""]


_TYPES = {
    "str": "text",
    "str | None": "text",
    "int": "whole number",
    "float | None": "number",
    "bool": "true/false",
    "tuple[str, ...]": "list",
    "tuple[str, ...] | None": "list",
    "Labels": "mapping",
    "Sort": "descending / ascending / none",
    "Literal['line', 'columns']": "line / columns",
}


def _type(annotation: str) -> str:
    return _TYPES.get(annotation, annotation)


def _default(value: Any) -> str:
    if value in ((), None, ""):
        return "—"
    if isinstance(value, tuple):
        return "`[" + ", ".join(map(str, value)) + "]`"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    return f"`{value}`"


def generate() -> str:
    """The whole reference as Markdown."""
    lines = [_INTRO]
    for title, lead, docs, keys in SECTIONS:
        lines += _section(title, lead, docs, keys)
    lines += _results()
    lines += _charts()
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str]) -> None:
    target = Path(argv[0]) if argv else Path("docs/project-reference.md")
    target.write_text(generate(), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
