"""Layout name or file (with ``extends`` inheritance) → validated :class:`Layout`.

A layout is named either as a shipped layout (``rapport``, ``brief``, …, the
files in the bundled ``layouts/`` folder) or as a path to a YAML file. A file
may say ``extends: <shipped name>`` or ``extends: <file relative to it>``; its
mapping is deep-merged over the parent's (mappings key by key, everything else
— lists included — replaced), then the result is validated as a whole.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..errors import LayoutError, Location
from ..resources import layouts_dir
from ..yamlsrc import key_location, load_yaml, read_text
from .convert import suggest
from .model import Layout
from .tree import Entry, Tree, merge, to_tree
from .validate import validate_tree

SUFFIXES = (".yaml", ".yml")
_EMPTY_THEN_COMMENT = re.compile(r":[ \t]*#")


GENERIC_NAMES = ("layout", "layouts")


def shipped_layouts() -> dict[str, Path]:
    """The shipped layouts by name, sorted."""
    folder = layouts_dir()
    return {p.stem: p for p in sorted(folder.glob("*.yaml")) if p.is_file()}


def load_layout(
    name_or_path: str | Path, *, search: Path | None = None, root: Path | None = None
) -> Layout:
    """A shipped layout name or a layout file → a validated :class:`Layout`.

    ``search`` is a folder tried first for relative paths and for ``<name>.yaml``
    (e.g. the report project's folder). With ``root`` (a layout named in a report
    definition) the file must lie inside that folder or be shipped; ``extends`` and
    font files must lie inside ``root`` — else the layout file's own folder — or be
    shipped. Raises :class:`LayoutError`.
    """
    path = locate_layout(name_or_path, search=search)
    if root is not None and not _confined(path, root.resolve()):
        raise LayoutError(
            f"layout file {str(name_or_path)!r} lies outside the project folder",
            hint="copy the layout into the project folder, or name it with --layout",
        )
    fence = (root or path.parent).resolve()
    own = _read(path, fence)
    tree = _inherit(own, path, (path,), fence)
    layout = validate_tree(tree, path)
    extends = own["extends"].value if "extends" in own else None
    return replace(layout, name=_name(own, path, fence), extends=extends)


def _name(own: Tree, path: Path, root: Path) -> str:
    """The layout's own ``name``, else its file name — except a file called just
    ``layout.yaml``, which is named after the layout it extends (the colophon prints
    the name, and "layout" says nothing)."""
    if "name" in own:
        return str(own["name"].value)
    entry = own.get("extends")
    if path.stem.casefold() not in GENERIC_NAMES or entry is None or entry.value is None:
        return path.stem
    parent = _parent_file(entry, path, root)
    return _name(_read(parent, root), parent, root)


def locate_layout(name_or_path: str | Path, *, search: Path | None = None) -> Path:
    """The file a layout name or path refers to; :class:`LayoutError` when there is none."""
    text = str(name_or_path)
    if isinstance(name_or_path, Path) or _looks_like_path(text):
        return _existing_file(Path(text), search)
    folders = ([search] if search is not None else []) + [layouts_dir()]
    for folder in folders:
        for suffix in SUFFIXES:
            if (folder / f"{text}{suffix}").is_file():
                return (folder / f"{text}{suffix}").resolve()
    names = list(shipped_layouts())
    raise LayoutError(
        f"there is no layout called {text!r}",
        hint=suggest(text, names)
        or "shipped layouts: " + ", ".join(names) + "; or give the path of a .yaml file",
    )


def _looks_like_path(text: str) -> bool:
    return "/" in text or "\\" in text or text.endswith(SUFFIXES)


def _existing_file(path: Path, search: Path | None) -> Path:
    candidates = [path]
    if search is not None and not path.is_absolute():
        candidates.insert(0, search / path)
    for candidate in candidates:
        if candidate.is_file():
            return candidate.resolve()
    if path.is_dir():
        raise LayoutError(
            f"{str(path)!r} is a folder, not a layout file",
            hint="give the path of the layout's .yaml file",
        )
    raise LayoutError(
        f"layout file {str(path)!r} does not exist",
        hint="check the path, or name a shipped layout: " + ", ".join(shipped_layouts()),
    )


def _confined(path: Path, root: Path) -> bool:
    """Whether a resolved file lies inside ``root`` or among the shipped layouts."""
    return path.is_relative_to(root) or path.is_relative_to(layouts_dir().resolve())


def _read(path: Path, root: Path | None = None) -> Tree:
    """One layout file → its tree (``extends`` still in it).

    Read with libyaml (see :func:`~rapport.yamlsrc.load_yaml`), unless a key has no value
    and a comment follows it (``zebra: #eef2f4``): then ruamel.yaml keeps the comment,
    which the error message quotes."""
    text = read_text(path, LayoutError)
    data = load_yaml(path, LayoutError, text, fast=True)
    if _EMPTY_THEN_COMMENT.search(text) and _commented_empty(data, text.splitlines(), path):
        data = load_yaml(path, LayoutError, text)
    if data is None:
        raise LayoutError(
            "the layout file is empty",
            location=Location(path, 1, 1),
            hint="start from a shipped layout: rapport layouts init rapport",
        )
    if not isinstance(data, Mapping):
        kind = "a list" if isinstance(data, list) else f"the single value {data!r}"
        raise LayoutError(
            f"a layout must be a mapping of keys, not {kind}",
            location=Location(path, 1, 1),
            hint="write 'key: value' lines, e.g. 'extends: rapport'",
        )
    shipped = path.is_relative_to(layouts_dir().resolve())
    return to_tree(data, path, None if shipped else root)


def _commented_empty(node: Any, lines: list[str], path: Path) -> bool:
    """Whether a key without a value has a comment after it on its line."""
    if isinstance(node, Mapping):
        for key, value in node.items():
            if value is None:
                line = key_location(node, key, path).line
                if line is not None and _EMPTY_THEN_COMMENT.search(lines[line - 1]):
                    return True
            elif _commented_empty(value, lines, path):
                return True
    if isinstance(node, list):
        return any(_commented_empty(v, lines, path) for v in node)
    return False


def _inherit(own: Tree, path: Path, chain: tuple[Path, ...], root: Path) -> Tree:
    """``own`` merged over its ancestors, ``extends`` removed."""
    entry = own.get("extends")
    own = {k: v for k, v in own.items() if k != "extends"}
    if entry is None or entry.value is None:
        return own
    parent = _parent_file(entry, path, root)
    if parent in chain:
        circle = " → ".join(p.name for p in (*chain, parent))
        raise LayoutError(
            f"extends: layouts extend each other in a circle: {circle}",
            location=entry.value_at,
            hint="remove 'extends' from one of these files",
        )
    return merge(_inherit(_read(parent, root), parent, (*chain, parent), root), own)


def _parent_file(entry: Entry, path: Path, root: Path) -> Path:
    value = entry.value
    if not isinstance(value, str) or not value.strip():
        raise LayoutError(
            f"extends: {value!r} is not a layout name or file",
            location=entry.value_at,
            hint="write a shipped layout name, e.g. 'extends: rapport', "
            "or a file next to this one, e.g. 'extends: house.yaml'",
        )
    if _looks_like_path(value):
        candidate = path.parent / value
        if candidate.is_file():
            if not _confined(candidate.resolve(), root):
                raise LayoutError(
                    f"extends: layout file {value!r} lies outside the folder {str(root)!r}",
                    location=entry.value_at,
                    hint="copy the parent layout into the project folder, "
                    "or extend a shipped layout",
                )
            return candidate.resolve()
        raise LayoutError(
            f"extends: layout file {value!r} does not exist (looked in {path.parent})",
            location=entry.value_at,
            hint="give the parent layout's path relative to this file",
        )
    shipped = shipped_layouts()
    if value in shipped:
        return shipped[value].resolve()
    raise LayoutError(
        f"extends: there is no shipped layout called {value!r}",
        location=entry.value_at,
        hint=suggest(value, list(shipped))
        or "shipped layouts: " + ", ".join(shipped) + "; for a file write its name with .yaml",
    )
