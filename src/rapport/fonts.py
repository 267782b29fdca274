"""Register the layout's font families with reportlab and matplotlib, by explicit path.

Nothing is looked up on the system: a family is four TrueType files, either in
the bundled ``fonts/`` folder or at a path the layout names. The same files are
registered with matplotlib before a chart is drawn, so charts and text share one
typeface, and
:func:`check_glyphs` turns a character the font cannot draw into an error
instead of an empty box.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from .errors import FontError, Location
from .layout.model import FontFamily
from .resources import fonts_dir

FACES = ("regular", "bold", "italic", "bold_italic")


@dataclass(frozen=True)
class RegisteredFamily:
    """Reportlab font names of one family's four faces."""

    name: str
    regular: str
    bold: str
    italic: str
    bold_italic: str
    files: tuple[Path, ...]


def resolve_font_file(ref: str, base: Path | None = None, root: Path | None = None) -> Path:
    """A face reference → an existing file: bundled name, or a path relative to ``base``.

    With ``root``, a file outside it (and outside the bundled fonts) is refused, whether
    named by an absolute path, with ``..`` or through a symbolic link. (Without, the
    reference was checked when the layout was validated.)"""
    bundled = fonts_dir().resolve()
    candidates = [(fonts_dir() / ref, bundled if root is not None else None)]
    if base is not None:
        candidates.insert(0, (base / ref, root))
    for path, inside in candidates:
        if path.is_file():
            found = path.resolve()
            if inside is None or found.is_relative_to(inside) or found.is_relative_to(bundled):
                return found
            raise FontError(
                f"font file {ref!r} lies outside the project folder",
                hint="copy the font file into the project folder, or use a bundled font",
            )
    raise FontError(
        f"font file {ref!r} was not found",
        hint=f"use a file under the bundled fonts folder ({fonts_dir()}) or a path "
        "relative to the layout file",
    )


def register_family(family: FontFamily, base: Path | None = None) -> RegisteredFamily:
    """Register the four faces with reportlab (and matplotlib) and return their names."""
    files = tuple(resolve_font_file(getattr(family, face), base) for face in FACES)
    return _register(family.name, files)


@cache
def _register(name: str, files: tuple[Path, ...]) -> RegisteredFamily:
    names = []
    for face, path in zip(FACES, files, strict=True):
        ps_name = f"{name.replace(' ', '')}-{face}"
        try:
            font = SubsetFont(ps_name, str(path))
            pdfmetrics.registerFont(font)
            _CHARS.setdefault(path, font.face.charToGlyph)
        except TTFError as exc:
            raise FontError(
                f"font file {str(path)!r} cannot be used: {exc}",
                hint="use a TrueType (.ttf) font with glyf outlines",
            ) from exc
        names.append(ps_name)
    regular, bold, italic, bold_italic = names
    pdfmetrics.registerFontFamily(
        name, normal=regular, bold=bold, italic=italic, boldItalic=bold_italic
    )
    for ps_name, (b, i) in zip(names, ((0, 0), (1, 0), (0, 1), (1, 1)), strict=True):
        addMapping(name, b, i, ps_name)
    _FAMILY_FILES[name] = files
    return RegisteredFamily(name, regular, bold, italic, bold_italic, files)


class SubsetFont(TTFont):
    """reportlab's TrueType font, with a fast path for splitting text into subset codes.

    Drawing text asks the font for each run's codes in the document's subset
    (``splitString``), which reportlab works out a character at a time. Once a run's
    characters all have codes below 256 — nearly every run after the first pages — the
    codes are one ``str.translate`` away. Anything else (a character met for the first
    time, a second subset, a character the font lacks) goes through reportlab, which
    also keeps assigning codes in the same order, so the bytes are the same."""

    def splitString(self, text: Any, doc: Any, encoding: str = "utf-8") -> list[tuple[int, bytes]]:
        state = self.state.get(doc) if isinstance(text, str) and text else None
        if state is not None:
            known, table = _subset_table(state)
            if known.issuperset(text):
                return [(0, text.translate(table).encode("latin-1"))]
        result: list[tuple[int, bytes]] = super().splitString(text, doc, encoding)
        return result


def _subset_table(state: Any) -> tuple[frozenset[str], dict[int, int]]:
    """The characters with a code in the first subset, and ord → code, for ``state``
    (a font's per-document subset state); rebuilt when codes were added."""
    assignments: dict[int, int] = state.assignments
    held = state.__dict__.get("_rapport_table")
    if held is None or held[0] != len(assignments):
        table = {code: n for code, n in assignments.items() if n < 256}
        if 32 in table:  # reportlab sets a no-break space as a space
            table[0xA0] = table[32]
        held = (len(assignments), frozenset(map(chr, table)), table)
        state.__dict__["_rapport_table"] = held
    return held[1], held[2]


_FAMILY_FILES: dict[str, tuple[Path, ...]] = {}
_CHARS: dict[Path, dict[int, int]] = {}  # the character map reportlab read, by font file


def use_in_matplotlib(family: str) -> None:
    """Make a registered family available to matplotlib (only when a chart is drawn, so
    a build whose charts all come from the cache never imports matplotlib)."""
    files = _FAMILY_FILES.get(family, ())
    if _IN_MATPLOTLIB.issuperset(files):
        return  # every chart after the first
    from matplotlib import font_manager

    known = {Path(f.fname) for f in font_manager.fontManager.ttflist}
    for path in files:
        if path not in known:
            font_manager.fontManager.addfont(str(path))
        _IN_MATPLOTLIB.add(path)


_IN_MATPLOTLIB: set[Path] = set()  # font files matplotlib knows, in this process


@cache
def _charmap(path: Path) -> frozenset[int]:
    """The characters the font file maps to glyphs: as reportlab, which draws them, read
    them when the font was registered; else read with fontTools."""
    if path in _CHARS:
        return frozenset(_CHARS[path])
    from fontTools.ttLib import TTFont as ToolsFont

    with ToolsFont(str(path), lazy=True) as font:
        return frozenset(font.getBestCmap())


def missing_glyphs(text: str, path: Path) -> list[str]:
    """Characters of ``text`` the font file has no glyph for (control chars ignored)."""
    cmap = _charmap(path)
    return sorted(c for c in set(text) if c.isprintable() and ord(c) not in cmap and c != " ")


def check_glyphs(text: str, family: RegisteredFamily, where: Location | None = None) -> None:
    """Raise :class:`FontError` naming the first character the family cannot draw."""
    missing = missing_glyphs(text, family.files[0])
    if missing:
        char = missing[0]
        raise FontError(
            f"the font {family.name!r} has no glyph for {char!r} (U+{ord(char):04X})",
            location=where,
            hint="replace the character, or choose a font family in the layout that has it",
        )
