"""Lengths and colours as users write them."""

from __future__ import annotations

import pytest

from rapport.layout.model import MM
from rapport.layout.values import format_length, parse_color, parse_length


@pytest.mark.parametrize(
    ("text", "points"),
    [
        ("20mm", 20 * MM),
        ("1.5cm", 15 * MM),
        ("1,5cm", 15 * MM),
        ("12pt", 12.0),
        ("0.5in", 36.0),
        (" 3 MM ", 3 * MM),
        ("10", 10.0),
        (11, 11.0),
        (7.5, 7.5),
        ("-5mm", -5 * MM),
        (".5in", 36.0),
    ],
)
def test_lengths_become_points(text: object, points: float) -> None:
    assert parse_length(text) == pytest.approx(points)


@pytest.mark.parametrize("text", ["20px", "mm", "", "twenty mm", "1.2.3cm", True, None, [1]])
def test_bad_lengths_are_rejected(text: object) -> None:
    with pytest.raises(ValueError, match=r"length|unit"):
        parse_length(text)


@pytest.mark.parametrize(
    ("text", "normal"),
    [
        ("#0B4F6C", "#0b4f6c"),
        ("#fff", "#ffffff"),
        ("#A1b", "#aa11bb"),
        ("navy", "#000080"),
        ("Grey", "#808080"),
        (" white ", "#ffffff"),
    ],
)
def test_colours_are_normalised(text: str, normal: str) -> None:
    assert parse_color(text) == normal


@pytest.mark.parametrize("text", ["#12345", "0b4f6c", "#ggg", "blu", "", 255, None])
def test_bad_colours_are_rejected(text: object) -> None:
    with pytest.raises(ValueError, match="colour"):
        parse_color(text)


def test_format_length_round_trips_millimetres() -> None:
    assert format_length(25 * MM) == "25mm"
    assert format_length(parse_length("12.5mm")) == "12.5mm"
