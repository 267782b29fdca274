"""Layout YAML → a tree of :class:`Entry` values that remember file, line and column.

Inheritance merges these trees, so after ``extends`` every value still knows the
file it was written in (for error messages and for font paths relative to it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ruamel.yaml.scalarbool import ScalarBoolean

from ..errors import Location
from ..yamlsrc import key_location, node_location, value_location


@dataclass(frozen=True)
class Entry:
    """One written value: a scalar, ``list[Entry]`` or ``dict[str, Entry]``, and where it is."""

    value: Any
    key_at: Location
    value_at: Location
    folder: Path
    comment: str | None = None  # a comment right after an empty value ('zebra: #eef2f4')
    root: Path | None = None  # files it names (fonts) must lie inside this folder


Tree = dict[str, Entry]


def to_tree(node: Mapping[Any, Any], path: Path, root: Path | None = None) -> Tree:
    """A parsed YAML mapping → ``{key: Entry}`` (recursively); ``root`` confines the files
    its values name."""
    return {str(key): _entry(node, key, path, root) for key in node}


def _entry(parent: Any, key: Any, path: Path, root: Path | None) -> Entry:
    child = parent[key]
    key_at = _safe(key_location, parent, key, path)
    if isinstance(child, Mapping):
        value: Any = to_tree(child, path, root)
        value_at = node_location(child, path)
    elif isinstance(child, list):
        value = [_entry(child, i, path, root) for i in range(len(child))]
        value_at = node_location(child, path)
    else:
        value = _scalar(child)
        # an empty value has no position of its own: point at its key
        value_at = key_at if child is None else _safe(value_location, parent, key, path)
        if child is None:
            comment = _comment_after(parent, key)
            return Entry(None, key_at, value_at, path.parent, comment, root)
    return Entry(value, key_at, value_at, path.parent, root=root)


def _comment_after(parent: Any, key: Any) -> str | None:
    tokens = getattr(getattr(parent, "ca", None), "items", {}).get(key)
    token = tokens[2] if tokens and len(tokens) > 2 else None
    return token.value.strip() if token is not None else None


def _safe(
    locate: Callable[[Any, Any, Path], Location], parent: Any, key: Any, path: Path
) -> Location:
    """Keys brought in by YAML merge keys (``<<: *base``) have no position of their own."""
    try:
        return locate(parent, key, path)
    except (KeyError, TypeError, IndexError):
        return node_location(parent, path)


def _scalar(value: Any) -> Any:
    """ruamel's round-trip scalar subclasses → plain Python values."""
    if isinstance(value, (bool, ScalarBoolean)):
        return bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return str(value)
    return value


def merge(parent: Tree, child: Tree) -> Tree:
    """Deep-merge ``child`` over ``parent``: mappings merge key by key, anything else replaces."""
    merged = dict(parent)
    for key, entry in child.items():
        old = merged.get(key)
        if old is not None and isinstance(old.value, dict) and isinstance(entry.value, dict):
            merged[key] = replace(entry, value=merge(old.value, entry.value))
        else:
            merged[key] = entry
    return merged


def plain(tree: Tree) -> dict[str, Any]:
    """The tree without positions: nested dicts, lists and scalars."""
    return {key: _plain(entry.value) for key, entry in tree.items()}


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return plain(value)
    if isinstance(value, list):
        return [_plain(item.value) for item in value]
    return value


def find(tree: Tree, dotted: str) -> Entry | None:
    """The entry at a dotted key path (``"page.margins.top"``), or ``None``."""
    node: Any = tree
    entry = None
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        entry = node[part]
        node = entry.value
    return entry


def nearest(tree: Tree, dotted: str, fallback: Location) -> Location:
    """Where ``dotted`` is written, or its closest written ancestor, or ``fallback``."""
    parts = dotted.split(".")
    for end in range(len(parts), 0, -1):
        entry = find(tree, ".".join(parts[:end]))
        if entry is not None:
            return entry.value_at if end == len(parts) else entry.key_at
    return fallback
