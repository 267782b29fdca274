"""Every page clean, read back from the PDF: every shipped layout, the default report and its
tailored copies (a sector, a region, a large and a small municipality), the ``rapport new``
template and the second test project.

- nothing collides: no glyph over another, none straddling the edge of a filled shape, none
  off the page (PDFium glyph boxes and filled path objects, see ``pagecheck``);
- a short layout's last page is at least a third full; ``hovedresultater`` is one page;
- no page of a chapter but its last ends less than two-thirds down the text frame;
- every line break in a table header is at a space or at a hyphenation point of the
  language's dictionary, with a hyphen.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pyphen
import pytest
from page_cases import CASES, Built, Case
from pagecheck import chapter_pages, collisions, header_columns, header_rows, page_fill

import rapport
from rapport.layout.load import load_layout

SHORT = ("brief", "hovedresultater")


def cases(keep: Callable[[Case], bool] = lambda case: True) -> list:
    return [pytest.param(c, id=c.id) for c in CASES if keep(c)]


@pytest.mark.parametrize("built", cases(), indirect=True)
def test_nothing_collides(built: Built) -> None:
    found = collisions(built.pdf)
    assert found == [], "\n".join(str(c) for c in found[:10])


@pytest.mark.parametrize("built", cases(lambda c: c.layout in SHORT), indirect=True)
def test_a_short_layout_ends_on_a_page_at_least_a_third_full(built: Built) -> None:
    layout = load_layout(built.case.layout)
    margins = layout.page.margins
    pdf = built.pdf
    fill = page_fill(pdf[len(pdf) - 1], margins.top, margins.bottom)
    assert fill >= 1 / 3, f"the last of {len(pdf)} pages is {fill:.0%} full"


@pytest.mark.parametrize("built", cases(lambda c: c.layout == "hovedresultater"), indirect=True)
def test_the_key_figures_sheet_is_one_page_or_two_full_ones(built: Built) -> None:
    pdf, margins = built.pdf, load_layout("hovedresultater").page.margins
    assert built.result.pages == len(pdf)
    if built.case.project == "default":
        assert len(pdf) == 1
    assert len(pdf) <= 2
    assert page_fill(pdf[len(pdf) - 1], margins.top, margins.bottom) >= (
        2 / 3 if len(pdf) > 1 else 0
    )


@pytest.mark.parametrize("built", cases(), indirect=True)
def test_no_page_is_left_half_empty_mid_chapter(built: Built) -> None:
    """Every page of a chapter that is not its last ends at least two-thirds down the frame
    (floats wait for the next page while the text after them fills this one)."""
    layout = load_layout(built.case.layout)
    margins, pdf = layout.page.margins, built.pdf
    end = len(pdf) - (1 if layout.sections.cover and layout.cover.show_back_page else 0)
    starts = chapter_pages(pdf)
    short = []
    for (title, first), (_, following) in zip(starts, [*starts[1:], ("", end)], strict=True):
        for number in range(first, following - 1):
            fill = page_fill(pdf[number], margins.top, margins.bottom)
            if fill < 2 / 3:
                short.append(f"page {number + 1} of {title!r} is {fill:.0%} full")
    assert short == []


def _vocabulary(folder: Path) -> set[str]:
    """Every word the project's own files and rapport's fixed labels can put in a header."""
    words: set[str] = set()
    phrases = Path(rapport.__file__).parent / "phrases"  # rapport's own fixed labels
    texts = [path.read_text(encoding="utf-8") for path in sorted(phrases.glob("*.yaml"))]
    for path in folder.rglob("*"):
        if path.suffix in {".yaml", ".csv", ".md"} and path.stat().st_size < 2_000_000:
            texts.append(path.read_text(encoding="utf-8"))
    for text in texts:
        words.update(_token(w) for w in text.split())
    return words


def _token(word: str) -> str:
    return word.strip(" \"'»«„“”,:;()[]{}")


def _break_problems(lines: list[str], words: set[str], language: str) -> list[str]:
    """Rebuild the cell's words from its lines: a line ending in a hyphen continues the word
    at a hyphenation point; every rebuilt word must be one of the project's words."""
    dictionary = pyphen.Pyphen(lang=language)
    problems, rebuilt, cuts, current = [], [], [], ""
    for line in lines:
        tokens = line.split()
        for k, token in enumerate(tokens):
            current += token
            last = k == len(tokens) - 1
            if last and token.endswith("-") and len(token) > 1:
                current = current[:-1]
                cuts.append(len(current))
                continue
            rebuilt.append((current, cuts))
            current, cuts = "", []
    for word, word_cuts in rebuilt:
        plain = _token(word)
        if plain and plain not in words and not re.fullmatch(r"[\d.,%–-]+", plain):
            problems.append(f"{word!r} is not a word of the project (broken between letters?)")
        offset = len(word) - len(word.lstrip(" \"'»«„“”(["))
        allowed = set(dictionary.positions(plain))
        problems += [
            f"{word!r} is hyphenated after {word[:c]!r}, not a hyphenation point"
            for c in word_cuts
            if c - offset not in allowed and word[c - 1 : c] not in "/-"
        ]
    return problems


HEADER_CASES = cases(
    lambda c: c.segment in ("Alle", "kommune=Læsø") and c.layout in ("rapport", "brief")
)


@pytest.mark.parametrize("built", HEADER_CASES, indirect=True)
def test_table_headers_break_words_only_at_hyphenation_points(built: Built) -> None:
    layout = load_layout(built.case.layout)
    colour = tuple(int(layout.tables.header_background[i : i + 2], 16) for i in (1, 3, 5))
    words = _vocabulary(built.folder) | set(built.case.segment.partition("=")[2].split())
    pdf, found, cells = built.pdf, [], 0
    english = {number for _, number in _english_pages(built)}
    for number in range(len(pdf)):
        page = pdf[number]
        language = "en_GB" if number in english else "da_DK"
        for box in header_rows(page, colour):  # type: ignore[arg-type]
            for column in header_columns(page, box):
                cells += 1
                found += [
                    f"page {number + 1}: {p}" for p in _break_problems(column, words, language)
                ]
    if built.result.tables:
        assert cells > built.result.tables, "no table header was read back"
    assert found == [], "\n".join(found[:10])


def _english_pages(built: Built) -> list[tuple[str, int]]:
    """Pages of the chapters set in English (by their outline titles)."""
    starts = chapter_pages(built.pdf)
    out = []
    for (title, first), (_, nxt) in zip(starts, [*starts[1:], ("", len(built.pdf))], strict=True):
        if "summary" in title.lower():
            out += [(title, p) for p in range(first, nxt)]
    return out


def test_every_case_is_known() -> None:
    assert {c.project for c in CASES} == {"default", "template", "second"}
    assert isinstance(CASES[0], Case)


def test_the_header_check_catches_a_word_broken_between_letters() -> None:
    words = {"Lang", "videregående", "uddannelse", "Kandidat/ph.d."}
    assert _break_problems(["Lang vide-", "regående"], words, "da_DK") == []
    assert _break_problems(["Lang v", "idereg", "ående"], words, "da_DK")
    assert _break_problems(["Kandi", "dat/ph.d."], words, "da_DK")
    assert _break_problems(["Lang videreg-", "ående"], words, "da_DK")
