"""Regenerate the deliberately unusable fonts the broken-layout corpus points at.

Run from this folder: ``../../../../.venv/bin/python make_fonts.py``.
``ascii-only.ttf`` is Liberation Sans (SIL OFL, see fonts/liberation-sans) cut down to
ASCII, so it lacks the Danish letters; ``postscript.otf`` has CFF outlines, not glyf.
"""

from pathlib import Path

from fontTools import subset
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen

HERE = Path(__file__).parent
SANS = HERE.parents[3] / "fonts" / "liberation-sans" / "LiberationSans-Regular.ttf"


def ascii_only() -> None:
    options = subset.Options()
    options.name_IDs = ["*"]
    font = subset.load_font(str(SANS), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=range(0x20, 0x7F))
    subsetter.subset(font)
    font.save(str(HERE / "ascii-only.ttf"))


def postscript() -> None:
    glyphs = [".notdef", "space", "A"]
    builder = FontBuilder(1000, isTTF=False)
    builder.setupGlyphOrder(glyphs)
    builder.setupCharacterMap({0x20: "space", 0x41: "A"})
    strings = {}
    for name in glyphs:
        pen = T2CharStringPen(500, None)
        if name == "A":
            pen.moveTo((0, 0))
            pen.lineTo((250, 700))
            pen.lineTo((500, 0))
            pen.closePath()
        strings[name] = pen.getCharString()
    builder.setupCFF("RapportTestCFF", {"FullName": "Rapport Test CFF"}, strings, {})
    builder.setupHorizontalMetrics({name: (500, 0) for name in glyphs})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Rapport Test CFF", "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    builder.save(str(HERE / "postscript.otf"))


if __name__ == "__main__":
    ascii_only()
    postscript()
    (HERE / "not-a-font.ttf").write_text("This is a text file, not a font.\n", encoding="utf-8")
