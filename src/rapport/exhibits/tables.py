"""Tables: a table definition bound to its results, tailored to the copy's segment."""

from __future__ import annotations

from dataclasses import replace

from ..compose import Exhibit
from ..data.disclosure import SYMBOLS
from ..fonts import check_glyphs
from ..markup import inline_markup
from ..phrases import phrase
from ..project import TableDef
from ..tables import TableData, TableShape, quoted_table, shaped_table, table_data, table_shape
from ..template import TemplateEngine
from .captions import Captions
from .context import ExhibitContext, located
from .products import Products, TableProduct


class TableMaker:
    """Builds tables for one build; counts what it built."""

    def __init__(
        self, context: ExhibitContext, captions: Captions, products: Products | None = None
    ) -> None:
        self.context, self.captions = context, captions
        self.products = products or Products(context)
        self.table_count = 0

    def table(self, ident: str, language: str) -> Exhibit:
        context = self.context
        original = context.project.tables[ident]
        product = self.products.get(
            TableProduct, language, ("table", repr(original)), lambda: self._table(ident, language)
        )
        data = TableData(product.header, product.rows, frozenset(), ())
        shape = TableShape(product.widths, product.size, product.head)
        body = shaped_table(
            data,
            shape,
            context.layout,
            context.paragraph_styles(language)["table"],
            context.fonts.heading.bold,
            show_n=original.show_n,
            key=f"tab-{original.id}",
        )
        self.table_count += 1
        return Exhibit(product.title, body, product.note, product.source, "", product.legend)

    def _table(self, ident: str, language: str) -> TableProduct:
        context = self.context
        tdef = self.tailor(context.project.tables[ident])
        engine = context.engines(language)
        data = self._data(tdef, language, engine)
        data = quoted_table(data, lambda text: context.quoted(text, language))
        style = context.paragraph_styles(language)["table"]
        cells = " ".join(" ".join(row) for row in (data.header, *data.rows))
        check_glyphs(cells, context.fonts.heading, tdef.where)
        shape = located(
            lambda: table_shape(
                data,
                context.layout,
                style,
                context.fonts.heading.bold,
                context.text_width,
                key=f"tab-{tdef.id}",
                language=language,
            ),
            tdef.where,
        )
        return TableProduct(
            inline_markup(
                context.quoted(engine.render(tdef.title, tdef.where), language), context.resolve
            ),
            self._note(tdef, data, engine),
            self.captions.source_line(tdef.cite, tdef.source, tdef.where, engine),
            self.captions.legend_for(data.statuses, language),
            data.header,
            data.rows,
            shape.widths,
            shape.size,
            shape.head,
        )

    def _data(self, tdef: TableDef, language: str, engine: TemplateEngine) -> TableData:
        store = self.context.sources.stores[tdef.source]
        return located(
            lambda: table_data(
                tdef,
                store,
                engine.scope.formatter,
                self.context.group_labels(tdef.source, language),
                tdef.stub or phrase(language, "labels", "stub"),
                SYMBOLS,
                phrase(language, "labels", "n_row"),
                self.context.project.disclosure.threshold,
            ),
            tdef.where,
        )

    def _note(self, tdef: TableDef, data: TableData, engine: TemplateEngine) -> str:
        frame = self.context.sources.stores[tdef.source].rows(data.indicators)
        return self.captions.note(
            "table",
            tdef.note,
            tdef.where,
            tdef.source,
            data.indicators,
            frame,
            engine,
            groups=tdef.columns,
            columns=tdef.columns,
        )

    def tailor(self, tdef: TableDef) -> TableDef:
        """``$segment`` in a table's columns → the copy's segment (dropped when it is Alle)."""
        if "$segment" not in tdef.columns:
            return tdef
        segment = self.context.segment
        columns = [segment if c == "$segment" else c for c in tdef.columns]
        columns = list(dict.fromkeys(columns))
        labels = dict(tdef.column_labels)
        if "$segment" in labels:
            labels[segment] = labels.pop("$segment")
        elif self.context.segment_label:
            labels.setdefault(segment, self.context.segment_label)
        return replace(tdef, columns=tuple(columns), column_labels=labels)
