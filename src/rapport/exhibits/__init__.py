"""Figures, tables, key figures and the colophon, built from definitions on demand.

The composer asks for an exhibit by id and language; the makers here render the
templated title, bind the chart or table to its data source, write the note
from the questionnaire and the source line, and return an
:class:`~rapport.compose.Exhibit`. Data errors are re-pointed at the
definition in ``report.yaml``.

- :mod:`.context`  what every maker shares (project, layout, fonts, sources, templates)
- :mod:`.figures`  charts and key-figure tiles
- :mod:`.tables`   tables
- :mod:`.captions` notes, source lines and disclosure legends
- :mod:`.matter`   colophon and back page
- :mod:`.products` what each exhibit needs, made once per content and reused
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from ..buildcache import BuildCache
from ..charts.cache import ChartCache
from .captions import Captions
from .context import ExhibitContext
from .figures import FigureMaker
from .matter import back_page, colophon
from .products import Products
from .tables import TableMaker


class ExhibitFactory:
    """The exhibit makers of one build, sharing one context."""

    def __init__(
        self, context: ExhibitContext, cache: ChartCache | None, store: BuildCache | None = None
    ) -> None:
        self.context = context
        captions = Captions(context)
        products = Products(context, store)
        products.tests_in_text = lambda: captions.tests_in_text
        self.figures = FigureMaker(context, captions, cache, products)
        self.tables = TableMaker(context, captions, products)

    def colophon(self) -> list[Flowable]:
        return colophon(self.context)

    def back_page(self) -> list[Flowable]:
        return back_page(self.context)


__all__ = ["ExhibitContext", "ExhibitFactory", "FigureMaker", "TableMaker"]
