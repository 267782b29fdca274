"""Flowables rapport builds on: a paragraph that remembers how it was wrapped.

Rendering takes at least two passes (contents page numbers, "Side x af y") and
``KeepTogether`` wraps its content again; reportlab re-breaks a paragraph's
lines every time. :class:`Para` keeps the line breaking of its last wrap and
reuses it for the same width, which is safe because a paragraph's lines depend
only on its text, style and width. Within a process the line breaking is also
shared between paragraphs of the same text, style and width, so ``rapport watch``
re-breaks only what an edit changed. Output is byte-for-byte the same.
"""

from __future__ import annotations

from copy import copy
from typing import Any

from reportlab.platypus import Flowable, Paragraph

from .tagging import marked

_BROKEN: dict[tuple[Any, ...], tuple[tuple[float, float], Any]] = {}
_BROKEN_MAX = 50_000


def style_key(style: Any) -> tuple[Any, ...]:
    """Every effective attribute of a paragraph style (computed once per style object)."""
    key = style.__dict__.get("_rl_key")
    if key is None:
        key = tuple((name, repr(getattr(style, name))) for name in sorted(style.defaults))
        style.__dict__["_rl_key"] = key
    return key


class Para(Paragraph):
    """A :class:`~reportlab.platypus.Paragraph` with its line breaking memoised per width,
    drawn as one marked element of its ``rapport_role`` (P, H1, Caption, LBody …)."""

    def __init__(self, text: Any, style: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(text, style, *args, **kwargs)
        # split parts are made from fragments (text None): they are not shared
        self._rl_text = text if isinstance(text, str) else None

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        role = getattr(self, "rapport_role", "P")
        marked(
            canvas,
            role,
            lambda: Paragraph.drawOn(self, canvas, x, y, _sW),
            group=getattr(self, "rapport_group", ()),
        )

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        memo: tuple[float, tuple[float, float], Any] | None = self.__dict__.get("_rl_wrap")
        if memo is not None and memo[0] == availWidth:
            self.width, self.height = memo[1]
            self.blPara = memo[2]
            return memo[1]
        shared = self._shared_key(availWidth)
        if shared is not None and shared in _BROKEN:
            size, lines = _BROKEN[shared]
            self.width, self.height = size
            self.blPara = lines
        else:
            size = super().wrap(availWidth, availHeight)
            if shared is not None:
                if len(_BROKEN) >= _BROKEN_MAX:
                    _BROKEN.clear()
                _BROKEN[shared] = (size, self.blPara)
        self.__dict__["_rl_wrap"] = (availWidth, size, self.blPara)
        return size

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """reportlab's split, except that the second part keeps the line breaking already
        done: it starts on a line of its own with the same widths, so breaking its text
        again would give the same lines. Without this, each page of a long paragraph
        re-broke all the rest of it (quadratic in the paragraph's length)."""
        parts = super().split(availWidth, availHeight)
        whole = self.__dict__.get("blPara")
        if len(parts) != 2 or whole is None or not isinstance(parts[1], Para):
            return parts
        rest = copy(whole)
        rest.lines = whole.lines[len(parts[0].blPara.lines) :]
        later = self._wrapWidths[1]
        parts[1].__dict__["_rl_lines"] = ([later, later], rest)
        return parts

    def breakLines(self, width: Any, *args: Any, **kwargs: Any) -> Any:
        known = self.__dict__.get("_rl_lines")
        if known is not None and known[0] == list(width) and not args and not kwargs:
            return known[1]
        return super().breakLines(width, *args, **kwargs)

    def _shared_key(self, width: float) -> tuple[Any, ...] | None:
        text = self.__dict__.get("_rl_text")
        if text is None:
            return None
        return (text, style_key(self.style), self.bulletText, width)


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
