"""Flowables rapport builds on: a paragraph that remembers how it was wrapped.

Rendering takes at least two passes (contents page numbers, "Side x af y") and
``KeepTogether`` wraps its content again; reportlab re-breaks a paragraph's
lines every time. :class:`Para` keeps the line breaking of its last wrap and
reuses it for the same width, which is safe because a paragraph's lines depend
only on its text, style and width. Within a process the line breaking is also
shared between paragraphs of the same text, style and width, so ``rapport watch``
re-breaks only what an edit changed. Output is byte-for-byte the same.

Parsing a paragraph's markup (reportlab's ``paraparser``) is likewise done once per
markup and style in a process: paragraphs of the same text share the parsed fragments,
which reportlab only reads afterwards (line breaking builds new fragments for its
lines and replaces the paragraph's list; the kind it notes on a fragment is the same
every time), so a burst worker or a watcher parses only the text that changed.

A hyphen that line breaking adds at a line end is drawn as a soft hyphen (U+00AD):
it looks the same, but text extraction, search and screen readers then know it is
no part of the word ("syge\u00ad|huse" is found as "sygehuse", while the real hyphen
of "Oslo-manualen" stays U+002D). Layout fonts without that glyph keep U+002D.
"""

from __future__ import annotations

import hashlib
from copy import copy
from typing import Any

from reportlab.platypus import Flowable, Paragraph
from reportlab.platypus.paragraph import cleanBlockQuotedText

from . import linebreaks
from .drawmemo import draw_kept, state_of
from .memo import Memo
from .tagging import HERE, STRUCT, Path, TagRecorder, marked, marked_text, recorder_of

SOFT_HYPHEN = "\u00ad"

_BROKEN: Memo[tuple[Any, ...], tuple[tuple[float, float], Any]] = Memo("line breaks", 50_000)
_PARSED: Memo[tuple[Any, ...], tuple[str, Any]] = Memo("paragraph markup", 20_000)


def style_key(style: Any) -> str:
    """A digest of every effective attribute of a paragraph style (computed once per style
    object; short, so that paragraph keys hash and print fast)."""
    key: str | None = style.__dict__.get("_rl_key")
    if key is None:
        attrs = tuple((name, repr(getattr(style, name))) for name in sorted(style.defaults))
        key = hashlib.sha256(repr(attrs).encode("utf-8")).hexdigest()[:32]
        style.__dict__["_rl_key"] = key
    return key


class Para(Paragraph):
    """A :class:`~reportlab.platypus.Paragraph` with its line breaking memoised per width,
    drawn as one marked element of its ``rapport_role`` (P, H1, Caption, LBody …)."""

    def __init__(self, text: Any, style: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(text, style, *args, **kwargs)
        # split parts are made from fragments (text None): they are not shared
        self._rl_text = text if isinstance(text, str) else None
        # the text as written (line breaking replaces the fragments)
        self._rl_source = "".join(getattr(f, "text", "") for f in self.frags)
        self._rl_links = any(getattr(f, "link", None) for f in self.frags)
        # drawn from kept code when nothing in it draws more than text (see drawmemo)
        self._rl_plain = not self._rl_links and all(
            getattr(getattr(f, "cbDefn", None), "kind", "anchor") == "anchor" for f in self.frags
        )

    def _setup(self, text: Any, style: Any, bulletText: Any, frags: Any, cleaner: Any) -> None:
        """reportlab's set-up, with the parsed markup shared by paragraphs of the same
        text and style (only when the markup sets no style or bullet of its own)."""
        if frags is not None or not isinstance(text, str) or cleaner is not cleanBlockQuotedText:
            super()._setup(text, style, bulletText, frags, cleaner)
            return
        key = (text, style_key(style), self.caseSensitive)
        held = _PARSED.get(key)
        if held is None:
            super()._setup(text, style, bulletText, frags, cleaner)
            own = self.__dict__
            if own["style"] is style and own["bulletText"] is bulletText:
                _PARSED.put(key, (own["text"], own["frags"]))
            return
        cleaned, parsed = held
        self.__dict__.update(
            text=cleaned, frags=parsed, style=style, bulletText=bulletText, debug=0
        )

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        role = getattr(self, "rapport_role", "P")
        path: Path = getattr(self, "rapport_path", ())
        tags = recorder_of(canvas)
        anchor: str = getattr(self, "rapport_anchor", "")
        if tags is not None and anchor:
            text: str = getattr(self, "rapport_target_text", "") or self.plain_text()
            tags.target(anchor, text, canvas.getPageNumber())
        draw = lambda: Paragraph.drawOn(self, canvas, x, y, _sW)  # noqa: E731
        inline = tags is not None and role != "Artifact" and (self.bulletText or self._has_links())
        if inline and marked_text(canvas, self._pieces(tags, role, path), draw):  # type: ignore[arg-type]
            return
        marked(canvas, role, draw, path=path)

    def _drawOn(self, canv: Any) -> None:
        key = self._draw_key(canv)
        if key is None:
            super()._drawOn(canv)
        else:
            draw_kept(canv, key, lambda: Paragraph._drawOn(self, canv))

    def _draw_key(self, canv: Any) -> tuple[Any, ...] | None:
        """What this paragraph's drawing depends on, with the canvas state; None when
        it is not drawn from kept code (links, a part of a paragraph not split here)."""
        own = self.__dict__
        wrapped = own.get("_rl_wrap")
        if wrapped is None or not self._rl_plain or wrapped[2] is not own.get("blPara"):
            return None
        if "_offsets" in own:
            return None
        shared = self._shared_key(wrapped[0]) or own.get("_rl_part")
        if shared is None:
            return None
        last = bool(own.get("_JustifyLast"))  # a first part justifies its last line
        return (shared, self.width, self.height, last, state_of(canv))

    def _lines_key(self, width: float) -> tuple[Any, ...] | None:
        """Which lines of which paragraph this is: (key, first line, count), for a whole
        paragraph or a part of a split one."""
        lines = self.__dict__["blPara"].lines
        shared = self._shared_key(width)
        if shared is not None:
            return (shared, 0, len(lines))
        part: tuple[Any, ...] | None = self.__dict__.get("_rl_part")
        return part

    def plain_text(self) -> str:
        return " ".join(self._rl_source.split())

    def _has_links(self) -> bool:
        return self._rl_links

    def _pieces(self, tags: TagRecorder, role: str, path: Path) -> list[tuple[str, Path]]:
        """Role and path of each text object: the bullet's Lbl first, if any."""
        own = path if role == HERE else (*path, (STRUCT.get(role, "P"), tags.new_id()))
        if not self.bulletText:
            return [(HERE, own)]
        return [(HERE, (*own[:-1], ("Lbl", tags.new_id()))), (HERE, own)]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if "_rl_lines" in self.__dict__:  # the rest of a split paragraph (see split)
            size: tuple[float, float] = super().wrap(availWidth, availHeight)
            if size[1] > availHeight:
                return size  # it will be split again, from these lines
            del self.__dict__["_rl_lines"]  # it fits: break its own text, at most a page
        memo: tuple[float, tuple[float, float], Any] | None = self.__dict__.get("_rl_wrap")
        if memo is not None and memo[0] == availWidth:
            self.width, self.height = memo[1]
            self.blPara = memo[2]
            return memo[1]
        shared = self._shared_key(availWidth)
        known = None if shared is None else _known_lines(shared)
        if known is not None:
            size, lines = known
            self.width, self.height = size
            self.blPara = lines
        else:
            size = super().wrap(availWidth, availHeight)
            soften_hyphens(self)
            if shared is not None:
                _BROKEN.put(shared, (size, self.blPara))
                kept = linebreaks.active()
                if kept is not None:
                    kept.keep(shared, size, self.blPara)
        self.__dict__["_rl_wrap"] = (availWidth, size, self.blPara)
        return size

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """reportlab's split, except that the second part keeps the line breaking already
        done: it starts on a line of its own with the same widths, so breaking its text
        again would give the same lines. Without this, each page of a long paragraph
        re-broke all the rest of it (quadratic in the paragraph's length)."""
        parts: list[Flowable] = super().split(availWidth, availHeight)
        whole = self.__dict__.get("blPara")
        if len(parts) != 2 or whole is None or not isinstance(parts[1], Para):
            return parts
        rest = copy(whole)
        first = len(parts[0].blPara.lines)
        rest.lines = whole.lines[first:]
        later = self.width - self.style.leftIndent - self.style.rightIndent  # as wrap() has it
        parts[1].__dict__["_rl_lines"] = ([later, later], rest)
        whole_key = self._lines_key(availWidth)
        if whole_key is not None and isinstance(parts[0], Para):  # each part is drawn once kept
            key, start, count = whole_key
            parts[0].__dict__["_rl_part"] = (key, start, first)
            parts[1].__dict__["_rl_part"] = (key, start + first, count - first)
        return parts

    def breakLines(self, width: Any, *args: Any, **kwargs: Any) -> Any:
        known = self.__dict__.get("_rl_lines")
        if known is not None and known[0] == list(width) and not args and not kwargs:
            return known[1]
        return super().breakLines(width, *args, **kwargs)

    def _shared_key(self, width: float) -> tuple[Any, ...] | None:
        text = self.__dict__.get("_rl_text")
        if text is None or not isinstance(self.bulletText, (str, type(None))):
            return None  # a <bullet> of its own in the markup is made of fragments
        return (text, style_key(self.style), self.bulletText, width)


def _known_lines(key: tuple[Any, ...]) -> tuple[tuple[float, float], Any] | None:
    """The line breaking of a paragraph of this text, style and width set before: in this
    process, or by an earlier build whose lines are kept (:mod:`rapport.linebreaks`)."""
    kept = linebreaks.active()
    known = _BROKEN.get(key)
    if known is not None:
        if kept is not None:
            kept.note(key, *known)
        return known
    found = kept.take(key) if kept is not None else None
    return None if found is None else _BROKEN.put(key, found)


class Bottom(Flowable):
    """Sets its flowables at the foot of the frame (colophon, back-page address)."""

    def __init__(self, parts: list[Flowable]) -> None:
        super().__init__()
        self.parts = parts
        self._sizes: list[tuple[float, float]] = []
        self._content = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._sizes = [p.wrap(availWidth, availHeight) for p in self.parts]
        self._content = sum(
            h + p.getSpaceAfter() for p, (_, h) in zip(self.parts, self._sizes, strict=True)
        )
        self.width, self.height = availWidth, max(self._content, availHeight - 1)
        return self.width, self.height

    def draw(self) -> None:
        y = self._content
        for part, (_, h) in zip(self.parts, self._sizes, strict=True):
            y -= h
            part.drawOn(self.canv, 0, y)
            y -= part.getSpaceAfter()


def soften_hyphens(para: Para) -> int:
    """Turn the hyphens line breaking inserted at line ends into soft hyphens.

    The laid-out lines are aligned, character by character (spaces aside), with
    the paragraph's own text: a hyphen ending a line that the text does not have
    there was added by hyphenation. Returns how many were changed.
    """
    lines = getattr(getattr(para, "blPara", None), "lines", None)
    if not lines:
        return 0
    written = getattr(para, "_rl_source", None)
    if written is None:
        written = "".join(getattr(f, "text", "") for f in para.frags)
    # reportlab takes the author's own soft hyphens out of the words it sets
    source = [c for c in written if not c.isspace() and c != SOFT_HYPHEN]
    kind = para.blPara.kind
    at, changed = 0, 0
    for line in lines:
        words = line[1] if kind == 0 else line.words
        pieces = [w if kind == 0 else getattr(w, "text", "") for w in words]
        last = max((i for i, p in enumerate(pieces) if p.strip()), default=-1)
        for index, piece in enumerate(pieces):
            for char in piece:
                if char.isspace():
                    continue
                if at < len(source) and source[at] == char:
                    at += 1
                elif char == "-" and index == last and piece.rstrip().endswith("-"):
                    changed += _soften(words, index, kind, para.style.fontName)
                else:
                    return changed  # text and lines differ in some other way: leave as is
    return changed


def _soften(words: list[Any], index: int, kind: int, font: str) -> int:
    if kind == 0:
        word = words[index]
        if not _font_has_soft_hyphen(font):
            return 0
        stem = word.rstrip()
        words[index] = type(word)(stem[:-1] + SOFT_HYPHEN + word[len(stem) :])
        return 1
    frag = words[index]
    if not _font_has_soft_hyphen(frag.fontName):
        return 0
    stem = frag.text.rstrip()
    frag.text = stem[:-1] + SOFT_HYPHEN + frag.text[len(stem) :]
    return 1


_SOFT: Memo[str, bool] = Memo("soft hyphen glyphs", 256)


def _font_has_soft_hyphen(name: str) -> bool:
    """The font draws U+00AD with a glyph as wide as its hyphen."""
    if name not in _SOFT:
        from reportlab.pdfbase.pdfmetrics import getFont, stringWidth

        face = getattr(getFont(name), "face", None)
        widths = getattr(face, "charWidths", {})
        _SOFT.put(
            name,
            0xAD in widths and stringWidth(SOFT_HYPHEN, name, 10) == stringWidth("-", name, 10),
        )
    return _SOFT[name]
