"""Footnotes at the foot of the page (or, per layout, at the end of the chapter).

A paragraph that references a note is followed by a zero-size :class:`NoteReserve`.
When the frame reaches it, it measures the note paragraphs at the frame's width and
raises the frame's bottom by their height, so the text that follows stops above them;
the notes themselves are drawn when the frame ends (:func:`draw_frame_notes`), under a
short rule, in the order they were referenced. A note that no longer fits in the frame
is carried to the foot of the next one. Note paragraphs are marked as ``Footnote``
(structure type ``Note``); the rule is an artifact. :class:`ChapterFootnotes` decides,
block by block while a chapter is composed, which notes go where.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame

from .layout.model import Layout
from .markdown import Block, Footnote, block_runs
from .tagging import marked

_NOTES = "_rapport_notes"  # notes reserved at the foot of a frame (set on the Frame)
_CARRY = "_rapport_carry"  # notes that did not fit, for the next frame (set on the canvas)
_GEOM = "_rapport_geom"  # the frame's own (y1, height) before notes raised its bottom


class NoteReserve(Flowable):
    """Zero-size marker after a block: reserve room at the frame's foot for its notes."""

    _ZEROSIZE = True

    def __init__(self, notes: list[Flowable], rule_color: str, gap: float) -> None:
        super().__init__()
        self.notes, self.rule_color, self.gap = notes, rule_color, gap
        self.width = self.height = 0

    def frameAction(self, frame: Frame) -> None:
        carry: list[NoteReserve] = getattr(self.canv, _CARRY, [])
        if not reserve(frame, self):
            carry.append(self)
        setattr(self.canv, _CARRY, carry)

    def wrap(self, *_: Any) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        return None


def _height(notes: list[Flowable], width: float) -> float:
    return float(sum(n.wrap(width, 10_000)[1] + n.getSpaceAfter() for n in notes))


def reserve(frame: Frame, mark: NoteReserve) -> bool:
    """Raise ``frame``'s bottom by the notes' height if they fit below its text."""
    reserved: list[NoteReserve] = frame.__dict__.get(_NOTES) or []
    need = _height(mark.notes, frame._getAvailableWidth()) + (0 if reserved else mark.gap)
    if frame._y - need < frame._y1p:
        return False
    frame.__dict__.setdefault(_GEOM, (frame._y1, frame._height))
    frame.y1, frame.height = frame._y1 + need, frame._height - need  # Frame re-derives its geometry
    frame.__dict__[_NOTES] = [*reserved, mark]
    return True


def release(frame: Frame) -> None:
    """Give the frame its own bottom back (the next page starts without notes)."""
    frame.__dict__.pop(_NOTES, None)
    geom = frame.__dict__.pop(_GEOM, None)
    if geom is not None:
        frame.y1, frame.height = geom


def begin_frame(canv: Canvas, frame: Frame) -> None:
    """At a frame's start: forget the last page's notes, reserve the carried ones."""
    release(frame)
    carry: list[NoteReserve] = getattr(canv, _CARRY, [])
    setattr(canv, _CARRY, [m for m in carry if not reserve(frame, m)])


def draw_frame_notes(canv: Canvas, frame: Frame) -> None:
    """Draw the notes reserved in ``frame`` at its foot (once, when the page ends)."""
    marks: list[NoteReserve] = frame.__dict__.get(_NOTES) or []
    if not marks:
        return
    bottom = frame.__dict__.get(_GEOM, (frame._y1, 0))[0]
    x = frame._x1 + frame._leftPadding
    width = frame._getAvailableWidth()
    top = frame._y1
    _rule(canv, x, top - marks[0].gap * 0.45, width * 0.25, marks[0].rule_color)
    y = top - marks[0].gap
    for mark in marks:
        for note in mark.notes:
            _, h = note.wrap(width, 10_000)
            y -= h
            note.drawOn(canv, x, max(y, bottom))
            y -= note.getSpaceAfter()


def _rule(canv: Canvas, x: float, y: float, length: float, color: str) -> None:
    def draw() -> None:
        canv.saveState()
        canv.setStrokeColor(HexColor(color))
        canv.setLineWidth(0.5)
        canv.line(x, y, x + length, y)
        canv.restoreState()

    marked(canv, "Artifact", draw)


class NoteRule(Flowable):
    """The short rule above the notes at a chapter's end (an artifact)."""

    def __init__(self, color: str, gap: float) -> None:
        super().__init__()
        self.color, self.gap = color, gap

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width, self.height = availWidth, self.gap
        return self.width, self.height

    def draw(self) -> None:
        _rule(self.canv, 0, self.gap * 0.55, self.width * 0.25, self.color)


class ChapterFootnotes:
    """One chapter's footnotes, placed as the layout says (``footnotes.place``): reserved
    at the page's foot after the block that first refers to them, or set at the
    chapter's end under a short rule. ``para`` makes a note's paragraph."""

    def __init__(
        self, layout: Layout, blocks: Sequence[Block], para: Callable[[Footnote], Flowable]
    ) -> None:
        self.layout, self.para = layout, para
        self.notes = {b.number: b for b in blocks if isinstance(b, Footnote)}
        self.placed: set[int] = set()

    def reserve(self, block: Block) -> list[Flowable]:
        """At the page's foot: after the block that first refers to notes, reserve them."""
        if self.layout.footnotes.place != "page" or isinstance(block, Footnote):
            return []
        numbers = [r.note for part in block_runs(block) for r in part if r.note is not None]
        new = [n for n in dict.fromkeys(numbers) if n not in self.placed]
        self.placed.update(new)
        paras: list[Flowable] = [self.para(self.notes[n]) for n in new]
        gap = self.layout.typography.base_size
        return [NoteReserve(paras, self.layout.colors.rule, gap)] if paras else []

    def at_end(self, block: Footnote) -> list[Flowable]:
        """At the chapter's end (layout footnotes.place: chapter), under a short rule."""
        if self.layout.footnotes.place == "page":
            return []
        out: list[Flowable] = []
        if block.number == min(self.notes):
            out.append(NoteRule(self.layout.colors.rule, self.layout.typography.base_size * 1.5))
        return [*out, self.para(block)]
