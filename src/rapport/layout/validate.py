"""Merged layout tree → validated :class:`Layout`, or one LayoutError listing every problem.

Validation is driven by the records in :mod:`rapport.layout.model`: field names
are the allowed keys, type hints and ``metadata`` (``unit``, ``kind``,
``choices``, ``minimum``, ``maximum``) decide what a value may be. Only the page
geometry (custom sizes, margins and frames that leave no room for text) is
checked across fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any, get_type_hints

from ..errors import LayoutError, Location
from .convert import Bad, convert, describe, suggest
from .model import MM, Frame, Layout, Page
from .tree import Entry, Tree, find, nearest
from .values import format_length

#: The smallest text area (width and height) margins and frames must leave.
MIN_TEXT = 20 * MM
#: The narrowest text column a frame may produce.
MIN_COLUMN = 15 * MM


class LayoutProblem(LayoutError):
    """One problem in a layout file: where, which key, the bad value, what is expected."""

    def __init__(
        self, key: str, found: str, expected: str, *, location: Location, hint: str | None = None
    ) -> None:
        super().__init__(f"{key}: {found}; expected {expected}", location=location, hint=hint)
        self.key = key
        self.found = found
        self.expected = expected


@dataclass
class _Problems:
    """Problems collected in one pass over the tree."""

    tree: Tree
    fallback: Location
    found: list[LayoutProblem] = field(default_factory=list)

    def add(
        self, key: str, found: str, expected: str, hint: str | None, at: Location | None = None
    ) -> None:
        where = at or nearest(self.tree, key, self.fallback)
        self.found.append(LayoutProblem(key, found, expected, location=where, hint=hint))


def validate_tree(tree: Tree, file: Path) -> Layout:
    """Check every key and value of ``tree`` against the model; raise one LayoutError."""
    problems = _Problems(tree, Location(file))
    layout: Layout = _record(Layout(), tree, "", problems)
    _check_page(layout.page, problems)
    for name in (f.name for f in fields(layout.templates)):
        if find(tree, f"templates.{name}.frame") is not None:
            frame = getattr(layout.templates, name).frame
            _check_frame(layout.page, frame, f"templates.{name}.frame", problems)
    if problems.found:
        raise _bundle(file, problems.found)
    return layout


def _bundle(file: Path, found: list[LayoutProblem]) -> LayoutError:
    ordered = sorted(found, key=_position)
    count = f"{len(ordered)} problem" + ("s" if len(ordered) > 1 else "")
    return LayoutError(
        f"layout {str(file)!r} has {count}:", location=Location(file), problems=tuple(ordered)
    )


def _position(problem: LayoutProblem) -> tuple[str, int, int]:
    where = problem.location or Location()
    return str(where.file or ""), where.line or 0, where.column or 0


# -- the generic walk over records --------------------------------------------------------
@cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def _record(default: Any, tree: Tree, prefix: str, problems: _Problems) -> Any:
    """``default`` with every valid value of ``tree`` filled in; problems collected."""
    cls: type = type(default)
    known = [f.name for f in fields(cls)]
    for key, entry in tree.items():
        if key not in known:
            _unknown(prefix + key, key, known, entry, problems)
    changes = {}
    for f in fields(cls):
        given = tree.get(f.name)
        if given is not None:
            value = _field(
                getattr(default, f.name),
                given,
                _hints(cls)[f.name],
                f.metadata,
                prefix + f.name,
                problems,
            )
            if value is not _SKIP:
                changes[f.name] = value
    return replace(default, **changes)


_SKIP = object()


def _field(default: Any, entry: Entry, hint: Any, meta: Any, key: str, problems: _Problems) -> Any:
    if is_dataclass(hint):
        if isinstance(entry.value, dict):
            return _record(default, entry.value, key + ".", problems)
        keys = ", ".join(f.name for f in fields(hint))
        problems.add(
            key,
            f"{_shown(entry.value)} instead of a section",
            f"a section of keys ({keys})",
            f"indent the keys on the lines under '{key.rsplit('.', 1)[-1]}:'",
            entry.value_at,
        )
        return _SKIP
    try:
        return convert(entry, hint, meta)
    except Bad as bad:
        at = (bad.entry or entry).value_at
        problems.add(key, bad.found, bad.expected, bad.hint, at)
        return _SKIP


def _shown(value: Any) -> str:
    return "a list" if isinstance(value, list) else repr(value)


def _unknown(key: str, name: str, known: list[str], entry: Entry, problems: _Problems) -> None:
    hint = suggest(name, known) or _elsewhere(name) or "allowed keys here: " + ", ".join(known)
    section = key.rsplit(".", 1)[0] if "." in key else "the top level"
    problems.add(key, f"unknown key {name!r}", f"a key of {section}", hint, entry.key_at)


def _elsewhere(name: str) -> str | None:
    """``"did you mean page.margins? …"`` for a key written in the wrong section."""
    paths = [path for path, _, _, _ in _all_keys() if path.rsplit(".", 1)[-1] == name]
    if not paths or len(paths) > 3:
        return None
    return f"did you mean {' or '.join(paths)}? {name!r} belongs in that section, not here"


@cache
def _all_keys() -> tuple[tuple[str, str, Any, Any], ...]:
    return tuple(field_docs())


# -- page geometry ------------------------------------------------------------------------
def _check_page(page: Page, problems: _Problems) -> None:
    dims = ("width", "height")
    if page.size == "custom":
        missing = [d for d in dims if getattr(page, d) is None]
        for dim in missing:
            problems.add(
                f"page.{dim}",
                f"size 'custom' without a {dim}",
                f"page.{dim}",
                f"add '{dim}: 170mm' (your size) under page, or choose A4, A5 or Letter",
                nearest(problems.tree, "page.size", problems.fallback),
            )
        if missing:
            return
    else:
        for dim in dims:
            if getattr(page, dim) is not None:
                problems.add(
                    f"page.{dim}",
                    f"a {dim} with size {page.size!r}",
                    f"{dim} only with size 'custom'",
                    f"set 'size: custom' to use your own {dim}, or delete the {dim}",
                )
    _check_frame(page, Frame(), "page.margins", problems)


def _check_frame(page: Page, frame: Frame, key: str, problems: _Problems) -> None:
    width, height = page.dimensions
    m = page.margins
    top, bottom = _pick(frame.top, m.top), _pick(frame.bottom, m.bottom)
    inner, outer = _pick(frame.inner, m.inner), _pick(frame.outer, m.outer)
    text_w, text_h = width - inner - outer, height - top - bottom
    if text_w < MIN_TEXT:
        _no_room(problems, key, ("inner", "outer"), (inner, outer), width, "wide")
    if text_h < MIN_TEXT:
        _no_room(problems, key, ("top", "bottom"), (top, bottom), height, "high")
    column = (text_w - frame.column_gap * (frame.columns - 1)) / frame.columns
    if text_w >= MIN_TEXT and column < MIN_COLUMN:
        problems.add(
            f"{key}.columns",
            f"{frame.columns} columns of {format_length(column)}",
            f"columns at least {format_length(MIN_COLUMN)} wide",
            "use fewer columns or a smaller column_gap",
        )


def _pick(value: float | None, default: float) -> float:
    return default if value is None else value


def _no_room(
    problems: _Problems,
    key: str,
    sides: tuple[str, str],
    values: tuple[float, float],
    extent: float,
    adjective: str,
) -> None:
    written = [s for s in sides if find(problems.tree, f"{key}.{s}") is not None]
    where = f"{key}.{written[0]}" if written else key
    a, b = (format_length(v) for v in values)
    what = "frame lies outside the page" if key.endswith("frame") else "margins leave no room"
    problems.add(
        where,
        f"{what}: {sides[0]} {a} + {sides[1]} {b} on a page {format_length(extent)} {adjective}",
        f"a text area at least {format_length(MIN_TEXT)} {adjective}",
        f"make {key}.{sides[0]} or {key}.{sides[1]} smaller",
    )


def field_docs(cls: type = Layout) -> list[tuple[str, str, Any, Any]]:
    """Every key path of ``cls`` (sections too) with its type description, default, metadata."""
    return field_docs_of(cls(), "")


def field_docs_of(record: Any, prefix: str) -> list[tuple[str, str, Any, Any]]:
    """Like :func:`field_docs`, with the defaults taken from ``record``."""
    rows: list[tuple[str, str, Any, Any]] = []
    cls: type = type(record)
    for f in fields(cls):
        hint = _hints(cls)[f.name]
        value = getattr(record, f.name)
        if is_dataclass(hint):
            rows.append((prefix + f.name, "section", value, f.metadata))
            rows.extend(field_docs_of(value, prefix + f.name + "."))
        else:
            rows.append((prefix + f.name, describe(hint, f.metadata), value, f.metadata))
    return rows
