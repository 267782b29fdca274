"""Text measurement with the TrueType metrics reportlab draws with: widths, wrapping, legends.

Used both while drawing (through matplotlib) and to size a chart before drawing;
nothing here imports matplotlib.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.pdfbase.pdfmetrics import stringWidth

from .style import ChartStyle

LABEL_SHARE = 0.38
"""At most this share of the chart width goes to category labels left of the bars."""

MAX_LABEL_LINES = 3


def text_width(
    style: ChartStyle, text: str, size: float | None = None, *, bold: bool = False
) -> float:
    face = style.faces.bold if bold else style.faces.regular
    return float(max(stringWidth(line, face, size or style.base_size) for line in text.split("\n")))


def wrap(
    style: ChartStyle, text: str, max_width: float, size: float | None = None, *, bold: bool = False
) -> str:
    """Greedy word wrap by measured width (a word longer than the width keeps its line)."""
    lines: list[str] = []
    for word in text.split():
        trial = f"{lines[-1]} {word}" if lines else word
        if lines and text_width(style, trial, size, bold=bold) <= max_width:
            lines[-1] = trial
        else:
            lines.append(word)
    if len(lines) > MAX_LABEL_LINES and size is None:
        head = lines[: MAX_LABEL_LINES - 1]
        return "\n".join([*head, " ".join(lines[MAX_LABEL_LINES - 1 :])])
    return "\n".join(lines)


def line_height(style: ChartStyle, size: float | None = None) -> float:
    return (size or style.base_size) * 1.2


def legend_layout(
    style: ChartStyle, labels: Sequence[str], width: float
) -> list[tuple[float, int]]:
    """(x, row) of each legend entry, filling rows left to right."""
    size = style.small_size
    x, row, places = 0.0, 0, []
    for label in labels:
        needed = size * 1.2 + text_width(style, label, size)
        if x > 0 and x + needed > width:
            x, row = 0.0, row + 1
        places.append((x, row))
        x += needed + size * 1.2
    return places


def legend_height(style: ChartStyle, labels: Sequence[str], width: float) -> float:
    if not labels:
        return 0.0
    rows = legend_layout(style, labels, width)[-1][1] + 1
    return line_height(style, style.small_size) * rows + style.pad


def wrap_rows(style: ChartStyle, labels: Sequence[str], width: float) -> list[str]:
    """Row labels wrapped to the label column of a chart ``width`` points wide."""
    return [wrap(style, label, width * LABEL_SHARE) for label in labels]
