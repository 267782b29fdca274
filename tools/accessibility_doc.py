"""Write docs/accessibility.md from a fresh build of the embedded default report.

    python tools/accessibility_doc.py [REPORT.pdf]

Without a PDF it builds the default report first. The trees on the page are printed
by ``tools/structure_tree.py`` from the PDF itself, so the page shows what the code
does; ``tests/flagship/test_flagship_accessibility.py`` checks that the page's trees
still have the shape the current build gives.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from structure_tree import chapter

DOC = Path(__file__).parents[1] / "docs" / "accessibility.md"
CHAPTER = "6 "  # the chapter shown whole: figures, a table, links
ENGLISH = "4 "  # the English chapter

INTRO = """# Accessibility: what a screen reader meets

Every PDF rapport writes is one file that claims **PDF/UA-1** (accessible) and
**PDF/A-2b** (archival); `rapport build --no-pdfa` leaves out the archival parts. The
claims are checked with `pdfcheck --require-pdfa --require-pdfua` (page-validation's
rules for both standards) on every shipped layout and on tailored copies.

Tagging happens while the pages are drawn (`src/rapport/tagging.py`): every piece of
text is marked content of a structure element, or an artifact (running heads, page
numbers, table rules, contents leaders). What that gives a reader:

- **Language.** The document says `da-DK`; a chapter in another language carries
  `/Lang` on each of its elements, so it is read with the right voice.
- **Contents.** A `TOC` of `TOCI` entries: the number as `Lbl`, then a `Reference`
  holding the `Link` with the title and page number, in that order. Sections form a
  `TOC` inside their chapter's entry. Dot leaders are artifacts; there are no empty
  entries.
- **Links** sit where their text is, inside the paragraph, and hold both the text and
  the link annotation. Each annotation's description names its target and page
  ("Figur 6.1 Tre ud af fire innovationer er genbrug, side 16").
- **Tables** have `THead` and `TBody`; column headers are `TH` with `Scope Column`,
  and the first cell of each body row is a `TH` with `Scope Row`, so a cell is read
  with its row and column. The caption is the table's first child.
- **Figures** carry alt text written from the data: every drawn category with its
  value (for long lists the largest, how many there are and the smallest), cells
  hidden by disclosure control named as such, and for a time series its highest and
  lowest point. The caption is inside the Figure.
- **Hyphenation.** A hyphen that line breaking adds is a soft hyphen (U+00AD): search
  finds "sygehuse" across "syge-/huse", and a real hyphen ("Oslo-manualen") stays a
  hyphen.
- **Headings.** The cover title is the first `H1`; each chapter's `H1` holds its
  number and title ("6 Tre ud af fire …"); lists have a `Lbl` (bullet or number) and
  an `LBody` per item.

Below, the structure trees of the default report as printed by
`python tools/structure_tree.py REPORT.pdf --from "6 "` (long texts are cut at 90
characters; `link "…"` is the description of a link annotation). Regenerate this page
with `python tools/accessibility_doc.py`.
"""


def page(pdf: Path) -> str:
    """The whole Markdown page for a built default report."""
    contents = chapter(pdf, "", 9)
    start = next(i for i, line in enumerate(contents) if line.strip() == "TOC")
    entries = [i for i, line in enumerate(contents) if line == "    TOCI" and i > start]
    toc = contents[start : entries[3]]
    parts = [
        INTRO,
        "## The start of the contents\n",
        _block(["Document", *toc, "    TOCI …"]),
        "## A chapter: figures, a table and links\n",
        _block(chapter(pdf, CHAPTER, 9)),
        "## The English chapter\n",
        _block(chapter(pdf, ENGLISH, 9)),
    ]
    return "\n".join(parts)


def _block(lines: list[str]) -> str:
    return "```text\n" + "\n".join(lines) + "\n```\n"


def main(argv: list[str]) -> int:
    if argv:
        DOC.write_text(page(Path(argv[0])), encoding="utf-8")
        return 0
    from rapport.build import BuildOptions, build_report

    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "default.pdf"
        pdf.write_bytes(build_report(BuildOptions(cache_dir=Path(folder) / "cache")).pdf)
        DOC.write_text(page(pdf), encoding="utf-8")
    print(f"wrote {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
