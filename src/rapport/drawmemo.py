"""What a paragraph drew, kept so the same paragraph is not drawn again from its words.

Drawing a laid-out paragraph (reportlab's ``drawPara``) walks its lines and fragments
in Python to produce a few hundred bytes of page content. Rendering takes at least two
passes, ``rapport watch`` redraws every page after an edit and a burst worker draws
the same methods chapter in every copy: most paragraphs are drawn many times with the
same result. This module keeps that result.

What is kept is the content-stream code the draw appended, inside the origin the
flowable was translated to, so it does not depend on where the paragraph stands. It
does depend on three things beyond the paragraph itself, and each is checked:

* the canvas's graphics state when the draw starts (fill colour, line width, current
  font …): it is part of the key;
* the document's font subsets, where each character gets its code the first time the
  document uses it: the kept entry lists, per font in the order the draw first used
  it, the characters drawn in the order first met and the codes they had. Replaying
  asks the font for those characters in that order, which assigns any new codes
  exactly as the draw would have, and compares the codes;
* the fonts' resource names (``/F1`` …), numbered in the order fonts are first used
  in the document: registered in the same order, and compared.

A draw may also raise the document's PDF version (a fill colour's alpha asks for 1.4):
the version it asked for is kept and asked for again.

Marked content a draw opens itself (a data table's cells, :mod:`rapport.tables`) is
kept too: each mark's operator is cut out of the kept code, and replaying makes the
mark again through the page's :class:`~rapport.tagging.TagRecorder`, with this page's
next marked-content id, so the structure tree gets it as if drawn.

A named destination the draw binds (the anchor of a heading or caption) is kept by its
place from the draw's origin, and bound again there on replay.

When a check fails the paragraph is drawn as usual. A draw that touched anything else
(a link, an annotation, a graphics-state, image or colour-space resource, a mark its
caller prepared, a font without subsets) is not kept. So the bytes of a page are the
same whether its paragraphs were replayed or drawn. Charts replayed from their display
list (:mod:`rapport.charts.display`) are kept the same way, by their cache key.

Compressing the streams of a finished document is the last repeated work: a page or a
font subset an edit did not change has the same bytes as before, so :data:`KEPT_FLATE`
(the Flate filter a render uses) compresses each distinct stream once per process.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from reportlab.pdfbase.pdfdoc import PDFStreamFilterZCompress
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfgen.canvas import Canvas

from .memo import Memo
from .tagging import TagRecorder, recorder_of

RUNS = "_rapport_runs"  # on a canvas while a draw is recorded: (font name, text) per text run

_STATE = tuple(
    name
    for name in Canvas.STATE_ATTRIBUTES
    if name not in ("_x", "_y", "_currentMatrix", "_extgstate")
)


@dataclass(frozen=True, slots=True)
class FontUse:
    """One font a kept draw used: its characters in first-use order and their codes."""

    name: str
    chars: str
    codes: tuple[tuple[int, bytes], ...]
    internal: str  # the document's resource name for the font


@dataclass(frozen=True, slots=True)
class Drawn:
    code: tuple[str, ...]  # what the draw appended to the page content (see ``marks``)
    fonts: tuple[FontUse, ...]  # in the order the draw first used them
    version: tuple[int, ...]  # the least PDF version the draw asked for (transparency …)
    marks: tuple[tuple[Any, ...], ...] = ()  # marks and table parts, in drawing order
    anchors: tuple[tuple[str, float, float], ...] = ()  # (name, x, y) from the origin


MARK = "\x00"  # in kept code, where the next mark's operator goes


# operators naming a page resource other than a font (graphics state, XObject, shading,
# colour space): the names are the canvas's own, so such code is not kept
_NAMED = re.compile(r"/gRLs|\b(?:Do|sh|cs|CS|scn|SCN)\b")

_DRAWN: Memo[tuple[Any, ...], Drawn] = Memo("drawn paragraphs and charts", 20_000)
_TALLY: Counter[str] = Counter()


def state_of(canv: Canvas) -> Hashable:
    """The graphics state a draw starts from, less the position (part of a key)."""
    own = canv.__dict__
    state = (canv.bottomup, *map(own.get, _STATE), *sorted(canv._extgstate._d.items()))
    try:
        hash(state)
    except TypeError:  # a dash pattern given as a list
        return repr(state)
    return state


def draw_kept(canv: Canvas, key: tuple[Any, ...], draw: Callable[[], None]) -> None:
    """Append what ``draw`` would append to ``canv``'s page: kept code when the kept
    entry for ``key`` (which must name everything the draw depends on but the canvas)
    still holds in this document, else by drawing (and keeping what it drew)."""
    kept = _DRAWN.get(key)
    if kept is not None:
        if replay(canv, kept):
            _TALLY["replayed"] += 1
            return
        _TALLY["stale"] += 1  # the document's fonts differ: drawn (and kept) anew
    if RUNS in canv.__dict__:  # inside another recorded draw: that one keeps it all
        draw()
        return
    made = record(canv, draw)
    _TALLY["kept" if made is not None else "not kept"] += 1
    if made is not None:
        _DRAWN.put(key, made)


def tally() -> dict[str, int]:
    """How many draws this process replayed, found stale, kept, and did not keep (for
    tests and benchmarks)."""
    return dict(_TALLY)


def replay(canv: Canvas, kept: Drawn) -> bool:
    """Append the kept code if the document's fonts give its characters the same codes
    and names; False (after assigning what the draw would have) when they do not."""
    doc = canv._doc
    mapping = doc.fontMapping
    same = True
    for use in kept.fonts:
        font = getFont(use.name)
        codes = font.splitString(use.chars, doc)
        if use.name not in mapping:
            font.getSubsetInternalName(0, doc)
        same = same and tuple(codes) == use.codes and mapping[use.name] == use.internal
    if same:
        canv._code.extend(_with_marks(canv, kept) if kept.marks else kept.code)
        doc._pdfVersion = max(doc._pdfVersion, kept.version)
        for name, x, y in kept.anchors:
            canv.bookmarkHorizontal(name, x, y)
        runs = canv.__dict__.get(RUNS)
        if runs is not None:  # inside a draw being recorded: its text is that draw's too
            runs.extend((use.name, use.chars) for use in kept.fonts)
    return same


def record(canv: Canvas, draw: Callable[[], None]) -> Drawn | None:
    """Draw, and return what to keep; None when the draw did more than text, paths and
    marked content."""
    before, start, counts = state_of(canv), len(canv._code), _counts(canv)
    doc, runs, tags = canv._doc, list[tuple[str, str]](), recorder_of(canv)
    version, doc._pdfVersion = doc._pdfVersion, (0, 0)  # to see what the draw asks for
    canv.__dict__[RUNS] = runs
    log = list[tuple[Any, ...]]()
    if tags is not None:
        tags.log, made = log, (len(tags.marks), len(tags.inline))
    anchors = _Anchors(canv)
    try:
        draw()
    finally:
        del canv.__dict__[RUNS]
        anchors.close()
        asked, doc._pdfVersion = doc._pdfVersion, max(version, doc._pdfVersion)
        if tags is not None:
            tags.log = None
    code = tuple(canv._code[start:])
    if state_of(canv) != before or _counts(canv) != counts or _NAMED.search(" ".join(code)):
        return None
    if anchors.kept is None:
        return None
    if tags is not None and not _logged(tags, made, log):
        return None
    if log and any(MARK in piece for piece in code):
        return None
    fonts = _fonts_used(canv, runs)
    if fonts is None:
        return None
    kept = tuple(anchors.kept)
    if log:
        return Drawn(_marked(code, log), fonts, asked, tuple(log), kept)
    return Drawn(code, fonts, asked, anchors=kept)


class _Anchors:
    """The named destinations a draw binds (a paragraph's ``<a name>``), each where it
    stands from the draw's origin; ``kept`` is None when one cannot be placed again
    that way (bound otherwise than by ``bookmarkHorizontal`` in the draw's own
    coordinates)."""

    def __init__(self, canv: Canvas) -> None:
        self.canv, self.matrix = canv, canv._currentMatrix
        self.kept: list[tuple[str, float, float]] | None = []
        self.bound = 0
        own = canv.__dict__
        own["bookmarkHorizontal"], own["bookmarkPage"] = self.horizontal, self.page

    def horizontal(self, name: str, x: float, y: float, **kw: Any) -> None:
        if kw or self.canv._currentMatrix != self.matrix:
            self.kept = None
        elif self.kept is not None:
            self.kept.append((name, x, y))
        type(self.canv).bookmarkHorizontal(self.canv, name, x, y, **kw)

    def page(self, *args: Any, **kw: Any) -> Any:
        self.bound += 1
        return type(self.canv).bookmarkPage(self.canv, *args, **kw)

    def close(self) -> None:
        own = self.canv.__dict__
        del own["bookmarkHorizontal"], own["bookmarkPage"]
        if self.kept is not None and self.bound != len(self.kept):
            self.kept = None


def _logged(tags: TagRecorder, made: tuple[int, int], log: list[tuple[Any, ...]]) -> bool:
    """Whether every mark the draw made, and every piece it took from its caller, is in
    the log (and so can be made again)."""
    marks = sum(entry[0] == "mark" for entry in log)
    taken = sum(entry[0] == "inline" for entry in log)
    return bool(len(tags.marks) - made[0] == marks and made[1] - len(tags.inline) == taken)


def _marked(code: tuple[str, ...], log: list[tuple[Any, ...]]) -> tuple[str, ...]:
    """The code as one piece, each mark's operator replaced by :data:`MARK` (an operator
    names its marked-content id, unique on its page)."""
    text = "\n".join(code)
    for entry in log:
        if entry[0] == "mark":
            text = text.replace(entry[4], MARK, 1)
    return (text,)


def _with_marks(canv: Canvas, kept: Drawn) -> list[str]:
    """The kept code with this page's marks in it, made (and recorded) in drawing order."""
    tags = recorder_of(canv)
    assert tags is not None  # a draw with marks is kept only on a tagging canvas
    ops, piece = [], None
    for entry in kept.marks:
        if entry[0] == "part":
            tags.part(entry[1])
        elif entry[0] == "inline":  # the caller's piece, as drawing takes it
            piece = tags.inline.pop(0)
        elif piece is not None:
            ops.append(tags.mark(canv, piece[0], "", piece[1]))
            piece = None
        else:
            ops.append(tags.mark(canv, entry[1], entry[2], entry[3]))
    pieces = kept.code[0].split(MARK)
    return ["".join(p + op for p, op in zip(pieces, [*ops, ""], strict=True))]


def _counts(canv: Canvas) -> tuple[int, ...]:
    """Sizes of what a draw may add to besides the page content and the fonts."""
    tags = recorder_of(canv)
    return (
        len(canv._annotationrefs),
        len(canv._colorsUsed),
        len(canv._extgstate._c),
        len(getattr(canv, "_formsinuse", ())),
        canv._doc.objectcounter,
        len(tags.links) if tags is not None else 0,
        len(tags.link_paths) if tags is not None else 0,
        tags.depth if tags is not None else 0,
    )


def _fonts_used(canv: Canvas, runs: list[tuple[str, str]]) -> tuple[FontUse, ...] | None:
    chars: dict[str, dict[str, None]] = {}
    for name, text in runs:
        if text:
            chars.setdefault(name, {}).update(dict.fromkeys(text))
    doc, uses = canv._doc, []
    for name, seen in chars.items():
        font = getFont(name)
        if not getattr(font, "_dynamicFont", False) or name not in doc.fontMapping:
            return None
        text = "".join(seen)
        codes = tuple(font.splitString(text, doc))  # every one assigned by now: a lookup
        uses.append(FontUse(name, text, codes, doc.fontMapping[name]))
    return tuple(uses)


class KeptFlate(PDFStreamFilterZCompress):
    """reportlab's Flate filter, giving a stream compressed before the same bytes again."""

    def encode(self, text: str | bytes) -> bytes:
        data = text.encode("utf-8") if isinstance(text, str) else text
        packed = _FLATE.get(data)
        if packed is None:
            packed = _FLATE.put(data, zlib.compress(data))
        return packed


_FLATE: Memo[bytes, bytes] = Memo("compressed streams", 400)
KEPT_FLATE = KeptFlate()
