"""One written layout value + its field's type and metadata → a checked Python value.

Every converter either returns the value the :class:`~rapport.layout.model.Layout`
record stores or raises :class:`Bad` saying what was found, what is expected and
what to do; :mod:`rapport.layout.validate` turns that into a located problem.
"""

from __future__ import annotations

import difflib
import io
import math
import re
import string
import types
from collections.abc import Callable, Mapping
from dataclasses import is_dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal, Union, cast, get_args, get_origin

from reportlab.pdfbase.ttfonts import TTFError, TTFont

from ..errors import FontError
from ..fonts import resolve_font_file
from ..resources import fonts_dir
from .tree import Entry
from .values import (
    COLOR_EXAMPLE,
    CSS_COLORS,
    LENGTH_EXAMPLE,
    format_length,
    parse_color,
    parse_length,
)

#: The fields a running header or footer may use, e.g. ``"Side {page} af {pages}"``.
RUNNING_FIELDS = (
    "title",
    "subtitle",
    "chapter",
    "page",
    "pages",
    "date",
    "edition",
    "publisher",
    "segment",
)

#: Characters every layout font must have: Danish letters, no-break space, minus sign.
REQUIRED_GLYPHS = "æøåÆØÅ\u00a0\u2212"


_HEX_WORD = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")


class Bad(Exception):
    """A written value is wrong: what was found, what is expected, what to do."""

    def __init__(
        self, found: str, expected: str, hint: str | None = None, entry: Entry | None = None
    ) -> None:
        super().__init__(found)
        self.found = found
        self.expected = expected
        self.hint = hint
        self.entry = entry


def suggest(word: str, options: list[str] | tuple[str, ...]) -> str | None:
    """``"did you mean 'colors'?"`` for a near miss, else ``None``."""
    lowered = {o.lower(): o for o in options}
    if word.lower() in lowered:
        return f"did you mean {lowered[word.lower()]!r}? (spelling is case-sensitive)"
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else None


def unwrap(hint: Any) -> tuple[Any, bool]:
    """``float | None`` → ``(float, True)``; ``float`` → ``(float, False)``."""
    if get_origin(hint) in (types.UnionType, Union):
        args = [a for a in get_args(hint) if a is not type(None)]
        return args[0], len(args) < len(get_args(hint))
    return hint, False


def describe(hint: Any, meta: Mapping[str, Any]) -> str:
    """A reader's name for what a field accepts, e.g. ``"length"``, ``"one of A4, A5"``."""
    base, optional = unwrap(hint)
    text = _kind_name(base, meta)
    return f"{text} or null" if optional else text


def _kind_name(base: Any, meta: Mapping[str, Any]) -> str:
    kind = meta.get("kind") or meta.get("unit")
    names = {
        "length": "length",
        "color": "colour",
        "colors": "list of colours",
        "font": "font file",
        "fields": "text with {fields}",
        "image": "image file (PNG, JPEG, SVG)",
    }
    if kind in names:
        return names[kind]
    if meta.get("choices"):
        return "choice"
    if is_dataclass(base):
        return "section"
    return {bool: "true/false", int: "whole number", float: "number", str: "text"}.get(
        base, "list of texts"
    )


def range_text(meta: Mapping[str, Any], shown: Callable[[float], str] = "{:g}".format) -> str:
    """``"from 5 to 24"``, ``"at least 0"`` or ``"greater than 0"`` (the default rule)."""
    low, high = meta.get("minimum"), meta.get("maximum")
    if low is not None and high is not None:
        return f"from {shown(low)} to {shown(high)}"
    if low is not None:
        return f"at least {shown(low)}"
    if high is not None:
        return f"greater than 0 and at most {shown(high)}"
    return "greater than 0"


def convert(entry: Entry, hint: Any, meta: Mapping[str, Any]) -> Any:
    """The checked value of ``entry`` for a field of type ``hint``; raises :class:`Bad`."""
    base, optional = unwrap(hint)
    if entry.value is None:
        if _colour_in_comment(entry, meta):
            colour = (entry.comment or "").split()[0]
            raise Bad(
                f"no value: {colour!r} is read as a YAML comment",
                f"a colour in quotes, e.g. '{colour}'",
                _empty_hint(meta),
            )
        if optional:
            return None
        raise Bad("an empty value (null)", "a " + describe(hint, meta), _empty_hint(meta))
    return _converter(base, meta)(entry, meta)


def _colour_in_comment(entry: Entry, meta: Mapping[str, Any]) -> bool:
    """``zebra: #eef2f4`` reads as null followed by a comment: almost surely a mistake."""
    text = (entry.comment or "").split()
    return meta.get("kind") == "color" and bool(text) and bool(_HEX_WORD.match(text[0]))


def _empty_hint(meta: Mapping[str, Any]) -> str:
    if meta.get("kind") in ("color", "colors"):
        return "in YAML '#' starts a comment: put the colour in quotes, e.g. '#0b4f6c'"
    return "write a value after the colon, or delete the line to keep the default"


def _converter(base: Any, meta: Mapping[str, Any]) -> Callable[[Entry, Mapping[str, Any]], Any]:
    kind = meta.get("kind") or meta.get("unit")
    by_kind = {
        "length": _length,
        "color": _color,
        "colors": _colors,
        "font": _font,
        "fields": _fields,
        "image": _image,
    }
    if kind in by_kind:
        return by_kind[kind]
    if meta.get("choices") or get_origin(base) is Literal:
        return _choice
    return {bool: _bool, int: _int, float: _float, str: _str}.get(base, _str_list)


def _found(value: Any) -> str:
    if isinstance(value, dict):
        return "a section"
    if isinstance(value, list):
        return "a list" if value else "an empty list"
    return repr(value)


def _bool(entry: Entry, meta: Mapping[str, Any]) -> bool:
    if not isinstance(entry.value, bool):
        raise Bad(
            _found(entry.value),
            "true or false",
            "write true or false without quotes (yes/no/ja/nej are text in YAML 1.2)",
        )
    return entry.value


def _number(entry: Entry, meta: Mapping[str, Any], kinds: tuple[type, ...], name: str) -> Any:
    value = entry.value
    if isinstance(value, bool) or not isinstance(value, kinds):
        hint = "write the number without quotes or units" if isinstance(value, str) else None
        raise Bad(_found(value), name, hint)
    _check_range(cast(float, value), meta, name, _found(value))
    return value


def _int(entry: Entry, meta: Mapping[str, Any]) -> int:
    return int(_number(entry, meta, (int,), "a whole number"))


def _float(entry: Entry, meta: Mapping[str, Any]) -> float:
    return float(_number(entry, meta, (int, float), "a number"))


def _check_range(
    value: float,
    meta: Mapping[str, Any],
    name: str,
    found: str,
    shown: Callable[[float], str] = "{:g}".format,
) -> None:
    low, high = meta.get("minimum"), meta.get("maximum")
    too_low = value < low if low is not None else value <= 0
    if not math.isfinite(value) or too_low or (high is not None and value > high):
        wanted = range_text(meta, shown)
        wanted = f"of {wanted}" if wanted.startswith("at least") else wanted
        raise Bad(found, f"{name} {wanted}", f"use a value {wanted}")


def _length(entry: Entry, meta: Mapping[str, Any]) -> float:
    try:
        points = parse_length(entry.value)
    except ValueError as exc:
        raise Bad(
            _found(entry.value),
            LENGTH_EXAMPLE,
            "write a number followed by one of the units mm, cm, pt or in",
        ) from exc
    _check_range(
        points, meta, "a length", _found(entry.value), lambda v: format_length(v) if v else "0"
    )
    return points


def _color(entry: Entry, meta: Mapping[str, Any]) -> str:
    try:
        return parse_color(entry.value)
    except ValueError as exc:
        hint = None
        if isinstance(entry.value, str) and not entry.value.startswith("#"):
            hint = suggest(entry.value, tuple(CSS_COLORS))
        raise Bad(
            _found(entry.value),
            COLOR_EXAMPLE,
            hint or "write '#' and six hex digits in quotes, e.g. '#0b4f6c'",
        ) from exc


def _colors(entry: Entry, meta: Mapping[str, Any]) -> tuple[str, ...]:
    if not isinstance(entry.value, list) or not entry.value:
        raise Bad(
            _found(entry.value),
            "a list of at least one colour",
            "write the colours as a YAML list, e.g. ['#0b4f6c', '#01baef']",
        )
    colors = []
    for item in entry.value:
        try:
            colors.append(_color(item, meta))
        except Bad as bad:
            bad.entry = item
            raise
    return tuple(colors)


def _choice(entry: Entry, meta: Mapping[str, Any]) -> str:
    choices = tuple(meta.get("choices", ()))
    if entry.value not in choices:
        hint = suggest(str(entry.value), choices) or "choose one of " + ", ".join(choices)
        raise Bad(_found(entry.value), "one of " + ", ".join(f"'{c}'" for c in choices), hint)
    return str(entry.value)


def _str(entry: Entry, meta: Mapping[str, Any]) -> str:
    if not isinstance(entry.value, str):
        raise Bad(_found(entry.value), "text", "put the text in quotes")
    return entry.value


def _str_list(entry: Entry, meta: Mapping[str, Any]) -> tuple[str, ...]:
    if not isinstance(entry.value, list):
        raise Bad(_found(entry.value), "a list of texts", "write a YAML list: [a, b]")
    return tuple(_str(item, meta) for item in entry.value)


def _fields(entry: Entry, meta: Mapping[str, Any]) -> str:
    text = _str(entry, meta)
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError as exc:
        raise Bad(
            repr(text),
            "text with fields in braces, e.g. 'Side {page} af {pages}'",
            "close every '{' with '}'; write '{{' or '}}' for a literal brace",
        ) from exc
    for name in names:
        if name not in RUNNING_FIELDS:
            fields = " ".join("{" + f + "}" for f in RUNNING_FIELDS)
            close = difflib.get_close_matches(name, RUNNING_FIELDS, n=1, cutoff=0.6)
            raise Bad(
                f"unknown field {{{name}}} in {text!r}",
                f"only the fields {fields}",
                f"did you mean {{{close[0]}}}?" if close else "use one of " + fields,
            )
    return text


def _image(entry: Entry, meta: Mapping[str, Any]) -> str:
    """A logo file next to the layout file (inside its folder) → its absolute path."""
    ref = _str(entry, meta)
    path = (entry.folder / ref).resolve()
    if not path.is_relative_to(entry.folder.resolve()):
        raise Bad(
            f"{ref!r} points outside the layout file's folder",
            "an image file next to the layout file",
            "copy the logo into the folder of the layout file; rapport reads nothing else",
        )
    if path.suffix.lower() not in (".png", ".jpg", ".jpeg", ".svg") or not path.is_file():
        raise Bad(
            f"{ref!r} is not an existing PNG, JPEG or SVG file (looked in {entry.folder})",
            "an image file next to the layout file",
            "give the path relative to the layout file, e.g. 'logo.svg'",
        )
    return str(path)


def _font(entry: Entry, meta: Mapping[str, Any]) -> str:
    ref = _str(entry, meta)
    try:
        path = resolve_font_file(ref, entry.folder, entry.root)
    except FontError as exc:
        if "outside" in exc.message:
            raise Bad(exc.message, "a font file inside the project folder", exc.hint) from exc
        raise Bad(
            f"font file {ref!r} not found (looked next to the layout file, in "
            f"{entry.folder}, and in the bundled fonts)",
            "an existing font file",
            exc.hint,
        ) from exc
    defect = font_defect(path)
    if defect:
        raise Bad(
            f"font file {ref!r} {defect}",
            "a TrueType font (.ttf, glyf outlines) with Danish letters",
            "choose another font, e.g. 'liberation-serif/LiberationSerif-Regular.ttf'",
        )
    bundled = fonts_dir().resolve()
    return path.relative_to(bundled).as_posix() if path.is_relative_to(bundled) else str(path)


_BUNDLED = frozenset(
    f"Liberation{family}-{face}.ttf"
    for family in ("Sans", "Serif")
    for face in ("Regular", "Bold", "Italic", "BoldItalic")
)


@cache
def font_defect(path: Path) -> str | None:
    """Why ``path`` cannot be used as a layout font, or ``None`` when it can.

    The bundled families are checked by the test suite, not on every build."""
    if path.resolve().parent.parent == fonts_dir().resolve() and path.name in _BUNDLED:
        return None
    return check_font_file(path)


def check_font_file(path: Path) -> str | None:
    """The full check: TrueType outlines, embeddable by reportlab, Danish glyphs."""
    from fontTools.ttLib import TTFont as ToolsFont  # only for fonts other than the bundled

    try:
        with ToolsFont(io.BytesIO(path.read_bytes()), lazy=True) as font:
            if "glyf" not in font:
                return "has PostScript (CFF) outlines; reportlab needs TrueType glyf outlines"
            cmap = font.getBestCmap() or {}
        TTFont("rapport-font-check", str(path))
    except TTFError as exc:
        return f"cannot be embedded: {exc}"
    except Exception:  # fontTools raises many kinds of errors for non-fonts
        return "is not a font file that can be read"
    missing = [c for c in REQUIRED_GLYPHS if ord(c) not in cmap]
    if missing:
        return "has no glyphs for " + ", ".join(_char_name(c) for c in missing)
    return None


def _char_name(char: str) -> str:
    names = {"\u00a0": "U+00A0 (no-break space)", "\u2212": "U+2212 (minus sign)"}
    return names.get(char, f"'{char}'")
