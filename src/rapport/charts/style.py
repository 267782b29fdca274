"""Layout + registered fonts + formatter → the frozen chart style (all sizes from one base).

The only place that turns the layout into chart tokens and matplotlib rc settings;
charts are drawn inside ``matplotlib.rc_context(style.rc())`` so no global state changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..fonts import RegisteredFamily
from ..formatting import Formatter
from ..layout.model import Layout
from .display import Faces

if TYPE_CHECKING:  # the style is made without matplotlib; only drawing imports it
    from matplotlib.typing import RcKeyType


@dataclass(frozen=True)
class ChartStyle:
    """Chart design tokens. Every size is a multiple of ``base_size`` (points)."""

    family: str
    faces: Faces
    base_size: float
    text_color: str
    muted_color: str
    grid_color: str
    palette: tuple[str, ...]
    highlight: str
    gridlines: bool
    value_labels: bool
    aspect: float
    formatter: Formatter = field(compare=False, hash=False, repr=False)
    digits: int = 0
    min_scale: float = 0.7
    """Floor for shrinking text in fixed-size blocks (tiles), a share of its own size."""
    tile_step: int = 0
    """Key-figure tiles start fitting at this shrinking step (tiles of a report share it)."""
    font_file: Path | None = None
    """The regular face's TrueType file, for the glyph check."""
    background: str = "#ffffff"
    """The body page's colour: value labels sit on it, so grid lines stop short of them."""

    @classmethod
    def from_layout(
        cls, layout: Layout, family: RegisteredFamily, formatter: Formatter
    ) -> ChartStyle:
        colors, figures = layout.colors, layout.figures
        return cls(
            family=family.name,
            faces=Faces(family.regular, family.bold, family.italic, family.bold_italic),
            base_size=round(layout.typography.base_size * figures.font_scale, 3),
            text_color=colors.text,
            muted_color=colors.muted,
            grid_color=colors.rule,
            palette=tuple(colors.palette),
            highlight=colors.highlight,
            gridlines=figures.gridlines,
            value_labels=figures.value_labels,
            aspect=figures.aspect,
            formatter=formatter,
            min_scale=layout.typography.min_scale,
            font_file=family.files[0],
            background=layout.templates.body.background or "#ffffff",
        )

    # -- derived sizes (points) ---------------------------------------------
    @property
    def small_size(self) -> float:
        return round(self.base_size * 0.9, 2)

    @property
    def big_size(self) -> float:
        return round(self.base_size * 4.5, 2)

    @property
    def claim_size(self) -> float:
        return round(self.base_size * 1.25, 2)

    @property
    def pad(self) -> float:
        return self.base_size * 0.5

    @property
    def line_width(self) -> float:
        return round(self.base_size / 16, 3)

    @property
    def grid_width(self) -> float:
        return self.line_width * 1.5

    def label_gap(self, axis: str) -> float:
        """Points between the axes and its labels: under it ("x") or left of it ("y")."""
        return self.base_size * (0.4 if axis == "x" else 0.5)

    def label_box(self) -> dict[str, object]:
        """A ``bbox`` for value labels: the page's colour behind the text, so a grid line
        under a label stops short of it instead of running through the digits."""
        return {
            "boxstyle": "square,pad=0.12",
            "facecolor": self.background,
            "edgecolor": "none",
            "linewidth": 0,
        }

    def color(self, index: int) -> str:
        return self.palette[index % len(self.palette)]

    def fingerprint(self) -> tuple[Any, ...]:
        """Everything that changes pixels, as plain values (for the chart cache)."""
        own = tuple((k, str(v)) for k, v in sorted(vars(self).items()) if k != "formatter")
        style = self.formatter.style
        return (*own, ("numbers", style.locale, style.percent, style.base))

    def rc(self) -> dict[RcKeyType, Any]:
        """Matplotlib settings for ``rc_context``: fonts, sizes and colours from the tokens.
        Axes are drawn without matplotlib's axis machinery (:func:`.geometry.add_axes`), so
        no tick or grid setting is needed: labels and gridlines take theirs from the style."""
        size, line = self.base_size, self.line_width
        return {
            "font.family": [self.family],
            "font.size": size,
            "text.parse_math": False,
            "text.color": self.text_color,
            "axes.facecolor": "none",
            "figure.facecolor": "none",
            "lines.linewidth": line * 4,
            "lines.markersize": size * 0.7,
            "path.simplify": False,
            "svg.fonttype": "none",
        }
