"""Runs → reportlab paragraph markup, with every piece of text escaped.

This is the only place that writes reportlab's mini-markup. Text always goes
through :func:`escape`, so ``<``, ``>`` and ``&`` in data or prose can never become
tags; attributes are quoted with :func:`quoteattr`. Both do what the functions of the
same names in ``xml.sax.saxutils`` do, which cost every build an import of ``urllib``'s
network code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .markdown import Run, parse_inline

RefResolver = Callable[[str], tuple[str, str]]  # ref → (text, anchor)
_ATTRIBUTE = str.maketrans({"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def escape(text: str) -> str:
    """``&``, ``<`` and ``>`` as entities: text that can never become markup."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def quoteattr(text: str) -> str:
    """``text`` as a quoted attribute value (escaped, line breaks and tabs as entities)."""
    value = escape(text).translate(_ATTRIBUTE)
    if '"' not in value:
        return f'"{value}"'
    if "'" not in value:
        return f"'{value}'"
    return '"{}"'.format(value.replace('"', "&quot;"))


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
