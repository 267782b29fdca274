"""YAML that remembers where every value came from (ruamel.yaml round-trip nodes).

Both report definitions and layout files are read here, so an error found much
later ("figure 'q7' has no data") can still point at ``file:line:column``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError

from .errors import Location, RapportError


def read_text(path: Path, error: type[RapportError]) -> str:
    """Read a UTF-8 text file, turning I/O and decoding problems into ``error``."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise error(f"file {str(path)!r} does not exist",
                    hint="check the path and the spelling") from exc
    except IsADirectoryError as exc:
        raise error(f"{str(path)!r} is a folder, not a file") from exc
    except UnicodeDecodeError as exc:
        raise error(f"file {str(path)!r} is not UTF-8 text (byte {exc.start})",
                    hint="save the file as UTF-8") from exc


_PARSED: dict[tuple[str, str], Any] = {}
_PARSED_MAX = 64


def load_yaml(path: Path, error: type[RapportError], text: str | None = None) -> Any:
    """Parse YAML keeping positions; syntax errors become ``error`` with line and column.

    Parsed documents are remembered per path and text for the life of the process (a
    watcher rebuilding after a chapter edit does not parse an unchanged report.yaml
    again); callers treat the result as read-only.
    """
    source = read_text(path, error) if text is None else text
    key = (str(path), source)
    if key not in _PARSED:
        if len(_PARSED) >= _PARSED_MAX:
            _PARSED.clear()
        _PARSED[key] = _parse(path, error, source)
    return _PARSED[key]


def _parse(path: Path, error: type[RapportError], source: str) -> Any:
    yaml = YAML(typ="rt", pure=True)
    try:
        return yaml.load(source)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(path, mark.line + 1, mark.column + 1) if mark else Location(path)
        raise error(f"malformed YAML: {exc.problem or exc.context}", location=where,
                    hint="check indentation, colons and quotes around this place") from exc
    except Exception as exc:  # ruamel raises a few unmarked errors (e.g. duplicate keys)
        raise error(f"malformed YAML: {exc}", location=Location(path),
                    hint="check the file's syntax") from exc


def key_location(node: Any, key: Any, path: Path | None) -> Location:
    """Where ``node[key]`` is written (the key's line and column)."""
    if isinstance(node, CommentedMap) and key in node:
        line, col = node.lc.key(key)
        return Location(path, line + 1, col + 1)
    if isinstance(node, CommentedSeq) and isinstance(key, int) and key < len(node):
        line, col = node.lc.item(key)
        return Location(path, line + 1, col + 1)
    return node_location(node, path)


def value_location(node: Any, key: Any, path: Path | None) -> Location:
    """Where the *value* of ``node[key]`` is written."""
    if isinstance(node, CommentedMap) and key in node:
        line, col = node.lc.value(key)
        return Location(path, line + 1, col + 1)
    return key_location(node, key, path)


def node_location(node: Any, path: Path | None) -> Location:
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
