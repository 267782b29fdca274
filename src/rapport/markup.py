"""Runs → reportlab paragraph markup, with every piece of text escaped.

This is the only place that writes reportlab's mini-markup. Text always goes
through :func:`xml.sax.saxutils.escape`, so ``<``, ``>`` and ``&`` in data or
prose can never become tags; attributes are quoted with ``quoteattr``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from xml.sax.saxutils import escape, quoteattr

from .markdown import Run, parse_inline

RefResolver = Callable[[str], tuple[str, str]]  # ref → (text, anchor)


def runs_to_markup(runs: Iterable[Run], resolve: RefResolver | None = None) -> str:
    """Attributed runs → markup; cross-references are resolved to linked text."""
    parts = []
    for run in runs:
        if run.ref:
            if resolve is None:
                text, anchor = run.ref, ""
            else:
                text, anchor = resolve(run.ref)
            piece = escape(text)
            if anchor:
                piece = f"<a href={quoteattr('#' + anchor)}>{piece}</a>"
        elif run.note is not None:
            piece = f"<super>{run.note}</super>"
        else:
            piece = escape(run.text).replace("\n", "<br/>")
            if run.href:
                piece = f"<a href={quoteattr(run.href)}>{piece}</a>"
        if run.bold:
            piece = f"<b>{piece}</b>"
        if run.italic:
            piece = f"<i>{piece}</i>"
        parts.append(piece)
    return "".join(parts)


def inline_markup(text: str, resolve: RefResolver | None = None) -> str:
    """A line of (rendered) Markdown → markup, e.g. for figure titles and notes."""
    return runs_to_markup(parse_inline(text), resolve)


def plain_text(text: str) -> str:
    """A line of Markdown → its plain text (for outlines and alt text)."""
    return "".join(r.text if not r.ref else r.ref for r in parse_inline(text))
