"""Typographic quotation marks by language: straight quotes in prose and data → the right pair.

Danish text gets the layout's style (``typography.quotes``: »…« or „…“), English text “…”.
A straight double quote opens after the start of the text, a space or an opening bracket
and closes everywhere else; an apostrophe between letters becomes ’. Code runs and
cross-references are left alone. Parsed chapters are converted run by run, with the
context carried across runs, so a quote that opens in plain text and closes after bold
text still pairs up.
"""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

from .markdown import Block, ParsedChapter, Run

STYLES = {"guillemets": ("»", "«"), "low-high": ("„", "“")}
ENGLISH = ("“", "”")
_OPENS_AFTER = " \t\n([{/–—-" + "»„“‘"


def quote_marks(language: str, style: str = "guillemets") -> tuple[str, str]:
    """The (opening, closing) marks for text in ``language`` ("da", "en")."""
    return ENGLISH if language == "en" else STYLES.get(style, STYLES["guillemets"])


def smart_quotes(text: str, marks: tuple[str, str], before: str = "") -> str:
    """``text`` with straight quotes turned into ``marks``; ``before`` is the text's context."""
    if '"' not in text and "'" not in text:
        return text
    out: list[str] = []
    prev = before[-1:] or " "
    for i, char in enumerate(text):
        nxt = text[i + 1 : i + 2]
        if char == '"':
            char = marks[0] if prev in _OPENS_AFTER else marks[1]
        elif char == "'" and prev.isalpha() and nxt.isalpha():
            char = "’"
        out.append(char)
        prev = char
    return "".join(out)


def quote_runs(runs: tuple[Run, ...], marks: tuple[str, str]) -> tuple[Run, ...]:
    out, context = [], ""
    for run in runs:
        if run.code or run.ref:
            out.append(run)
            context += "x"
            continue
        text = smart_quotes(run.text, marks, context)
        out.append(run if text == run.text else replace(run, text=text))
        context += text
    return tuple(out)


def quote_chapter(chapter: ParsedChapter, marks: tuple[str, str]) -> ParsedChapter:
    """Every run of every block of the chapter, converted."""
    blocks = tuple(_quote_block(block, marks) for block in chapter.blocks)
    return replace(chapter, blocks=blocks)


def _quote_block(block: Block, marks: tuple[str, str]) -> Block:
    changes: dict[str, Any] = {}
    for f in fields(block):
        value = getattr(block, f.name)
        if f.name == "runs":
            changes[f.name] = quote_runs(value, marks)
        elif f.name in ("items", "paragraphs"):
            changes[f.name] = tuple(quote_runs(runs, marks) for runs in value)
    return replace(block, **changes) if changes else block
