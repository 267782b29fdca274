"""Stage 3, fonts: the subset font's fast path gives reportlab's codes, in reportlab's
order, whatever the text (new characters, no-break spaces, a second subset, characters
the font lacks), and the glyph check reads the character map reportlab read."""

from __future__ import annotations

import random

from reportlab.pdfbase.ttfonts import TTFont

from rapport.fonts import SubsetFont, missing_glyphs
from rapport.resources import fonts_dir

FILE = fonts_dir() / "liberation-serif" / "LiberationSerif-Regular.ttf"


class _Doc:
    """Stands for a document: fonts keep one subset state per document object."""


def _texts() -> list[str]:
    rng = random.Random(17)
    danish = "Æblegrød på søndag: 12,5 pct. – “citat” … økonomi\u00a0og ÅRSAG"
    wide = "".join(map(chr, [*range(0x391, 0x3CA), *range(0x400, 0x4FF)]))  # past 256 codes
    words = [danish, wide, "abc", "\u00a0", "x\u2603y", "", "ﬁ ligatur", *danish.split()]
    return [" ".join(rng.choice(words) for _ in range(rng.randint(1, 6))) for _ in range(400)]


def test_the_fast_path_gives_reportlabs_codes_and_state() -> None:
    ours, theirs = SubsetFont("rapport-test-ours", str(FILE)), TTFont("rapport-test", str(FILE))
    doc_a, doc_b = _Doc(), _Doc()
    for text in _texts():
        assert ours.splitString(text, doc_a) == theirs.splitString(text, doc_b)
    mine, reportlabs = ours.state[doc_a], theirs.state[doc_b]
    assert mine.assignments == reportlabs.assignments
    assert mine.subsets == reportlabs.subsets
    assert len(mine.subsets) > 1  # the texts did reach a second subset
    assert mine.nextCode == reportlabs.nextCode


def test_the_glyph_check_uses_the_registered_map() -> None:
    assert missing_glyphs("Æble på ø – \u2603", FILE) == ["\u2603"]
