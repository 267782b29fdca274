"""A short layout's pages budget: which bullet points and key-figure tiles fit the sheet.

A layout with ``sections.pages`` (such as ``hovedresultater``) is a designed sheet of that
many pages, not a report that runs on. When the composed chapters need more pages, the
build leaves content out in a fixed order and renders again: first the last bullet
points of the last list (a list keeps at least :data:`MIN_ITEMS`), then earlier lists,
then key-figure tiles from the end, a row of two at a time (a block keeps at least one
row). :func:`trimmed` gives the chapters with the first ``drop`` of those units left
out; when there is nothing left to leave out, :func:`sheet_error` says by how much the
content is too long.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from .errors import Location, ProjectError
from .layout.model import Layout
from .markdown import Block, KeyFigures, ListBlock
from .numbering import ChapterInput

MIN_ITEMS = 2
TILE_ROW = 2
FULL = 2 / 3
"""A sheet of more than one page has its last page at least this full."""

Unit = tuple[int, int, str]  # (chapter index, block index, "item" | "tiles")


def _units(chapters: Sequence[ChapterInput], shown: Sequence[bool]) -> list[Unit]:
    """Everything that may be left out, in the order it is left out."""
    lists: list[Unit] = []
    tiles: list[Unit] = []
    for c, (chapter, show) in enumerate(zip(chapters, shown, strict=True)):
        if not show:
            continue
        for b, block in enumerate(chapter.parsed.blocks):
            if isinstance(block, ListBlock):
                lists += [(c, b, "item")] * max(0, len(block.items) - MIN_ITEMS)
            elif isinstance(block, KeyFigures):
                rows = -(-len(block.ids) // TILE_ROW)
                tiles += [(c, b, "tiles")] * max(0, rows - 1)
    # rows of tiles from the end first (one row stays), then the last items of the lists
    return tiles[::-1] + lists[::-1]


def droppable(chapters: Sequence[ChapterInput], shown: Sequence[bool]) -> int:
    return len(_units(chapters, shown))


def trimmed(
    chapters: Sequence[ChapterInput], shown: Sequence[bool], drop: int
) -> list[ChapterInput]:
    """The chapters with the first ``drop`` units left out."""
    cut: dict[tuple[int, int], int] = {}
    for c, b, _ in _units(chapters, shown)[:drop]:
        cut[(c, b)] = cut.get((c, b), 0) + 1
    out = []
    for c, chapter in enumerate(chapters):
        blocks = [
            _shorter(block, cut.get((c, b), 0)) for b, block in enumerate(chapter.parsed.blocks)
        ]
        out.append(replace(chapter, parsed=replace(chapter.parsed, blocks=tuple(blocks))))
    return out


def _shorter(block: Block, units: int) -> Block:
    if not units:
        return block
    if isinstance(block, ListBlock):
        return replace(block, items=block.items[:-units])
    if isinstance(block, KeyFigures):
        keep = (-(-len(block.ids) // TILE_ROW) - units) * TILE_ROW
        return replace(block, ids=block.ids[:keep])
    return block


def sheet_fits(pages: int, last_fill: float, limit: int) -> bool:
    """One page, or up to ``limit`` pages of which the last is full too (no spill page)."""
    return pages == 1 or (pages <= limit and last_fill >= FULL)


def sheet_error(layout: Layout, pages: int, where: Location) -> ProjectError:
    limit = layout.sections.pages
    return ProjectError(
        f"layout {layout.name!r} is a sheet of one page or at most {limit} full pages, and "
        f"its content needs "
        f"{pages} even with all but {MIN_ITEMS} bullet points of each list and one row of "
        "key figures left out",
        location=where,
        hint=f"shorten the chapters tagged {layout.sections.only_tagged!r}, or set "
        f"sections.pages: {pages} in the layout",
    )


def tightened(layout: Layout, step: int) -> Layout:
    """``layout`` with its text set ``step`` steps tighter (looser when negative): a quarter
    less paragraph space and 0,05 less leading per step (leading never below 1,15)."""
    t = layout.typography
    typography = replace(
        t,
        paragraph_space=t.paragraph_space * max(0.0, 1 - 0.25 * step),
        leading=max(1.15, t.leading - 0.05 * step),
    )
    return replace(layout, typography=typography)
