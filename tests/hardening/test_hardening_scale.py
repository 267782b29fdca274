"""Line breaking is linear in a paragraph's length: a page split keeps the lines already
broken instead of breaking the rest of the paragraph again (timings: benchmarks/hardening.py)."""

from __future__ import annotations

import io
import random

from pypdf import PdfReader
from reportlab.platypus import Paragraph

from rapport.build import BuildOptions, build_report

WORDS = [
    "innovation",
    "offentlige",
    "arbejdspladser",
    "samarbejde",
    "borgere",
    "løsninger",
    "effekt",
    "kvalitet",
]


def long_paragraph(chars: int) -> str:
    rng = random.Random(7)
    words: list[str] = []
    while sum(len(w) + 1 for w in words) < chars:
        words.append(rng.choice(WORDS))
    return " ".join(words) + "."


def test_a_long_paragraph_is_broken_into_lines_about_once(mini, monkeypatch):
    text = long_paragraph(60_000)
    chapter = mini / "chapters" / "02.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n\n" + text + "\n", encoding="utf-8")
    broken = []
    real = Paragraph.breakLines

    def counting(self, width, *args, **kwargs):
        lines = real(self, width, *args, **kwargs)
        broken.append(len(lines.lines))
        return lines

    monkeypatch.setattr(Paragraph, "breakLines", counting)
    result = build_report(BuildOptions(project=mini))
    words = "".join(p.extract_text() for p in PdfReader(io.BytesIO(result.pdf)).pages).split()
    assert result.pages > 15
    assert words.count("innovation") > 0.9 * text.split().count("innovation")  # all set
    # every line of the long paragraph is broken about once per layout pass (at most
    # three), not once for every page it flows onto
    longest = max(broken)  # the lines of the long paragraph
    assert sum(broken) < 4 * longest
