"""Stage 5: ``{{ … }}`` in chapters and titles → Markdown, in a sandbox.

Templates see only what is handed to them: the named data sources (``published``,
``survey`` …), the report's metadata (``report``), its ``params``, the tailored
``segment`` and the formatting filters. The Jinja environment is immutable and
sandboxed: no attribute starting with ``_``, no file access, no environment.

Every value a template prints passes :func:`_finalize`: numbers are formatted
the Danish way (or the chapter's language), cells print as percentages in the
house style, and every string is Markdown-escaped so that data such as
``<b>``, ``&``, ``*`` or ``{{`` appears literally in the PDF.

Data access::

    {{ published.samarbejde.ja }}                 → "79 procent"
    {{ survey.borgere_rolle.ja.at("sektor=kommunal") | frac }} → "to ud af tre"
    {{ published.antal_svar["1"].n }}             → "1.255"
    {{ published.genbrug.ja | frac_noun("innovation", "innovationer", "innovationerne") }}
                                                  → "tre ud af fire innovationer"
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import jinja2
from jinja2 import nodes

from .columns import Columns
from .editions import EDITION_VARIABLE, EditionChange, compare_editions
from .editions_text import change_phrase, change_short
from .errors import DataError, DisclosureError, Location, RapportError, TemplateError
from .formatting import Formatter, capitalize_first, round_shown
from .groups import TOTAL_GROUP
from .memo import Memo
from .sandbox import BoundedSandbox, bounded_filter, bounded_steps, join_bounded

_CODE: Memo[str, Any] = Memo("template code", 4096)
_SEGMENT_READS: Memo[str, bool] = Memo("templates reading the segment", 4096)
PRINTABLE = 1e15
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!@<>&|~^=:\"'$%])")


class CellLike(Protocol):
    value: float | None
    n: int
    status: str


class StoreLike(Protocol):
    def cell(self, indicator: str, category: str, group: str = TOTAL_GROUP) -> Any: ...


def escape_markdown(text: str) -> str:
    """Backslash-escape Markdown punctuation so the text renders literally."""
    return _MD_SPECIAL.sub(r"\\\1", text)


class Reads:
    """How many renders so far could read the copy's segment (``segment`` or
    ``report.segment_label``): work that saw no new read is the same for every copy."""

    def __init__(self) -> None:
        self.segment = 0


@dataclass(frozen=True)
class TemplateContext:
    """What the templates of one build may see."""

    stores: Mapping[str, StoreLike]
    report: Mapping[str, Any]
    params: Mapping[str, Any]
    segment: str = TOTAL_GROUP
    on_suppressed: str = "symbol"
    symbols: Mapping[str, str] = field(
        default_factory=lambda: {"primary": "..", "secondary": "(..)"}
    )
    # (source, variable) → significance tests of each group against the rest, or None
    compare: Callable[[str, str], Any] = lambda source, variable: None
    # source → its editions (:class:`~rapport.editions.EditionSeries`), when it has several
    editions: Mapping[str, Any] = field(default_factory=dict)
    # a change across a reworded question in text: "error" stops the build, "text" says so
    series_break: str = "error"
    reads: Reads = field(default_factory=Reads, compare=False, repr=False)


class CellRef:
    """One result cell as templates see it; formats itself in the house style."""

    def __init__(self, ctx: _Scope, source: str, indicator: str, category: str, group: str) -> None:
        self._ctx, self._key = ctx, (source, indicator, category, group)
        self._found: Any = None

    @property
    def _cell(self) -> Any:
        """The result cell, looked up on first use (a cell only earlier editions have
        can still be compared: ``.change()`` does not need this round's cell)."""
        if self._found is None:
            self._found = self._ctx.lookup(*self._key)
        return self._found

    def at(self, group: str) -> CellRef:
        """The same cell in another group, e.g. ``.at("sektor=kommunal")`` or ``.at(segment)``."""
        source, indicator, category, _ = self._key
        return CellRef(self._ctx, source, indicator, category, str(group))

    @property
    def value(self) -> float:
        self._ctx.guard(self)
        if self._cell.value is None:
            raise TemplateError(
                f"{self.describe()} has no value "
                f"({'suppressed' if self.suppressed else 'nobody answered'})",
                hint="test it first: {% if not cell.missing %}…{% endif %}",
            )
        return float(self._cell.value)

    @property
    def exists(self) -> bool:
        """False when this round's data has no such cell (earlier editions may)."""
        try:
            self._cell  # noqa: B018
        except DataError:
            return False
        return True

    @property
    def missing(self) -> bool:
        """True when the cell has no printable value (suppressed or no respondents)."""
        return self._cell.value is None

    @property
    def n(self) -> int:
        return int(self._cell.n)

    @property
    def suppressed(self) -> bool:
        return bool(getattr(self._cell, "status", ""))

    @property
    def status(self) -> str:
        return str(getattr(self._cell, "status", ""))

    @property
    def label(self) -> str:
        return str(getattr(self._cell, "label", "") or self._key[2])

    def describe(self) -> str:
        source, indicator, category, group = self._key
        return f"{source}.{indicator}[{category!r}] in group {group!r}"

    def sig(self) -> Comparison:
        """This group against the rest: significance of the difference (z test)."""
        self._cell  # noqa: B018  (an unknown name fails here, with what exists)
        return Comparison(self._ctx, self, self._ctx.comparison(self._key))

    def change(self, edition: str, later: str | None = None) -> Change:
        """This round (or ``later``) against an earlier edition: "steget fra 73 % til
        80 % …" (z test)."""
        source, indicator, category, group = self._key
        if group.startswith(f"{EDITION_VARIABLE}="):
            group = TOTAL_GROUP
        series = self._ctx.series(source)
        result = compare_editions(
            series, indicator, category, group, str(edition), None if later is None else str(later)
        )
        return Change(self._ctx, self, result)

    def edition(self, edition: str) -> CellRef:
        """The same cell in another edition (whole population): ``.edition("1. udgave")``."""
        source, indicator, category, _ = self._key
        label = self._ctx.series(source).find(str(edition)).label
        return CellRef(self._ctx, source, indicator, category, f"{EDITION_VARIABLE}={label}")


class Comparison:
    """A group against the rest of the population; prints as a house-style phrase.

    ``{{ survey.x.ja.at("sektor=statslig").sig() }}`` → "signifikant højere end";
    ``.significant``, ``.higher``, ``.lower``, ``.difference`` (percentage points) and
    ``.p`` are there for conditions in titles.
    """

    def __init__(self, scope: _Scope, cell: CellRef, row: Mapping[str, Any]) -> None:
        self._scope, self._cell, self._row = scope, cell, row

    @property
    def significant(self) -> bool:
        return bool(self._row["significant"]) and not self._cell.suppressed

    @property
    def difference(self) -> float:
        self._scope.guard(self._cell)
        return float(self._row["difference"])

    @property
    def higher(self) -> bool:
        return self.significant and self.difference > 0

    @property
    def lower(self) -> bool:
        return self.significant and self.difference < 0

    @property
    def p(self) -> float:
        return float(self._row["p_value"])

    def phrase(self) -> str:
        if self._cell.suppressed:
            self._scope.guard(self._cell)
            return self._scope.context.symbols.get(self._cell.status, "..")
        words = self._scope.formatter.phrases["significance"]
        higher, lower, same = words["higher"], words["lower"], words["same"]
        return higher if self.higher else lower if self.lower else same


class Change:
    """A change between editions; prints as a house-style sentence part.

    ``{{ survey.genbrug.ja.change("1. udgave") }}`` → "steget fra 73 % i 1. udgave til
    80 %, en statistisk signifikant stigning"; ``.up``, ``.down``, ``.significant``,
    ``.comparable``, ``.missing``, ``.difference`` (points), ``.p`` and ``.short`` ("+7
    procentpoint siden 1. udgave") are there for conditions and key figures. Printing a
    change across a reworded question stops the build (or, with the layout's
    ``numbers.series_break: text``, says the figures cannot be compared).
    """

    def __init__(self, scope: _Scope, cell: CellRef, result: EditionChange) -> None:
        self._scope, self._cell, self._result = scope, cell, result

    @property
    def up(self) -> bool:
        return self._result.status == "up" and not self._hidden

    @property
    def down(self) -> bool:
        return self._result.status == "down" and not self._hidden

    @property
    def significant(self) -> bool:
        return self._result.significant and not self._hidden

    @property
    def comparable(self) -> bool:
        """False across a series break (the question was changed)."""
        return self._result.status != "break"

    @property
    def missing(self) -> bool:
        """True when one of the two editions has no value for the cell (or hides it)."""
        return self._result.status in ("missing", "hidden")

    @property
    def status(self) -> str:
        return self._result.status

    @property
    def difference(self) -> float:
        self._refuse_break()
        if self._result.difference is None:
            raise TemplateError(
                f"{self._cell.describe()} has no value in {self._result.earlier}",
                hint="test it first: {% if not cell.change(…).missing %}…{% endif %}",
            )
        return self._result.difference

    @property
    def p(self) -> float:
        return float(self._result.p_value if self._result.p_value is not None else "nan")

    @property
    def _hidden(self) -> bool:
        return self._cell.exists and self._cell.suppressed

    @property
    def short(self) -> str:
        """The "siden sidst" line of a key figure."""
        self._refuse_break()
        return change_short(self._result, self._scope.formatter)

    def _refuse_break(self) -> None:
        r = self._result
        if r.status == "break" and self._scope.context.series_break != "text":
            raise TemplateError(
                f"{self._cell.describe()}: the question was changed in {r.changed_in}, so "
                f"{r.current} cannot be compared with {r.earlier}",
                hint="compare with an edition from "
                f"{r.changed_in} on, test .comparable first, or set the layout's "
                "numbers.series_break: text",
            )

    def phrase(self) -> str:
        if self._hidden:
            self._scope.guard(self._cell)
            return self._scope.context.symbols.get(self._cell.status, "..")
        self._refuse_break()
        return change_phrase(self._result, self._scope.formatter)


class _Proxy:
    """``source.indicator.category`` attribute chains, resolved lazily."""

    def __init__(self, ctx: _Scope, path: tuple[str, ...]) -> None:
        self._ctx, self._path = ctx, path

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return self[name]

    def __getitem__(self, name: Any) -> Any:
        path = (*self._path, str(name))
        if len(path) == 3:
            return CellRef(self._ctx, *path, TOTAL_GROUP)
        return _Proxy(self._ctx, path)

    def __str__(self) -> str:
        raise TemplateError(
            f"'{'.'.join(self._path)}' is not a single value",
            hint="name a category too, e.g. {{ source.indicator.category }}",
        )


class _Scope:
    """Per-render state: the context and the formatter of the current language."""

    def __init__(self, context: TemplateContext, formatter: Formatter) -> None:
        self.context = context
        self.formatter = formatter
        self._tests: dict[tuple[str, str], dict[tuple[str, str, str], Mapping[str, Any]]] = {}

    def lookup(self, source: str, indicator: str, category: str, group: str) -> Any:
        return self.lookup_store(source).cell(indicator, category, group)

    def series(self, source: str) -> Any:
        """The editions of ``source``; an error when it has only one."""
        self.lookup_store(source)
        series = self.context.editions.get(source)
        if series is None:
            raise TemplateError(
                f"data source {source!r} has only one edition, so there is nothing to compare with",
                hint="list the earlier rounds under 'earlier:' of the source in report.yaml",
            )
        return series

    def lookup_store(self, source: str) -> StoreLike:
        store = self.context.stores.get(source)
        if store is None:
            raise TemplateError(
                f"no data source named {source!r}",
                hint="sources: " + ", ".join(sorted(self.context.stores)),
            )
        return store

    def guard(self, cell: CellRef) -> None:
        if cell.suppressed and self.context.on_suppressed == "fail":
            raise DisclosureError(
                f"{cell.describe()} is suppressed by disclosure control and cannot be printed",
                hint="leave it out of the text for this copy, or set "
                "disclosure.on_suppressed: symbol",
            )

    def comparison(self, key: tuple[str, str, str, str]) -> Mapping[str, Any]:
        source, indicator, category, group = key
        variable = group.split("=", 1)[0]
        table = self._tests.get((source, variable))
        if table is None:
            table = _index_tests(self.context.compare(source, variable))
            self._tests[(source, variable)] = table
        row = table.get((indicator, category, group))
        if row is None:
            raise TemplateError(
                f"no significance test for {source}.{indicator}[{category!r}] in {group!r}",
                hint="tests exist for each group ('variable=value') against the rest: for "
                "respondent data the source's 'by' variables, for aggregated results every "
                "group with a value and n beside an 'Alle' row",
            )
        return row

    def number(self, value: Any, fmt: Callable[[float], str]) -> str:
        if isinstance(value, CellRef):
            if value.suppressed:
                self.guard(value)
                return self.context.symbols.get(value.status, "..")
            if value.missing:
                return "–"
            value = value.value
        if value is None:
            return "–"
        return fmt(float(value))


class TemplateEngine:
    """Renders template strings for one build; one engine per language formatter."""

    def __init__(self, context: TemplateContext, formatter: Formatter) -> None:
        self.scope = _Scope(context, formatter)
        self.env = BoundedSandbox(
            undefined=jinja2.StrictUndefined,
            autoescape=False,
            finalize=self._finalize,
            keep_trailing_newline=True,
            # "{#anchor}" after a heading is Markdown, so Jinja comments are "{%# … #%}"
            comment_start_string="{%#",
            comment_end_string="#%}",
        )
        self.env.filters.update({k: bounded_filter(f) for k, f in self._filters().items()})
        self.env.globals.update(self._globals())

    def _filters(self) -> dict[str, Callable[..., Any]]:
        s, f = self.scope, self.scope.formatter
        return {
            "pct": lambda v, digits=0, style=None: s.number(
                v, lambda x: f.percent(x, digits, style)
            ),
            "pct1": lambda v: s.number(v, lambda x: f.percent(x, 1)),
            "frac": lambda v: s.number(v, f.fraction),
            "Frac": lambda v: capitalize_first(s.number(v, f.fraction)),
            "num": lambda v, digits=0: s.number(
                v, (lambda x: f.decimal(x, digits)) if digits else f.integer
            ),
            "pp": lambda v, digits=0: s.number(v, lambda x: f.points(x, digits)),
            "n": self._base,
            "frac_noun": lambda v, one, many, the: s.number(
                v, lambda x: f.fraction_phrase(x, one, many, the)
            ),
            "Frac_noun": lambda v, one, many, the: capitalize_first(
                s.number(v, lambda x: f.fraction_phrase(x, one, many, the))
            ),
            "date": lambda v: f.date(v),
            "cap": lambda v: capitalize_first(str(v)),
        }

    def _base(self, value: Any) -> str:
        """``n=1.093``; a base below the disclosure threshold is not printed."""
        n = value.n if isinstance(value, CellRef) else int(value)
        threshold = int(self.scope.context.report.get("disclosure_threshold", 0) or 0)
        if n < threshold:
            words = self.scope.formatter.phrases["numbers"]["fewer_than"]
            return f"n {words} {self.scope.formatter.integer(threshold)}"
        return self.scope.formatter.base(n)

    def _globals(self) -> dict[str, Any]:
        ctx = self.scope.context
        names = {name: _Proxy(self.scope, (name,)) for name in ctx.stores}
        return {
            **names,
            "report": dict(ctx.report),
            "params": dict(ctx.params),
            "segment": ctx.segment,
            "diff": _diff,
        }

    def _finalize(self, value: Any) -> str:
        return escape_markdown(self._text(value))

    def _text(self, value: Any) -> str:
        f = self.scope.formatter
        if isinstance(value, (Comparison, Change)):
            return value.phrase()
        if isinstance(value, CellRef):
            return self.scope.number(value, f.percent)
        if value is None:
            return ""
        if isinstance(value, bool):
            return str(value)
        if isinstance(value, (int, float)) and abs(value) >= PRINTABLE:
            raise TemplateError(
                f"the number {value:.3g} is too large to print",
                hint=f"a report prints numbers below {PRINTABLE:.0e}; check the expression",
            )
        if isinstance(value, int):
            return f.integer(value)
        if isinstance(value, float):
            return f.decimal(value, 1)
        if isinstance(value, dt.date):
            return f.date(value)
        return str(value)

    def _compiled(self, text: str) -> jinja2.Template:
        """The template for ``text``; its compiled code is kept for the process (every
        engine has the same settings, so a watcher does not compile unchanged text again)."""
        code = _CODE.get(text)
        if code is None:
            code = _CODE.put(text, self.env.compile(text))
        return self.env.template_class.from_code(self.env, code, self.env.make_globals(None))

    def reads_segment(self, text: str) -> bool:
        """Whether rendering ``text`` may read the copy's segment (see :func:`reads_segment`)."""
        return reads_segment(text, self.env)

    def render(self, text: str, where: Location) -> str:
        """Render one template; errors point at the template's file and line."""
        if reads_segment(text, self.env):
            self.scope.context.reads.segment += 1
        try:
            with bounded_steps(text):
                return join_bounded(self._compiled(text).generate())
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(
                f"template syntax error: {exc.message}",
                location=_shift(where, exc.lineno),
                hint="check the {{ … }} and {% … %} brackets",
            ) from exc
        except jinja2.UndefinedError as exc:
            raise TemplateError(
                f"{exc.message}",
                location=_shift(where, _line_of(exc)),
                hint="names available: " + ", ".join(sorted(self.env.globals)),
            ) from exc
        except jinja2.exceptions.SecurityError as exc:
            raise TemplateError(
                f"not allowed in a template: {exc}",
                location=_shift(where, _line_of(exc)),
                hint="templates may only read data values and report fields",
            ) from exc
        except RapportError as exc:
            raise _relocate(exc, _shift(where, _line_of(exc))) from exc
        except RecursionError as exc:
            raise TemplateError(
                "the template calls itself without end (recursion too deep)",
                location=_shift(where, _line_of(exc)),
                hint="a macro that calls itself needs a condition that stops it",
            ) from exc
        except (TypeError, ValueError, AttributeError, ArithmeticError, MemoryError) as exc:
            raise TemplateError(
                f"cannot evaluate expression: {exc}",
                location=_shift(where, _line_of(exc)),
                hint="check the names and filters in this expression",
            ) from exc


def compile_ahead(texts: Iterable[str], formatter: Formatter) -> None:
    """Compile templates before their data is at hand (while a cold build waits for its
    data helper): the code is kept per text for the process, so rendering them later
    only runs it. Every engine compiles alike; text that does not compile is left for
    rendering to report, at its place."""
    engine = TemplateEngine(TemplateContext({}, {}, {}), formatter)
    for text in texts:
        try:
            engine.reads_segment(text)
            engine._compiled(text)
        except jinja2.TemplateError:
            continue


def reads_segment(text: str, env: jinja2.Environment) -> bool:
    """Whether rendering ``text`` may read the copy's segment: it names ``segment``, or uses
    ``report`` other than as ``report.field`` / ``report["field"]`` of another field than
    ``segment_label`` (a whole ``report``, a computed key or a method of it counts as a
    read). Names are the only way a template reaches what it is given, so text that does
    not name them renders the same in every copy. Text that does not parse counts as
    reading it (its render fails anyway)."""
    plain = unicodedata.normalize("NFKC", text)
    if "segment" not in plain and "report" not in plain:
        return False
    known = _SEGMENT_READS.get(text)
    if known is None:
        try:
            known = _names_segment(env.parse(text))
        except jinja2.TemplateSyntaxError:
            known = True
        _SEGMENT_READS.put(text, known)
    return known


def _names_segment(tree: nodes.Node) -> bool:
    stack: list[tuple[nodes.Node, nodes.Node | None]] = [(tree, None)]
    while stack:
        node, parent = stack.pop()
        if isinstance(node, nodes.Name) and node.ctx == "load":
            name = unicodedata.normalize("NFKC", node.name)
            if name == "segment":
                return True
            if name == "report" and not _other_field(node, parent):
                return True
        stack.extend((child, node) for child in node.iter_child_nodes())
    return False


def _other_field(node: nodes.Name, parent: nodes.Node | None) -> bool:
    """``report.title`` or ``report["title"]``: one field, not the segment's label."""
    if isinstance(parent, nodes.Getattr) and parent.node is node:
        name: object = parent.attr
    elif (
        isinstance(parent, nodes.Getitem)
        and parent.node is node
        and isinstance(parent.arg, nodes.Const)
    ):
        name = parent.arg.value
    else:
        return False
    return isinstance(name, str) and name != "segment_label" and not hasattr(dict, name)


_TEST_INDEX: Memo[int, tuple[Any, dict[tuple[str, str, str], Mapping[str, Any]]]] = Memo(
    "significance tests", 16
)


def _index_tests(frame: Any) -> dict[tuple[str, str, str], Mapping[str, Any]]:
    """Significance tests by (indicator, category, group); built once per test table in a
    process (the sources keep the table, so tailored copies and rebuilds share it)."""
    if frame is None:
        return {}
    held = _TEST_INDEX.get(id(frame))
    if held is not None and held[0] is frame:
        return held[1]
    if isinstance(frame, Columns):
        rows = list(frame.rows())
    else:
        names = [str(c) for c in frame.columns]
        columns = [frame[c].tolist() for c in frame.columns]
        rows = [dict(zip(names, values, strict=True)) for values in zip(*columns, strict=True)]
    index: dict[tuple[str, str, str], Mapping[str, Any]] = {
        (r["indicator"], r["category"], r["group"]): r for r in rows
    }
    _TEST_INDEX.put(id(frame), (frame, index))
    return index


def _diff(a: Any, b: Any, digits: int = 0) -> float:
    """Difference in percentage points between two cells or numbers *as shown*: each is
    rounded as ``pct`` prints it (``digits`` decimals) first, so 52 % and 28 % differ by
    24 points even when the unrounded values differ by 23,4."""
    first = round_shown(float(getattr(a, "value", a)), digits)
    return round_shown(first - round_shown(float(getattr(b, "value", b)), digits), digits)


def _line_of(exc: BaseException) -> int | None:
    """The template line a runtime error happened on (Jinja keeps it in the traceback)."""
    line = getattr(exc, "lineno", None)
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _shift(where: Location, line: int | None) -> Location:
    if line is None or where.line is None:
        return where
    return Location(where.file, where.line + line - 1, None)


def _relocate(exc: RapportError, where: Location) -> RapportError:
    kind = type(exc) if not isinstance(exc, DataError) else TemplateError
    return kind(
        exc.message,
        location=where if exc.location is None or isinstance(exc, DataError) else exc.location,
        hint=exc.hint,
    )
