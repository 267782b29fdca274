"""Stage 8 helper, flowables: a paragraph that keeps its line breaking, hyphens that stay
soft, and a block set at the foot of its frame."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Spacer

from rapport.flowables import SOFT_HYPHEN, Bottom, Para, soften_hyphens
from rapport.memo import memos

LONG = "Innovationssamarbejde mellem kommunale arbejdspladser " * 6


def test_a_paragraph_wraps_once_per_width_and_shares_the_result(
    styles: dict[str, dict[str, ParagraphStyle]],
) -> None:
    body = styles["da"]["body"]
    first, second = Para(LONG, body), Para(LONG, body)
    size = first.wrap(200, 1000)
    assert size[1] > body.leading * 3  # several lines
    assert first.wrap(200, 1000) == size
    assert len(memos()["line breaks"]) == 1
    assert second.wrap(200, 1000) == size  # same text, style and width: shared
    assert len(memos()["line breaks"]) == 1
    assert second.blPara is first.blPara
    narrower = Para(LONG, body).wrap(120, 1000)
    assert narrower[1] > size[1]
    assert len(memos()["line breaks"]) == 2


def test_line_end_hyphens_added_by_hyphenation_become_soft(
    styles: dict[str, dict[str, ParagraphStyle]],
) -> None:
    para = Para(LONG, styles["da"]["body"])
    para.wrap(90, 1000)  # narrow: long Danish words are hyphenated
    words = [w for line in para.blPara.lines for w in line[1]]
    assert any(w.rstrip().endswith(SOFT_HYPHEN) for w in words)
    assert not any(w.rstrip().endswith("-") for w in words)
    assert soften_hyphens(para) == 0  # nothing left to change


def test_written_hyphens_stay_hard(styles: dict[str, dict[str, ParagraphStyle]]) -> None:
    para = Para("Data- og analysekontorets " * 8, styles["da"]["body"])
    para.wrap(150, 1000)
    text = "".join("".join(line[1]) for line in para.blPara.lines)
    assert "Data-" in text


def test_bottom_fills_the_frame_and_sets_its_parts_at_the_foot() -> None:
    parts = [Spacer(100, 20), Spacer(100, 30)]
    bottom = Bottom(parts)
    width, height = bottom.wrap(300, 500)
    assert (width, height) == (300, 499)
    assert bottom._content == 50
    tall = Bottom([Spacer(100, 600)])
    assert tall.wrap(300, 500) == (300, 600)  # taller than the frame: its own height
