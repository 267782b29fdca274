"""Typed values out of the round-trip YAML of ``report.yaml``, each problem a
:class:`ProjectError` at the value's ``file:line:column`` with what to write instead.

The section validators (:mod:`.load`, :mod:`.data`, :mod:`.exhibits`) read through
:class:`Fields`; no file outside the project folder is ever accepted.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import Location, ProjectError, RapportError
from ..formatting import validate_locale
from ..yamlsrc import key_location, value_location
from .model import MAX_TITLE


class Fields:
    """The report definition's mapping, with getters that validate as they read."""

    def __init__(self, file: Path, raw: Mapping[str, Any]) -> None:
        self.file = file
        self.root = file.parent
        self.raw = raw

    def where(self, key: str, node: Any = None) -> Location:
        return value_location(self.raw if node is None else node, key, self.file)

    def text(self, key: str, default: str = "", node: Any = None) -> str:
        node = self.raw if node is None else node
        value = node.get(key, default)
        if value is None:
            return default
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise ProjectError(
                f"'{key}' must be text, not {kind_of(value)}",
                location=self.where(key, node),
                hint=f'write {key}: "…"',
            )
        return str(value)

    def strings(self, key: str) -> tuple[str, ...]:
        value = self.raw.get(key) or []
        if isinstance(value, str):
            return (value,)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ProjectError(
                f"'{key}' must be a list of text lines",
                location=self.where(key),
                hint=f'write {key}: ["…", "…"]',
            )
        return tuple(value)

    def short(self, key: str, node: Any = None, limit: int = MAX_TITLE) -> str:
        """A text the layout sets on one page (cover lines, captions): at most ``limit``."""
        value = self.text(key, "", node)
        if len(value) > limit:
            raise ProjectError(
                f"'{key}' is {len(value):,} characters long; at most {limit:,} fit where it "
                "is printed",
                location=self.where(key, node),
                hint="shorten it; longer text belongs in a chapter",
            )
        return value

    def language(self, node: Any, key: str = "language") -> str:
        value = self.text(key, "da_DK", node)
        try:
            validate_locale(value)
        except RapportError as exc:
            raise ProjectError(exc.message, location=self.where(key, node), hint=exc.hint) from exc
        return value

    def path(self, ref: Any, where: Location, what: str) -> Path:
        """A file named in the definition: it exists and lies inside the project folder."""
        if not isinstance(ref, str) or not ref:
            raise ProjectError(f"{what} must be a file name", location=where)
        path = (self.root / ref).resolve()
        if not path.is_relative_to(self.root.resolve()):
            raise ProjectError(
                f"{what} {ref!r} points outside the project folder",
                location=where,
                hint="copy the file into the project folder; rapport reads nothing outside it",
            )
        if not path.is_file():
            raise ProjectError(
                f"{what} {ref!r} does not exist", location=where, hint=near_file(self.root, ref)
            )
        return path


def check_keys(node: Any, allowed: Any, file: Path, what: str) -> None:
    if not isinstance(node, Mapping):
        return
    for key in node:
        if key not in allowed:
            raise ProjectError(
                f"unknown key {key!r} in {what}",
                location=key_location(node, key, file),
                hint=did_you_mean(str(key), list(allowed), "allowed keys"),
            )


def did_you_mean(word: str, options: list[str], what: str) -> str:
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if close:
        return f"did you mean {close[0]!r}?"
    return f"{what}: " + ", ".join(sorted(options))


def near_file(root: Path, ref: str) -> str:
    names = sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
    return did_you_mean(ref, names, "files in the project")[:300]


def kind_of(value: Any) -> str:
    for kind, name in ((bool, "true/false"), (Mapping, "a mapping"), (list, "a list")):
        if isinstance(value, kind):
            return name
    return type(value).__name__
