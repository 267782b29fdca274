"""The colophon and the back page, from the project's publication details."""

from __future__ import annotations

from reportlab.platypus import Flowable

from ..errors import Location
from ..flowables import Bottom, Para
from ..markup import escape, inline_markup
from ..phrases import phrase
from .context import ExhibitContext


def colophon(context: ExhibitContext) -> list[Flowable]:
    """Title, edition, date, authors, ISBN, publisher and the project's colophon text,
    set at the bottom of the page."""
    from .. import __version__

    p, engine = context.project, context.engines(context.project.language.split("_")[0])
    fmt = engine.scope.formatter
    style = context.paragraph_styles(fmt.language)["colophon"]
    lines = [
        f"<b>{escape(p.title)}</b>",
        escape(p.subtitle),
        escape(p.edition),
        escape(fmt.date(p.date)),
    ]
    if p.authors:
        authors = phrase(fmt.language, "labels", "authors")
        lines.append(f"{authors}: " + escape(", ".join(p.authors)))
    if p.isbn:
        lines.append(f"ISBN {escape(p.isbn)}")
    lines += [escape(p.publisher), *(escape(a) for a in p.address)]
    out: list[Flowable] = [Para(line, style) for line in lines if line]
    if p.colophon:
        text = engine.render(p.colophon, Location(p.file))
        out += [
            Para(inline_markup(par, context.resolve), style)
            for par in text.split("\n\n")
            if par.strip()
        ]
    typeset = phrase(fmt.language, "labels", "typeset")
    typeset = typeset.format(version=__version__, layout=context.layout.name)
    out.append(Para(escape(context.quoted(typeset, fmt.language)), style))
    return [Bottom(out)]


def back_page(context: ExhibitContext) -> list[Flowable]:
    """The publisher's name and address at the bottom of the last page."""
    p = context.project
    style = context.paragraph_styles("da")["colophon"]
    lines = [f"<b>{escape(p.publisher)}</b>", *(escape(a) for a in p.address)]
    return [Bottom([Para(line, style) for line in lines if line])]
