"""Markdown → blocks: roles, directives, cross-references, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from rapport.errors import ProjectError
from rapport.markdown import (
    FactBox,
    FigureBlock,
    Heading,
    KeyFigures,
    ListBlock,
    PageBreak,
    Paragraph,
    TableBlock,
    parse_chapter,
)

TEXT = """# Kapitel {#kap}

Tekst med **fed**, *kursiv* og @fig:a.

## Afsnit

- en
- to

```{figure} a
```

```{table} t
```

```{keyfigures} k1 k2
```

```{pagebreak}
```

> Boks
"""


def test_blocks_and_roles() -> None:
    chapter = parse_chapter(TEXT, Path("k.md"))
    kinds = [type(b) for b in chapter.blocks]
    assert kinds == [
        Heading,
        Paragraph,
        Heading,
        ListBlock,
        FigureBlock,
        TableBlock,
        KeyFigures,
        PageBreak,
        FactBox,
    ]
    assert [b.role for b in chapter.blocks][:4] == ["H1", "P", "H2", "L"]
    assert chapter.title == "Kapitel"
    assert chapter.blocks[0].anchor == "kap"  # type: ignore[attr-defined]
    assert chapter.blocks[6].ids == ("k1", "k2")  # type: ignore[attr-defined]


def test_inline_runs_keep_emphasis_and_references() -> None:
    para = parse_chapter(TEXT, Path("k.md")).blocks[1]
    runs = para.runs  # type: ignore[attr-defined]
    styled = [(r.text, r.bold, r.italic) for r in runs if r.bold or r.italic]
    assert styled == [("fed", True, False), ("kursiv", False, True)]
    assert [r.ref for r in runs if r.ref] == ["fig:a"]


def test_lines_are_chapter_lines() -> None:
    blocks = parse_chapter(TEXT, Path("k.md"), first_line=1).blocks
    assert blocks[4].line == 10


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Ingen overskrift", "level-1 heading"),
        ("# A\n\n# B\n", "only one level-1"),
        ("# A\n\n```{graf} x\n```\n", "unknown block directive"),
        ("# A\n\n```{figure}\n```\n", "exactly one id"),
        ("# A\n\n```\nkode\n```\n", "plain code block"),
        ("# A\n\nSe ![logo](https://example.org/logo.png) her.\n", "inline images"),
    ],
)
def test_malformed_chapters(text: str, message: str) -> None:
    with pytest.raises(ProjectError, match=message):
        parse_chapter(text, Path("k.md"))


def test_capitalised_reference_keeps_its_capital() -> None:
    para = parse_chapter("# K\n\n@Fig:MinFig viser det.\n", Path("k.md")).blocks[1]
    assert [r.ref for r in para.runs if r.ref] == ["Fig:MinFig"]  # type: ignore[attr-defined]
