"""Stage 8a, numbering: numbers for chapters, sections, figures and tables; references."""

from __future__ import annotations

from pathlib import Path

import pytest

from rapport.errors import ProjectError
from rapport.layout.model import Layout
from rapport.markdown import parse_chapter
from rapport.numbering import ChapterInput, References, block_key, number_blocks, slug

FIRST = """# Indledning

Tekst.

## Metode {#metode}

```{figure} innov
```
"""

SECOND = """# Resultater

## Hvem innoverer

```{figure} sektor
```

```{table} fordeling
```
"""


def _chapter(text: str, name: str, *, numbered: bool = True) -> ChapterInput:
    return ChapterInput(parse_chapter(text, Path(name)), "da", numbered)


def test_numbers_count_per_chapter_in_reading_order() -> None:
    numbering = number_blocks([_chapter(FIRST, "a.md"), _chapter(SECOND, "b.md")])
    assert numbering.sections == {
        "indledning": "1",
        "metode": "1.1",
        "resultater": "2",
        "hvem-innoverer": "2.1",
    }
    assert numbering.figures == {"innov": "1.1", "sektor": "2.1"}
    assert numbering.tables == {"fordeling": "2.1"}
    assert numbering.titles["metode"] == "Metode"


def test_unnumbered_chapters_number_their_parts_from_one() -> None:
    numbering = number_blocks([_chapter(FIRST, "a.md", numbered=False), _chapter(SECOND, "b.md")])
    assert numbering.sections["indledning"] == ""
    assert numbering.figures == {"innov": "1", "sektor": "1.1"}
    flat = number_blocks([_chapter(SECOND, "b.md")], numbered=False)
    assert flat.tables == {"fordeling": "1"}


def test_unknown_and_duplicate_ids_are_errors_at_their_line() -> None:
    with pytest.raises(ProjectError) as unknown:
        number_blocks([_chapter(FIRST, "a.md")], defined={"fig": ["inov"]})
    assert "unknown figure id 'innov'" in unknown.value.message
    assert unknown.value.hint is not None
    assert "did you mean 'inov'?" in unknown.value.hint
    assert str(unknown.value.location) == "a.md:7:1"
    again = "# Igen\n\n```{figure} innov\n```\n"
    with pytest.raises(ProjectError) as twice:
        number_blocks([_chapter(FIRST, "a.md"), _chapter(again, "c.md")])
    assert "placed twice (first at a.md:7)" in twice.value.message


def test_block_keys_and_slugs() -> None:
    blocks = parse_chapter(SECOND, Path("b.md")).blocks
    assert [k for b in blocks if (k := block_key(b))] == [
        ("sec", "resultater"),
        ("sec", "hvem-innoverer"),
        ("fig", "sektor"),
        ("tab", "fordeling"),
    ]
    assert slug("Hvem – og hvorfor?") == "hvem---og-hvorfor"


def test_references_in_words_with_links(layout: Layout) -> None:
    numbering = number_blocks([_chapter(FIRST, "a.md"), _chapter(SECOND, "b.md")])
    refs = References(layout, numbering, present=None)
    at = {"language": "da", "file": Path("b.md")}
    assert refs.resolve("fig:sektor", **at) == ("figur 2.1", "fig-sektor")
    assert refs.resolve("Tab:fordeling", **at) == ("Tabel 2.1", "tab-fordeling")
    assert refs.resolve("sec:resultater", **at) == ("kapitel 2", "sec-resultater")
    assert refs.resolve("sec:metode", **at) == ("afsnit 1.1", "sec-metode")
    assert refs.resolve("fig:innov", language="en", file=None) == ("Figure 1.1", "fig-innov")
    partial = References(layout, numbering, present={"fig-sektor"})
    text, anchor = partial.resolve("fig:innov", **at)  # a figure this copy leaves out
    assert anchor == ""
    assert "Indledning" in text


def test_a_reference_to_nothing_is_an_error_listing_known_ids(layout: Layout) -> None:
    refs = References(layout, number_blocks([_chapter(FIRST, "a.md")]), present=None)
    with pytest.raises(ProjectError) as caught:
        refs.resolve("fig:nope", language="da", file=Path("a.md"), line=4)
    assert caught.value.message == "cross-reference @fig:nope points to nothing"
    assert str(caught.value.location) == "a.md:4"
    assert caught.value.hint == "known fig ids: innov"
