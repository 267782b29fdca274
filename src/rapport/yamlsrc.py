"""YAML that remembers where every value came from (ruamel.yaml round-trip nodes).

Both report definitions and layout files are read here, so an error found much
later ("figure 'q7' has no data") can still point at ``file:line:column``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError

from .errors import Location, RapportError
from .memo import Memo


def read_text(path: Path, error: type[RapportError]) -> str:
    """Read a UTF-8 text file, turning I/O and decoding problems into ``error``; a NUL
    character (a binary or UTF-16 file) is reported at its line and column."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise error(
            f"file {str(path)!r} does not exist", hint="check the path and the spelling"
        ) from exc
    except IsADirectoryError as exc:
        raise error(f"{str(path)!r} is a folder, not a file") from exc
    except UnicodeDecodeError as exc:
        raise error(
            f"file {str(path)!r} is not UTF-8 text (byte {exc.start})",
            hint="save the file as UTF-8",
        ) from exc
    if "\x00" in text:
        at = text.index("\x00")
        line = text.count("\n", 0, at) + 1
        raise error(
            "the file contains a NUL character (U+0000)",
            location=Location(path, line, at - (text.rfind("\n", 0, at) + 1) + 1),
            hint="remove it; if the file was saved as UTF-16, save it as UTF-8",
        )
    return text


_PARSED: Memo[tuple[str, str, bool], Any] = Memo("yaml", 64)
MAX_CHARS = 4_000_000
"""Longest YAML file read (a report definition or questionnaire is far smaller)."""
MAX_DEPTH = 100
MAX_VALUES = 200_000
"""Most values a YAML file may hold once its aliases (``*name``) are written out."""
_ALIAS = re.compile(r"(?:^|[\s\[{,:-])\*[^\s,\]}]+", re.M)
# an alias needs an anchor (``&name``) to refer to: without one, "**bold**" is no alias
_ANCHOR = re.compile(r"(?:^|[\s\[{,:-])&[^\s,\]}]+", re.M)


def load_yaml(
    path: Path, error: type[RapportError], text: str | None = None, *, fast: bool = False
) -> Any:
    """Parse YAML keeping positions; syntax errors become ``error`` with line and column.

    ``fast`` parses with libyaml and rebuilds the same position-keeping mappings (no
    comments, which only layouts use); anything libyaml will not parse cleanly goes
    through ruamel.yaml, so messages stay the same. Parsed documents are remembered per
    path and text for the life of the process (a watcher does not parse an unchanged
    file again); callers treat the result as read-only.
    """
    source = read_text(path, error) if text is None else text
    key = (str(path), source, fast)
    if key not in _PARSED:
        try:
            measured = _check_bounds(path, error, source)
            parsed = _parsed_fast(path, error, source) if fast else None
            if parsed is None:
                if not measured:
                    _check_depth(path, error, source)
                parsed = _parse(path, error, source)
            _PARSED.put(key, parsed)
        except RecursionError as exc:
            raise error(
                "the YAML is nested too deeply",
                location=Location(path),
                hint="a report file needs a few levels of indentation, not hundreds",
            ) from exc
    return _PARSED[key]


def _parsed_fast(path: Path, error: type[RapportError], source: str) -> Any:
    """:func:`_fast_parse`, which also measures the nesting as it goes."""
    try:
        return _fast_parse(source)
    except _TooDeep as deep:
        raise _deep_error(path, error, deep.line) from None


def _check_depth(path: Path, error: type[RapportError], source: str) -> None:
    deep = _too_deep(source)
    if deep is not None:
        raise _deep_error(path, error, deep)


def _deep_error(path: Path, error: type[RapportError], line: int) -> RapportError:
    return error(
        f"the YAML is nested more than {MAX_DEPTH} levels deep",
        location=Location(path, line),
        hint="a report file needs a few levels of indentation, not hundreds",
    )


def _check_bounds(path: Path, error: type[RapportError], source: str) -> bool:
    """Refuse a huge file, or one whose aliases expand to more than :data:`MAX_VALUES`
    values (a "billion laughs" bomb), before anything expands them. Nesting is measured
    by the parse (:func:`_fast_parse`, or :func:`_check_depth` before ruamel.yaml), or
    here first when there are aliases to count; True when it was measured here."""
    if len(source) > MAX_CHARS:
        raise error(
            f"the file is {len(source):,} characters long; YAML files up to "
            f"{MAX_CHARS:,} characters are read",
            location=Location(path),
            hint="is this the right file? Put data in a CSV file, not in YAML",
        )
    alias = _ALIAS.search(source)
    if alias is None or _ANCHOR.search(source) is None:
        return False
    _check_depth(path, error, source)  # first: counting a deep document would recurse too far
    size = _expanded_size(source)
    if size is not None and size > MAX_VALUES:
        line = source.count("\n", 0, alias.start()) + 1
        raise error(
            f"the aliases (*name) expand to more than {MAX_VALUES:,} values",
            location=Location(path, line),
            hint="write the values out, or use fewer nested aliases",
        )
    return True


def _too_deep(source: str) -> int | None:
    """The line where nesting passes :data:`MAX_DEPTH` levels (libyaml's events), if any."""
    if source.count("[") + source.count("{") + source.count(":") < MAX_DEPTH:
        return None
    try:
        import yaml

        loader = yaml.CSafeLoader(source)
    except (ImportError, AttributeError):  # pragma: no cover - PyYAML with libyaml
        return None
    depth = 0
    try:
        while (event := loader.get_event()) is not None:
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    return int(mark.line) + 1 if mark is not None else 1
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError as exc:  # libyaml stops at 1000 levels itself
        mark = getattr(exc, "problem_mark", None)
        return int(mark.line) + 1 if "nesting depth" in str(exc) and mark else None
    finally:
        loader.dispose()
    return None


def _expanded_size(source: str) -> int | None:
    """How many values the document holds with every alias written out (None: leave the
    verdict to the parser). Shared nodes are counted once per use, without expanding."""
    try:
        import yaml

        loader = yaml.CSafeLoader(source)
    except (ImportError, AttributeError):  # pragma: no cover - PyYAML with libyaml
        return None
    try:
        node = loader.get_single_node()
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    sizes: dict[int, int] = {}

    def size(item: Any) -> int:
        if id(item) not in sizes:
            sizes[id(item)] = 0  # a node inside itself counts once
            children = item.value if isinstance(item.value, list) else []
            parts = [
                p for child in children for p in (child if isinstance(child, tuple) else (child,))
            ]
            sizes[id(item)] = min(1 + sum(size(p) for p in parts), MAX_VALUES + 1)
        return sizes[id(item)]

    return None if node is None else size(node)


class _TooDeep(Exception):
    """Nesting past :data:`MAX_DEPTH`, at ``line`` (1-based)."""

    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


class _Duplicate(Exception):
    """Something the fast path leaves to ruamel.yaml: a repeated key (reported there with
    its place), an explicit tag or a special scalar."""


def _fast_parse(source: str) -> Any:
    """libyaml's node tree → CommentedMap/CommentedSeq with line/column data, or None;
    :class:`_TooDeep` for nesting past :data:`MAX_DEPTH`."""
    try:
        import yaml
    except ImportError:  # pragma: no cover - PyYAML is a dependency
        return None
    loader_class = getattr(yaml, "CSafeLoader", None)
    if loader_class is None:  # pragma: no cover - PyYAML without libyaml
        return None
    loader = loader_class(source)
    try:
        node = loader.get_single_node()
        return None if node is None else _convert(node, loader)
    except (yaml.YAMLError, _Duplicate, TypeError, ValueError):
        return None
    finally:
        loader.dispose()


def _convert(node: Any, loader: Any, depth: int = 1) -> Any:
    import yaml

    if depth > MAX_DEPTH and isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
        raise _TooDeep(int(node.start_mark.line) + 1)

    if isinstance(node, yaml.MappingNode):
        out = CommentedMap()
        out._yaml_set_line_col(node.start_mark.line, node.start_mark.column)
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _Duplicate("merge key")  # '<<: *base' is merged by ruamel.yaml
            key = _convert(key_node, loader, depth + 1)
            if key in out:
                raise _Duplicate(key)
            out[key] = _convert(value_node, loader, depth + 1)
            out.lc.add_kv_line_col(
                key,
                [
                    key_node.start_mark.line,
                    key_node.start_mark.column,
                    value_node.start_mark.line,
                    value_node.start_mark.column,
                ],
            )
        return out
    if isinstance(node, yaml.SequenceNode):
        seq = CommentedSeq()
        seq._yaml_set_line_col(node.start_mark.line, node.start_mark.column)
        for i, item in enumerate(node.value):
            seq.append(_convert(item, loader, depth + 1))
            seq.lc.add_kv_line_col(i, [item.start_mark.line, item.start_mark.column])
        return seq
    return _scalar(node)


_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_OTHER = re.compile(
    r"^(?:0o|0x|[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)$|[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ])"
)


def _scalar(node: Any) -> Any:
    """A scalar typed by the YAML 1.2 core schema, as ruamel.yaml types it (plus dates)."""
    value = node.value
    if node.style not in (None, "") or node.tag not in _IMPLICIT:
        if node.tag not in _IMPLICIT and node.tag != "tag:yaml.org,2002:str":
            raise _Duplicate("explicit tag")  # rare: leave it to ruamel.yaml
        return value
    if _NULL.match(value):
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT.match(value):
        return int(value)
    if _FLOAT.match(value):
        return float(value)
    if _DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:  # 2026-13-45: left as text, so the reader reports it at its line
            return value
    if _OTHER.match(value):
        raise _Duplicate("special scalar")
    return value


_IMPLICIT = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:value",
    "tag:yaml.org,2002:merge",
}


def _parse(path: Path, error: type[RapportError], source: str) -> Any:
    yaml = YAML(typ="rt", pure=True)
    try:
        return yaml.load(source)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(path, mark.line + 1, mark.column + 1) if mark else Location(path)
        raise error(
            f"malformed YAML: {exc.problem or exc.context}",
            location=where,
            hint="check indentation, colons and quotes around this place",
        ) from exc
    except Exception as exc:  # ruamel raises a few unmarked errors (e.g. duplicate keys)
        raise error(
            f"malformed YAML: {exc}", location=Location(path), hint="check the file's syntax"
        ) from exc


def key_location(node: Any, key: Any, path: str | Path | None) -> Location:
    """Where ``node[key]`` is written (the key's line and column)."""
    if isinstance(node, CommentedMap) and key in node:
        line, col = node.lc.key(key)
        return Location(path, line + 1, col + 1)
    if isinstance(node, CommentedSeq) and isinstance(key, int) and key < len(node):
        line, col = node.lc.item(key)
        return Location(path, line + 1, col + 1)
    return node_location(node, path)


def value_location(node: Any, key: Any, path: str | Path | None) -> Location:
    """Where the *value* of ``node[key]`` is written."""
    if isinstance(node, CommentedMap) and key in node:
        line, col = node.lc.value(key)
        return Location(path, line + 1, col + 1)
    return key_location(node, key, path)


def node_location(node: Any, path: str | Path | None) -> Location:
    """Where a mapping or sequence starts."""
    lc = getattr(node, "lc", None)
    if lc is not None and lc.line is not None:
        return Location(path, lc.line + 1, lc.col + 1)
    return Location(path)


def plain(node: Any) -> Any:
    """Round-trip nodes → plain dicts, lists and scalars (positions dropped)."""
    if isinstance(node, Mapping):
        return {str(k): plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v) for v in node]
    if hasattr(node, "value") and type(node).__module__.startswith("ruamel"):
        return node.value
    return node
