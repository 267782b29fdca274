"""The layout model: typed, frozen records that the rest of rapport reads.

Every field carries its documentation in ``metadata["doc"]``; the layout loader
validates YAML against these records and the layout reference in
``docs/layout-reference.md`` is generated from them, so the two cannot drift.

Lengths are stored in PostScript points (1 mm = 72/25,4 pt); the loader parses
``"20mm"``, ``"1.5cm"``, ``"12pt"`` and ``"0.5in"``.
"""

# ruff: noqa: RUF009  (doc(), sub() and _template() return dataclasses.field objects)
from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, is_dataclass, replace
from typing import Any, Literal

MM = 72 / 25.4
#: A colour written as the layout's accent, or a tint of it mixed with white.
ACCENT_REFERENCE = re.compile(r"^accent(?:\s+(\d{1,3})\s*%)?$", re.IGNORECASE)


def doc(text: str, default: Any, **extra: Any) -> Any:
    """A dataclass field with its reference documentation attached."""
    if isinstance(default, (list, dict)):
        raise TypeError("use tuples for frozen defaults")
    return field(default=default, metadata={"doc": text, **extra})


def sub(cls: type, text: str) -> Any:
    """A nested record field."""
    return field(default_factory=cls, metadata={"doc": text})


PAGE_SIZES: dict[str, tuple[float, float]] = {
    "A4": (595.2756, 841.8898),
    "A5": (419.5276, 595.2756),
    "Letter": (612.0, 792.0),
}


@dataclass(frozen=True)
class Margins:
    top: float = doc("Top margin.", 25 * MM, unit="length", minimum=0)
    bottom: float = doc("Bottom margin.", 25 * MM, unit="length", minimum=0)
    inner: float = doc(
        "Inner (binding-side) margin; the left margin when not mirrored.",
        25 * MM,
        unit="length",
        minimum=0,
    )
    outer: float = doc(
        "Outer margin; the right margin when not mirrored.", 20 * MM, unit="length", minimum=0
    )


PDF_MAX_PAGE = 14_400.0
"""The largest page side a PDF reader must accept (200 in, 5080 mm), in points."""


@dataclass(frozen=True)
class Page:
    size: str = doc(
        "Paper size: A4, A5, Letter or 'custom' with width and height.",
        "A4",
        choices=("A4", "A5", "Letter", "custom"),
    )
    orientation: Literal["portrait", "landscape"] = doc(
        "Portrait or landscape.", "portrait", choices=("portrait", "landscape")
    )
    width: float | None = doc(
        "Page width when size is 'custom' (PDF allows up to 5080 mm).",
        None,
        unit="length",
        maximum=PDF_MAX_PAGE,
    )
    height: float | None = doc(
        "Page height when size is 'custom' (PDF allows up to 5080 mm).",
        None,
        unit="length",
        maximum=PDF_MAX_PAGE,
    )
    mirrored: bool = doc("Mirror inner/outer margins on even pages (for print).", False)
    margins: Margins = sub(Margins, "Page margins.")

    @property
    def dimensions(self) -> tuple[float, float]:
        if self.size == "custom":
            w, h = self.width or 0.0, self.height or 0.0
        else:
            w, h = PAGE_SIZES[self.size]
        if self.orientation == "landscape":
            w, h = max(w, h), min(w, h)
        return w, h


@dataclass(frozen=True)
class FontFamily:
    name: str = doc("Family name used in PDFs and charts.", "Liberation Sans")
    regular: str = doc(
        "Regular face: a file in the bundled fonts/ folder or a path.",
        "liberation-sans/LiberationSans-Regular.ttf",
        kind="font",
    )
    bold: str = doc("Bold face.", "liberation-sans/LiberationSans-Bold.ttf", kind="font")
    italic: str = doc("Italic face.", "liberation-sans/LiberationSans-Italic.ttf", kind="font")
    bold_italic: str = doc(
        "Bold italic face.", "liberation-sans/LiberationSans-BoldItalic.ttf", kind="font"
    )


def _serif() -> FontFamily:
    return FontFamily(
        "Liberation Serif",
        "liberation-serif/LiberationSerif-Regular.ttf",
        "liberation-serif/LiberationSerif-Bold.ttf",
        "liberation-serif/LiberationSerif-Italic.ttf",
        "liberation-serif/LiberationSerif-BoldItalic.ttf",
    )


@dataclass(frozen=True)
class Typography:
    body: FontFamily = field(default_factory=_serif, metadata={"doc": "Family for body text."})
    heading: FontFamily = sub(FontFamily, "Family for headings, captions, tables and charts.")
    base_size: float = doc(
        "Body text size in points; every other size derives from it.", 10.0, minimum=5, maximum=24
    )
    leading: float = doc(
        "Line height as a multiple of the font size.", 1.4, minimum=1.0, maximum=2.5
    )
    scale: float = doc(
        "Ratio between successive heading sizes (modular scale).", 1.2, minimum=1.0, maximum=2.0
    )
    justify: bool = doc("Justify body paragraphs.", True)
    hyphenate: bool = doc("Hyphenate body text by the chapter's language.", True)
    paragraph_space: float = doc(
        "Space after a body paragraph, in multiples of the base size.", 0.6, minimum=0, maximum=4
    )
    heading_case: Literal["as-written", "upper"] = doc(
        "Chapter titles as written or in capitals.", "as-written", choices=("as-written", "upper")
    )
    caption_scale: float = doc(
        "Figure and table caption size relative to the base size.", 0.9, minimum=0.5, maximum=2.0
    )
    note_scale: float = doc(
        "Size of notes and source lines relative to the base size.", 0.8, minimum=0.5, maximum=2.0
    )
    min_scale: float = doc(
        "Floor for text in blocks of fixed size (key-figure tiles, the cover, table cells): "
        "such text is wrapped first, then shrunk, but never below this share of its own size; "
        "text that still does not fit stops the build with an error naming it.",
        0.75,
        minimum=0.5,
        maximum=1.0,
    )
    quotes: Literal["guillemets", "low-high"] = doc(
        "Quotation marks in Danish chapters: 'guillemets' (»…«) or 'low-high' („…“). "
        "English chapters always get “…”; straight quotes in text and data labels "
        "are turned into these.",
        "guillemets",
        choices=("guillemets", "low-high"),
    )


@dataclass(frozen=True)
class Colors:
    text: str = doc("Body text colour.", "#1d1d1b", kind="color")
    accent: str = doc(
        "Accent colour: headings, rules, cover band; colours written 'accent' or "
        "'accent 30%' (a tint) elsewhere follow it.",
        "#0b4f6c",
        kind="color",
    )
    muted: str = doc("Secondary text: headers, footers, notes.", "#5f6b73", kind="color")
    rule: str = doc("Thin rules and table lines.", "accent 30%", kind="color")
    cover_text: str = doc("Text colour on the cover band.", "#ffffff", kind="color")
    palette: tuple[str, ...] = doc(
        "Chart palette, in order of use.",
        ("accent", "#01baef", "#20bf55", "#f4a259", "#8e5572", "#5f6b73"),
        kind="colors",
    )
    highlight: str = doc(
        "Colour that marks the tailored segment in charts.", "#e4572e", kind="color"
    )


@dataclass(frozen=True)
class Running:
    """Running header and footer. Fields: {title} {subtitle} {chapter} {page} {pages} {date}
    {edition} {publisher} {segment}."""

    header_left: str = doc("Header, left (outer on mirrored pages).", "{title}", kind="fields")
    header_right: str = doc("Header, right.", "{chapter}", kind="fields")
    footer_left: str = doc("Footer, left.", "{publisher}", kind="fields")
    footer_right: str = doc("Footer, right.", "Side {page} af {pages}", kind="fields")
    rule: bool = doc("Draw a thin rule under the header.", True)
    logo: Literal["none", "left", "right"] = doc(
        "Draw cover.logo in the header at this side, in place of that side's text.",
        "none",
        choices=("none", "left", "right"),
    )
    logo_height: float = doc("Height of the logo in the header.", 5 * MM, unit="length", minimum=0)


@dataclass(frozen=True)
class Cover:
    style: Literal["band", "plain"] = doc("Cover design.", "band", choices=("band", "plain"))
    band_height: float = doc(
        "Height of the coloured band as a share of the page.", 0.55, minimum=0.1, maximum=1.0
    )
    show_back_page: bool = doc("Add a back page with the publisher's address.", True)
    logo: str | None = doc(
        "Logo at the top of the cover (and the back page): a PNG, JPEG or SVG file, its "
        "path relative to the layout file and inside that file's folder.",
        None,
        kind="image",
    )
    logo_width: float = doc("Width of the logo on the cover.", 40 * MM, unit="length", minimum=0)
    back_logo: bool = doc("Repeat the logo on the back page.", True)


@dataclass(frozen=True)
class TableStyle:
    header_background: str = doc("Header row background.", "accent", kind="color")
    header_text: str = doc("Header row text colour.", "#ffffff", kind="color")
    zebra: str | None = doc(
        "Background of every second body row and of fact boxes (null for none).",
        "accent 7%",
        kind="color",
    )
    rules: bool = doc("Horizontal rules between body rows.", False)
    font_scale: float = doc(
        "Table text size relative to the base size.", 0.85, minimum=0.5, maximum=1.5
    )


@dataclass(frozen=True)
class FigureStyle:
    width: float = doc("Figure width as a share of the text width.", 1.0, minimum=0.2, maximum=1.0)
    aspect: float = doc("Default height/width ratio of a chart.", 0.5, minimum=0.15, maximum=2.0)
    gridlines: bool = doc("Draw value gridlines.", True)
    value_labels: bool = doc("Print values on bars.", True)
    font_scale: float = doc(
        "Chart text size relative to the base size.", 0.8, minimum=0.4, maximum=1.5
    )


@dataclass(frozen=True)
class Footnotes:
    place: Literal["page", "chapter"] = doc(
        "Where Markdown footnotes ([^1]) are set: at the foot of the page that refers to "
        "them, or together at the end of the chapter.",
        "page",
        choices=("page", "chapter"),
    )


@dataclass(frozen=True)
class Labels:
    figure: str = doc("Word before figure numbers.", "Figur")
    table: str = doc("Word before table numbers.", "Tabel")
    source: str = doc("Lead of source lines.", "Kilde")
    note: str = doc("Lead of notes.", "Anm.")
    contents: str = doc("Title of the table of contents.", "Indhold")
    colophon: str = doc("Title of the colophon.", "Kolofon")


@dataclass(frozen=True)
class Numbers:
    percent: Literal["symbol", "pct", "procent"] = doc(
        "Percent in running text: 'symbol' (86 %), 'pct' (86 pct.) or 'procent'.",
        "procent",
        choices=("symbol", "pct", "procent"),
    )
    base: Literal["short", "long"] = doc(
        "Base notation under figures: 'short' (n=1.093) or 'long' (Antal observationer = …).",
        "short",
        choices=("short", "long"),
    )
    series_break: Literal["error", "text"] = doc(
        "A change printed across a reworded question (a series break): 'error' stops the "
        "build at the template line; 'text' prints that the editions cannot be compared.",
        "error",
        choices=("error", "text"),
    )


@dataclass(frozen=True)
class Sections:
    cover: bool = doc("Cover page.", True)
    colophon: bool = doc("Colophon page after the cover.", True)
    contents: bool = doc("Table of contents.", True)
    chapter_new_page: bool = doc("Start every chapter on a new page.", True)
    number_headings: bool = doc("Number chapters and sections (4, 4.1).", True)
    only_tagged: str | None = doc(
        "Include only the chapters whose entry in report.yaml lists this tag under 'tags' "
        "(null: every chapter). Lets a short layout, such as a key-figures sheet, pick its "
        "chapters.",
        None,
    )


@dataclass(frozen=True)
class Frame:
    """Where text flows on a page, measured from the page edges (null = the page margin)."""

    top: float | None = doc(
        "Distance from the top edge (null: page.margins.top).", None, unit="length", minimum=0
    )
    bottom: float | None = doc(
        "Distance from the bottom edge (null: page.margins.bottom).", None, unit="length", minimum=0
    )
    inner: float | None = doc(
        "Distance from the inner edge (null: page.margins.inner).", None, unit="length", minimum=0
    )
    outer: float | None = doc(
        "Distance from the outer edge (null: page.margins.outer).", None, unit="length", minimum=0
    )
    columns: int = doc("Number of text columns in the frame.", 1, minimum=1, maximum=4)
    column_gap: float = doc("Space between columns.", 5 * MM, unit="length", minimum=0)


@dataclass(frozen=True)
class PageTemplate:
    """One kind of page: its frame, whether it has the running header and footer, background."""

    header: bool = doc("Show the running header.", True)
    footer: bool = doc("Show the running footer.", True)
    background: str | None = doc("Page background colour (null: none).", None, kind="color")
    frame: Frame = sub(Frame, "The text frame.")


def _template(text: str, *, header: bool, footer: bool) -> Any:
    return field(
        default_factory=lambda: PageTemplate(header=header, footer=footer), metadata={"doc": text}
    )


@dataclass(frozen=True)
class Templates:
    """The page templates, one per kind of page."""

    cover: PageTemplate = _template("Cover page.", header=False, footer=False)
    colophon: PageTemplate = _template("Colophon page.", header=False, footer=False)
    contents: PageTemplate = _template("Table of contents.", header=False, footer=True)
    chapter: PageTemplate = _template(
        "First page of a chapter (chapter opener).", header=False, footer=True
    )
    body: PageTemplate = _template("Every other text page.", header=True, footer=True)
    back: PageTemplate = _template("Back page.", header=False, footer=False)


@dataclass(frozen=True)
class Layout:
    """A complete layout. ``extends`` names the layout this one was derived from."""

    name: str = doc("Layout name.", "rapport")
    description: str = doc(
        "One line shown by 'rapport layouts list'.",
        "A4 background report with cover, colophon and contents.",
    )
    extends: str | None = doc("Shipped layout name or file this layout overrides.", None)
    page: Page = sub(Page, "Paper and margins.")
    typography: Typography = sub(Typography, "Fonts, sizes and paragraph rules.")
    colors: Colors = sub(Colors, "Colours and the chart palette.")
    running: Running = sub(Running, "Running header and footer.")
    cover: Cover = sub(Cover, "Cover page.")
    sections: Sections = sub(Sections, "Which front-matter parts appear.")
    tables: TableStyle = sub(TableStyle, "Table style.")
    figures: FigureStyle = sub(FigureStyle, "Figure style.")
    footnotes: Footnotes = sub(Footnotes, "Footnotes.")
    labels: Labels = sub(Labels, "Document labels.")
    numbers: Numbers = sub(Numbers, "Number house style.")
    templates: Templates = sub(
        Templates, "Page templates: frames, header and footer per kind of page."
    )

    def __post_init__(self) -> None:
        """Resolve colours written as ``accent`` / ``accent N%`` against ``colors.accent``."""
        accent = self.colors.accent
        if ACCENT_REFERENCE.match(accent):
            raise ValueError("colors.accent cannot refer to itself")
        for name in ("colors", "tables"):
            object.__setattr__(self, name, _derived(getattr(self, name), accent))


def derive_color(value: str, accent: str) -> str:
    """``"accent"`` → ``accent``; ``"accent 7%"`` → 7 % accent mixed into white; else value."""
    match = ACCENT_REFERENCE.match(value)
    if match is None:
        return value
    share = int(match.group(1) or 100) / 100
    rgb = (int(accent[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(255 - (255 - c) * share):02x}" for c in rgb)


def _derived(record: Any, accent: str) -> Any:
    changes: dict[str, Any] = {}
    for f in fields(record):
        value = getattr(record, f.name)
        if f.metadata.get("kind") == "color" and isinstance(value, str):
            changes[f.name] = derive_color(value, accent)
        elif f.metadata.get("kind") == "colors" and isinstance(value, tuple):
            changes[f.name] = tuple(derive_color(v, accent) for v in value)
    if not is_dataclass(record) or isinstance(record, type):
        return record
    return replace(record, **changes)
