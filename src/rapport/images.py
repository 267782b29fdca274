"""Image files (PNG, JPEG, SVG) from inside the project → reportlab flowables.

Used for images placed in chapters (````{image} path```` with ``:alt:`` and
``:caption:``) and for the layout's logo. A path is resolved against a base folder
and must stay inside the folder it is allowed to read (the project, or the layout's
own folder); anything else is an error at the line that names it. SVG is drawn as
vector paths by svglib; an SVG that refers to another file or a URL is refused, so
nothing outside the project is read and nothing is fetched. Raster images are
embedded as they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from reportlab.graphics import renderbase
from reportlab.graphics.shapes import Drawing
from reportlab.platypus import Flowable, Image

from .errors import Location, ProjectError

SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")
_EXTERNAL = re.compile(r"""(?:xlink:)?href\s*=\s*["'](?!#|data:)([^"']*)["']""")


def image_path(ref: str, base: Path, root: Path, where: Location, what: str = "image") -> Path:
    """``ref`` relative to ``base`` → an existing image file inside ``root``."""
    path = (base / ref).resolve()
    if not path.is_relative_to(root.resolve()):
        raise ProjectError(
            f"{what} {ref!r} points outside the project folder",
            location=where,
            hint="copy the file into the project folder; rapport reads nothing outside it",
        )
    if path.suffix.lower() not in SUFFIXES:
        raise ProjectError(
            f"{what} {ref!r} is not a PNG, JPEG or SVG file",
            location=where,
            hint="save it as .png, .jpg or .svg",
        )
    if not path.is_file():
        raise ProjectError(
            f"{what} {ref!r} does not exist",
            location=where,
            hint=f"paths are relative to {base}",
        )
    return path


class _Scaled(Flowable):
    """A drawing scaled to a width (keeping its aspect), drawn as vector paths."""

    def __init__(self, drawing: Drawing, width: float) -> None:
        super().__init__()
        self.drawing = drawing
        self.scale = width / drawing.width if drawing.width else 1.0
        self.width, self.height = width, drawing.height * self.scale

    def wrap(self, *_: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.saveState()
        self.canv.scale(self.scale, self.scale)
        with _starting_font(self.canv._fontname):
            self.drawing.drawOn(self.canv, 0, 0)
        self.canv.restoreState()


@contextmanager
def _starting_font(name: str) -> Iterator[None]:
    """reportlab's renderer starts every drawing by selecting its default font
    (Helvetica), which puts that font, never embedded, on the page even when the drawing
    has no text (PDF/A wants every font embedded): start it in the canvas's own font."""
    defaults = renderbase.STATE_DEFAULTS
    before = defaults["fontName"]
    defaults["fontName"] = name
    try:
        yield
    finally:
        defaults["fontName"] = before


def image_flowable(path: Path, width: float, where: Location, height: float = 0) -> Flowable:
    """The image at ``width`` (or fitted into ``height`` when given and smaller)."""
    if path.suffix.lower() == ".svg":
        drawing = _svg(path, where)
        w, h = drawing.width, drawing.height
    else:
        try:
            image = Image(str(path))
        except Exception as exc:  # PIL raises many types for broken files
            raise ProjectError(
                f"cannot read the image {path.name!r}: {exc}", location=where
            ) from exc
        w, h = image.imageWidth, image.imageHeight
    if not w or not h:
        raise ProjectError(f"the image {path.name!r} has no size", location=where)
    if height and h * width / w > height:
        width = w * height / h
    if path.suffix.lower() == ".svg":
        return _Scaled(drawing, width)
    return Image(str(path), width=width, height=h * width / w)


def _svg(path: Path, where: Location) -> Drawing:
    from svglib.svglib import svg2rlg

    text = path.read_text(encoding="utf-8", errors="replace")
    external = _EXTERNAL.search(text)
    if external:
        raise ProjectError(
            f"the SVG {path.name!r} refers to another file or URL ({external.group(1)!r})",
            location=where,
            hint="embed everything in the SVG itself; rapport reads no other file and "
            "fetches no URL",
        )
    drawing = svg2rlg(str(path))
    if drawing is None:
        raise ProjectError(f"cannot read the SVG {path.name!r}", location=where)
    return drawing
