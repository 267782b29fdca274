"""Table text → column widths (and the size) at which every cell fits without a bad break.

Numbers never break: a number column is at least as wide as its widest number. Header
words break only where the language's hyphenation dictionary (pyphen) allows, with a
hyphen: a header column is at least as wide as its widest word when the table allows it,
else as its widest syllable plus the hyphen. The stub (row labels) takes what is left,
but never less than a quarter of the width or its longest word. When nothing fits at
the table's size, the text shrinks in steps down to the layout's floor
(``typography.min_scale``), and after that the build stops with an error naming the
table and the room it had.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

import pyphen
from reportlab.pdfbase.pdfmetrics import stringWidth

from .errors import ProjectError

PADDING = 9.0  # left + right cell padding of the table style
STUB_SHARE = 0.42  # the stub's share of the width in the default design (more than 2 columns)
STUB_SHARE_TWO = 0.7  # … with one value column
STUB_MIN_SHARE = 0.25
STEPS = 5
HYPHENATION = {"da": "da_DK", "en": "en_GB"}


@dataclass(frozen=True)
class Fonts:
    regular: str
    bold: str
    size: float


@cache
def _dictionary(language: str) -> pyphen.Pyphen:
    return pyphen.Pyphen(lang=HYPHENATION.get(language, language))


def syllables(word: str, language: str) -> list[str]:
    """``word`` cut at every point the dictionary allows (the pieces a header may break into)."""
    points = _dictionary(language).positions(word) if len(word) >= 5 else []
    cuts = [0, *points, len(word)]
    return [word[a:b] for a, b in pairwise(cuts)]


def _widest_piece(text: str, font: str, size: float, language: str) -> float:
    widest = 0.0
    for word in text.split():
        pieces = syllables(word, language)
        for k, piece in enumerate(pieces):
            hyphen = "-" if k < len(pieces) - 1 else ""
            widest = max(widest, stringWidth(piece + hyphen, font, size))
    return widest


def _widest_word(text: str, font: str, size: float) -> float:
    return max((stringWidth(w, font, size) for w in text.split()), default=0.0)


def _column_needs(
    header: Sequence[str], rows: Sequence[Sequence[str]], fonts: Fonts, language: str
) -> tuple[list[float], list[float]]:
    """Per value column: (width for whole header words, width for hyphenated ones),
    both at least the widest number."""
    whole, broken = [], []
    for j, head in enumerate(header[1:], start=1):
        numbers = max((stringWidth(r[j], fonts.regular, fonts.size) for r in rows), default=0)
        whole.append(max(numbers, _widest_word(head, fonts.bold, fonts.size)) + PADDING)
        piece = _widest_piece(head, fonts.bold, fonts.size, language)
        broken.append(max(numbers, piece) + PADDING)
    return whole, broken


def _stub_min(
    header: Sequence[str], rows: Sequence[Sequence[str]], fonts: Fonts, width: float
) -> float:
    words = max(
        [_widest_word(header[0], fonts.bold, fonts.size)]
        + [_widest_word(r[0], fonts.regular, fonts.size) for r in rows]
    )
    return max(words + PADDING, width * STUB_MIN_SHARE)


def _fit(
    header: Sequence[str], rows: Sequence[Sequence[str]], fonts: Fonts, width: float, lang: str
) -> list[float] | None:
    values = len(header) - 1
    stub = width * (STUB_SHARE if values > 1 else STUB_SHARE_TWO)
    even = (width - stub) / values
    whole, broken = _column_needs(header, rows, fonts, lang)
    if all(even >= need for need in whole):
        return [stub] + [even] * values  # the default design fits: keep it
    least = _stub_min(header, rows, fonts, width)
    for needs in (whole, broken):
        if width - values * max(needs) >= least:  # equal value columns
            column = max(needs)
            return [width - values * column] + [column] * values
        if width - sum(needs) >= least:  # each value column as wide as it needs
            return [width - sum(needs), *needs]
    return None


def column_widths(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    fonts: Fonts,
    width: float,
    language: str,
    floor: float,
    name: str,
) -> tuple[list[float], float]:
    """The column widths and the font size (possibly shrunk) at which the table fits."""
    for k in range(STEPS + 1):
        scale = 1 - (1 - floor) * k / STEPS
        size = round(fonts.size * scale, 2)
        widths = _fit(header, rows, Fonts(fonts.regular, fonts.bold, size), width, language)
        if widths is not None:
            return widths, size
    raise ProjectError(
        f"table {name!r} does not fit the text width: its {len(header)} columns need more "
        f"than the {width / 72 * 25.4:.0f} mm there is, even with header words hyphenated "
        f"and the text at {round(fonts.size * floor, 1)} pt",
        hint="use fewer columns, shorter 'column_labels', a smaller tables.font_scale or "
        "typography.min_scale, or a wider page (page.orientation: landscape)",
    )


def header_lines(text: str, font: str, size: float, width: float, language: str) -> list[str]:
    """``text`` broken into lines no wider than ``width``: at spaces, and inside a word only
    at a hyphenation point, with a hyphen (a word that fits whole on a line is kept whole)."""
    lines: list[str] = []
    for word in text.split():
        trial = f"{lines[-1]} {word}" if lines else word
        if lines and stringWidth(trial, font, size) <= width:
            lines[-1] = trial
        elif stringWidth(word, font, size) <= width:
            lines.append(word)
        else:
            lines += _hyphenated(word, font, size, width, language)
    return lines


def _hyphenated(word: str, font: str, size: float, width: float, language: str) -> list[str]:
    """A word too wide for a line, cut at the last hyphenation point that fits, repeatedly."""
    pieces, out, line = syllables(word, language), [], ""
    for k, piece in enumerate(pieces):
        last = k == len(pieces) - 1
        if line and stringWidth(line + piece + ("" if last else "-"), font, size) > width:
            out.append(line + "-")
            line = ""
        line += piece
    return [*out, line]
