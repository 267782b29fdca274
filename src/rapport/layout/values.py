"""Layout value syntax: lengths with units → points, colours → normalised ``#rrggbb``."""

from __future__ import annotations

import re

from .model import ACCENT_REFERENCE, MM

UNITS: dict[str, float] = {"mm": MM, "cm": 10 * MM, "pt": 1.0, "in": 72.0}

#: The CSS colour names a layout may use instead of a hex code.
CSS_COLORS: dict[str, str] = {
    "black": "#000000",
    "white": "#ffffff",
    "gray": "#808080",
    "grey": "#808080",
    "silver": "#c0c0c0",
    "red": "#ff0000",
    "maroon": "#800000",
    "orange": "#ffa500",
    "yellow": "#ffff00",
    "olive": "#808000",
    "lime": "#00ff00",
    "green": "#008000",
    "teal": "#008080",
    "aqua": "#00ffff",
    "cyan": "#00ffff",
    "blue": "#0000ff",
    "navy": "#000080",
    "purple": "#800080",
    "fuchsia": "#ff00ff",
    "magenta": "#ff00ff",
}

LENGTH_EXAMPLE = "a length such as '20mm', '1.5cm', '12pt' or '0.5in' (a bare number is points)"
COLOR_EXAMPLE = "a colour such as '#0b4f6c', '#fff' or a CSS name like 'navy'"

_LENGTH = re.compile(r"^\s*([+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+))\s*([a-zA-Z]*)\s*$")
_HEX = re.compile(r"^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def parse_length(value: object) -> float:
    """``"20mm"``, ``"1.5cm"``, ``"12pt"``, ``"0.5in"`` or a bare number (points) → points.

    A decimal comma (``"1,5cm"``) is accepted too. Raises :class:`ValueError`.
    """
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a length")
    if isinstance(value, (int, float)):
        return float(value)
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a length")
    match = _LENGTH.match(value)
    if not match:
        raise ValueError(f"{value!r} is not a length")
    number, unit = match.groups()
    factor = UNITS.get(unit.lower() or "pt")
    if factor is None:
        raise ValueError(f"unknown unit {unit!r}")
    return float(number.replace(",", ".")) * factor


def parse_color(value: object) -> str:
    """``"#rrggbb"``, ``"#rgb"`` or a CSS colour name → lower-case ``"#rrggbb"``;
    ``"accent"`` or ``"accent 7%"`` (a tint of ``colors.accent``) are kept as written
    and resolved when the layout is built (:func:`rapport.layout.model.derive_color`)."""
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a colour")
    text = value.strip()
    reference = ACCENT_REFERENCE.match(text)
    if reference:
        share = reference.group(1)
        if share is not None and not 0 < int(share) <= 100:
            raise ValueError(f"{value!r}: the share of the accent must be 1–100 %")
        return "accent" if share is None or int(share) == 100 else f"accent {int(share)}%"
    named = CSS_COLORS.get(text.lower())
    if named:
        return named
    match = _HEX.match(text)
    if not match:
        raise ValueError(f"{value!r} is not a colour")
    digits = match.group(1).lower()
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return "#" + digits


def format_length(points: float) -> str:
    """Points → the shortest readable millimetre form, e.g. ``70.866`` → ``"25mm"``."""
    mm = round(points / MM, 2)
    return f"{mm:g}mm"
