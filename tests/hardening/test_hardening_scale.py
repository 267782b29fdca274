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


def test_aggregation_in_chunks_gives_the_same_results(monkeypatch):
    """Respondents are summed CHUNK rows at a time (flat memory for 600.000 respondents,
    see benchmarks/hardening.py); small chunks give the same cells as one chunk."""
    import pandas as pd

    from rapport.data import aggregate
    from rapport.data.disclosure import DisclosureRules
    from rapport.data.questionnaire import load_questionnaire
    from rapport.data.respondents import load_respondents
    from rapport.resources import default_project_dir

    folder = default_project_dir()
    q = load_questionnaire(folder / "questionnaire.yaml")
    by = ("sektor", "region", "kommune")
    frame = load_respondents(folder / "respondents.csv", q, by=by)
    whole = aggregate.aggregate_disclosed(frame, q, by, DisclosureRules(threshold=5))
    tests = aggregate.compare_groups(frame, q, "sektor")
    monkeypatch.setattr(aggregate, "CHUNK", 97)
    chunked = aggregate.aggregate_disclosed(frame, q, by, DisclosureRules(threshold=5))
    pd.testing.assert_frame_equal(chunked, whole, rtol=1e-12)
    pd.testing.assert_frame_equal(aggregate.compare_groups(frame, q, "sektor"), tests, rtol=1e-9)


def test_keeping_the_lines_of_a_split_paragraph_gives_the_same_bytes(mini, monkeypatch):
    from rapport.flowables import Para

    chapter = mini / "chapters" / "02.md"
    text = chapter.read_text(encoding="utf-8") + "\n\n" + long_paragraph(30_000) + "\n"
    chapter.write_text(text, encoding="utf-8")
    kept = build_report(BuildOptions(project=mini)).pdf
    monkeypatch.setattr(Para, "split", Paragraph.split)  # reportlab's own: break again
    monkeypatch.setattr(Para, "breakLines", Paragraph.breakLines)
    assert build_report(BuildOptions(project=mini)).pdf == kept
