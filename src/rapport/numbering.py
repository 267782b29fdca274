"""Stage 8a: numbers for chapters, sections, figures and tables, and the cross-references
that point at them.

:func:`number_blocks` walks the parsed chapters in reading order before layout and
gives every heading, figure and table its number ("4.1", "Figur 4.2", "Tabel 7.1");
:class:`References` turns ``@fig:``/``@tab:``/``@sec:`` into the words and link
anchor the composer sets.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path

from .errors import Location, ProjectError
from .layout.model import Labels, Layout
from .markdown import (
    Block,
    FigureBlock,
    Heading,
    ImageBlock,
    KeyFigures,
    ParsedChapter,
    TableBlock,
)
from .phrases import phrases
from .quotes import quote_marks

LAYOUT_LANGUAGE = "da"
"""The language a layout's ``labels`` are written in; other chapters use their phrase file."""


@dataclass(frozen=True)
class ChapterInput:
    parsed: ParsedChapter
    language: str  # "da", "en"
    numbered: bool = True


@dataclass
class Numbering:
    """Numbers for chapters, sections, figures and tables, computed before layout."""

    sections: dict[str, str] = field(default_factory=dict)  # anchor → "4.1"
    figures: dict[str, str] = field(default_factory=dict)
    tables: dict[str, str] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)  # anchor → heading text
    chapters: dict[str, str] = field(default_factory=dict)  # "fig:id" → its chapter's anchor


def number_blocks(
    chapters: Sequence[ChapterInput],
    *,
    numbered: bool = True,
    defined: Mapping[str, Collection[str]] | None = None,
) -> Numbering:
    """Assign numbers in reading order; unknown ids and duplicates are located errors.

    ``defined`` maps "fig"/"tab" to the ids the report definition declares.
    """
    out, seen = Numbering(), dict[tuple[str, str], str]()
    number = 0
    for chapter in chapters:
        counted = chapter.numbered and numbered
        number += 1 if counted else 0
        _number_chapter(chapter, str(number) if counted else "", out, seen, defined)
    return out


def _number_chapter(
    chapter: ChapterInput,
    prefix: str,
    out: Numbering,
    seen: dict[tuple[str, str], str],
    defined: Mapping[str, Collection[str]] | None,
) -> None:
    counts = {"sec": 0, "fig": 0, "tab": 0}
    file = chapter.parsed.file
    chapter_anchor = ""
    for block in chapter.parsed.blocks:
        if isinstance(block, KeyFigures):
            for ident in block.ids:
                _check_defined(defined, "fig", ident, file, block.line)
        key = block_key(block)
        if key is None:
            continue
        kind, ident = key
        if isinstance(block, Heading):
            _check_anchor(seen, block, file)
            out.titles[ident] = block.text
            if block.level == 1:
                out.sections[ident] = prefix
                chapter_anchor = ident
                continue
        out.chapters[f"{kind}:{ident}"] = chapter_anchor
        if not isinstance(block, ImageBlock):  # images are placed, not defined
            _check_defined(defined, kind, ident, file, block.line)
        _check_unique(seen, kind, ident, file, block.line)
        counts[kind] += 1
        label = f"{prefix}.{counts[kind]}" if prefix else str(counts[kind])
        {"sec": out.sections, "fig": out.figures, "tab": out.tables}[kind][ident] = label


def block_key(block: Block) -> tuple[str, str] | None:
    """("sec"|"fig"|"tab", id) for a block that can be referred to, else None."""
    if isinstance(block, Heading):
        return ("sec", block.anchor or slug(block.text)) if block.level <= 3 else None
    if isinstance(block, (FigureBlock, ImageBlock)):
        return "fig", block.id
    if isinstance(block, TableBlock):
        return "tab", block.id
    return None


def slug(text: str) -> str:
    """The anchor of a heading without an explicit ``{#id}``."""
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")[:60]


def _check_defined(
    defined: Mapping[str, Collection[str]] | None,
    kind: str,
    ident: str,
    file: Path | None,
    line: int,
) -> None:
    if defined is None or kind not in defined or ident in defined[kind]:
        return
    what = "figure" if kind == "fig" else "table"
    close = difflib.get_close_matches(ident, list(defined[kind]), n=1)
    raise ProjectError(
        f"unknown {what} id {ident!r}",
        location=Location(file, line, 1),
        hint=(f"did you mean {close[0]!r}? " if close else "")
        + f"define it under '{what}s:' in report.yaml",
    )


def _check_anchor(seen: dict[tuple[str, str], str], block: Heading, file: Path | None) -> None:
    """An explicit ``{#anchor}`` names one heading only (else a reference would silently
    go to the later one)."""
    if not block.anchor:
        return
    first = seen.setdefault(("anchor", block.anchor), f"{file}:{block.line}")
    if first != f"{file}:{block.line}":
        raise ProjectError(
            f"the anchor {{#{block.anchor}}} is used twice (first at {first})",
            location=Location(file, block.line, 1),
            hint="give each heading its own anchor; @sec: references need one target",
        )


def _check_unique(
    seen: dict[tuple[str, str], str], kind: str, ident: str, file: Path | None, line: int
) -> None:
    if kind == "sec":
        return
    if (kind, ident) in seen:
        first = seen[(kind, ident)]
        raise ProjectError(
            f"{'figure' if kind == 'fig' else 'table'} {ident!r} is placed twice "
            f"(first at {first})",
            location=Location(file, line, 1),
            hint=f"place each figure and table once; refer to it with @{kind}:{ident}",
        )
    seen[(kind, ident)] = f"{file}:{line}"


class References:
    """Resolves ``@kind:id`` against the numbering, in the words of one language."""

    def __init__(self, layout: Layout, numbering: Numbering, present: set[str] | None) -> None:
        self.layout, self.numbering = layout, numbering
        self.present = present  # link targets in this document; None: all

    def labels(self, language: str) -> Labels:
        """The layout's labels for its own language, the phrase file's for another."""
        if language == LAYOUT_LANGUAGE:
            return self.layout.labels
        words = phrases(language)["labels"]
        return Labels(*(str(words[f.name]) for f in fields(Labels)))

    def resolve(
        self, ref: str, *, language: str, file: Path | None, line: int = 0
    ) -> tuple[str, str]:
        """(text, anchor) for ``ref``; the text is capitalised when ``ref`` is ("@Fig:…")."""
        kind, _, ident = ref.partition(":")
        text, anchor = self._resolve(kind.lower(), ident, language, Location(file, line or None))
        return (text[:1].upper() + text[1:] if ref[:1].isupper() else text), anchor

    def _resolve(self, kind: str, ident: str, language: str, where: Location) -> tuple[str, str]:
        table = {
            "fig": self.numbering.figures,
            "tab": self.numbering.tables,
            "sec": self.numbering.sections,
        }[kind]
        if ident not in table:
            raise ProjectError(
                f"cross-reference @{kind}:{ident} points to nothing",
                location=where,
                hint=f"known {kind} ids: " + ", ".join(sorted(table)[:20]),
            )
        labels = self.labels(language)
        word = {"fig": labels.figure, "tab": labels.table}.get(kind)
        anchor = f"{kind}-{ident}"
        if self.present is not None and anchor not in self.present:
            # the target is in a chapter this layout leaves out: its name, no link
            return self._absent_ref(kind, ident, language), ""
        if word is None:
            return self.section_ref(ident, language), anchor
        return f"{word.lower() if language == 'da' else word} {table[ident]}", anchor

    def section_ref(self, ident: str, language: str, *, by_name: bool = False) -> str:
        """ "kapitel 4", "afsnit 4.2" or, unnumbered (or by name), "kapitlet »Metode«"."""
        number = self.numbering.sections[ident]
        words = phrases(language)["references"]
        level = "section" if f"sec:{ident}" in self.numbering.chapters else "chapter"
        if self.layout.sections.number_headings and not by_name:
            return f"{words[level]} {number}"
        title = self.numbering.titles.get(ident, ident)
        opening, closing = quote_marks(language, self.layout.typography.quotes)
        return f"{words['the_' + level]} {opening}{title}{closing}"

    def _absent_ref(self, kind: str, ident: str, language: str) -> str:
        """A reference into content this layout leaves out, by name: "kapitlet »Metode«",
        "figuren i kapitlet »Biblioteket«" (a number would point at nothing here)."""
        if kind == "sec":
            return self.section_ref(ident, language, by_name=True)
        what = str(phrases(language)["notes"]["figure" if kind == "fig" else "table"])
        what = what[:1].lower() + what[1:]
        chapter = self.numbering.chapters.get(f"{kind}:{ident}", "")
        if not chapter:
            return what
        where = self.section_ref(chapter, language, by_name=True)
        return str(phrases(language)["references"]["in_chapter"]).format(what=what, chapter=where)
