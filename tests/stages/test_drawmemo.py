"""Stage 9 helper, drawmemo: a paragraph or chart drawn from kept code writes the bytes it
would have drawn, whatever the document's fonts met before; a draw that touches more than
text and paths is not kept."""

from __future__ import annotations

import io
import zlib
from collections.abc import Callable
from typing import Any

import pikepdf
import pytest
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfdoc
from stage_helpers import render

from rapport.drawmemo import KEPT_FLATE, record, tally
from rapport.flowables import Para
from rapport.layout.model import Layout
from rapport.memo import clear_all
from rapport.render import binary_streams
from rapport.styles import Fonts
from rapport.tables import TableData, styled_table
from rapport.tagging import TaggedCanvas

PLAIN = "Innovationssamarbejde mellem kommunale arbejdspladser og regionerne " * 3
BOLD = "Svarprocenten var <b>52,1 pct.</b> blandt <i>alle</i> adspurgte: æøå ÆØÅ – “citat”"
OTHER = "Zygote quixotic jukebox wavy fjord · 0123456789 %"

Draw = Callable[[TaggedCanvas], None]


def _pdf(style: ParagraphStyle, texts: list[str], before: Draw | None = None) -> bytes:
    """A page with each text drawn as a paragraph, top to bottom (uncompressed)."""
    out = io.BytesIO()
    canv = TaggedCanvas(out, invariant=1, pageCompression=0)
    if before is not None:
        before(canv)
    y = 780.0
    for text in texts:
        para = Para(text, style)
        _, height = para.wrap(300, 1000)
        y -= height + 6
        para.drawOn(canv, 72, y)
    canv.showPage()
    canv.save()
    return out.getvalue()


def _fresh(style: ParagraphStyle, texts: list[str], before: Draw | None = None) -> bytes:
    clear_all()
    return _pdf(style, texts, before)


def _since(start: dict[str, int]) -> dict[str, int]:
    now = tally()
    return {k: now.get(k, 0) - start.get(k, 0) for k in ("replayed", "stale", "kept")}


@pytest.fixture
def body(styles: dict[str, dict[str, ParagraphStyle]]) -> ParagraphStyle:
    return styles["da"]["body"]


def test_a_second_document_replays_every_paragraph_and_writes_the_same_bytes(
    body: ParagraphStyle,
) -> None:
    first = _fresh(body, [PLAIN, BOLD, OTHER])
    start = tally()
    again = _pdf(body, [PLAIN, BOLD, OTHER])
    assert _since(start) == {"replayed": 3, "stale": 0, "kept": 0}
    assert again == first
    assert {b"/F2+0", b"/F3+0"} <= set(again.split())  # two faces, numbered by first use


@pytest.mark.parametrize(
    ("order", "stale"),
    [
        ([OTHER, BOLD, PLAIN], True),  # "·" and "æ" get each other's codes
        ([BOLD, OTHER], False),  # ASCII keeps its codes; the rest is met in the same order
        ([OTHER, PLAIN, BOLD, PLAIN], True),
    ],
    ids=["reversed", "subset", "repeated"],
)
def test_another_order_of_first_use_gives_the_bytes_of_a_fresh_draw(
    body: ParagraphStyle, order: list[str], stale: bool
) -> None:
    expected = _fresh(body, order)
    clear_all()
    _pdf(body, [PLAIN, BOLD, OTHER])  # kept with their character codes and font names
    start = tally()
    assert _pdf(body, order) == expected
    assert (_since(start)["stale"] > 0) == stale  # codes met in another order: drawn anew


def test_characters_new_to_the_document_get_the_codes_a_draw_gives(
    body: ParagraphStyle,
) -> None:
    expected = _fresh(body, [OTHER, PLAIN])
    clear_all()
    _pdf(body, [OTHER])
    _pdf(body, [PLAIN])  # both kept, each from an empty document
    start = tally()
    assert _pdf(body, [OTHER, PLAIN]) == expected
    assert _since(start)["replayed"] >= 1


def test_the_canvas_state_is_part_of_what_is_kept(body: ParagraphStyle) -> None:
    def red(canv: TaggedCanvas) -> None:
        canv.setFillColor(colors.red)
        canv.setLineWidth(3)

    expected = _fresh(body, [PLAIN], red)
    clear_all()
    _pdf(body, [PLAIN])
    start = tally()
    assert _pdf(body, [PLAIN], red) == expected
    assert _since(start) == {"replayed": 0, "stale": 0, "kept": 1}


@pytest.mark.parametrize(
    "draw",
    [
        lambda c: c.setFillAlpha(0.5),
        lambda c: c.linkURL("https://example.org", (0, 0, 10, 10)),
        lambda c: c.drawString(10, 10, "Helvetica er ikke en delmængde-skrift"),
        lambda c: c.bookmarkPage("side"),
        lambda c: (c.translate(5, 5), c.bookmarkHorizontal("flyttet", 0, 0)),
    ],
    ids=[
        "graphics-state",
        "annotation",
        "font-without-subsets",
        "destination-not-from-the-origin",
        "destination-in-other-coordinates",
    ],
)
def test_a_draw_that_touches_more_than_text_and_paths_is_not_kept(draw: Draw) -> None:
    canv = TaggedCanvas(io.BytesIO(), invariant=1)
    assert record(canv, lambda: draw(canv)) is None
    assert "_rapport_runs" not in canv.__dict__


ANCHORED = '<a name="sec-maal"/>Mål og metode for undersøgelsen'
LINK = 'Se <a href="#sec-maal">metoden</a>.'  # a destination is written when linked to


def _destination(pdf: bytes) -> tuple[str, float]:
    """Where the link on the page points: the fit type and the top."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        dest = doc.pages[0].Annots[0].Dest
        return str(dest[1]), float(dest[3])


def test_an_anchored_heading_replays_and_binds_its_destination_where_it_now_stands(
    body: ParagraphStyle,
) -> None:
    high = _fresh(body, [ANCHORED, PLAIN, LINK])
    start = tally()
    replayed = _pdf(body, [PLAIN, ANCHORED, LINK])  # the heading lower down the page
    assert _since(start) == {"replayed": 2, "stale": 0, "kept": 0}
    drawn = _fresh(body, [PLAIN, ANCHORED, LINK])
    assert replayed == drawn
    assert _destination(high)[0] == _destination(drawn)[0] == "/XYZ"
    assert _destination(drawn)[1] < _destination(high)[1] - 20  # it follows the heading


def test_paragraphs_with_links_are_drawn_every_time(body: ParagraphStyle) -> None:
    texts = ['Se <a href="https://example.org">kilden</a>.', "<bullet>•</bullet>Et punkt"]
    first = _fresh(body, texts)
    start = tally()
    assert _pdf(body, texts) == first
    assert _since(start) == {"replayed": 0, "stale": 0, "kept": 0}


def test_a_bulleted_paragraph_replays_with_this_documents_label_and_body(
    layout: Layout, fonts: Fonts, styles: dict[str, dict[str, ParagraphStyle]]
) -> None:
    body = styles["da"]["body"]
    item = ParagraphStyle("li", parent=body, bulletFontName=body.fontName, leftIndent=12)

    def story(extra: int) -> list[Any]:
        lead = [Para("Plain ASCII lead paragraph.", body) for _ in range(extra)]
        return [*lead, Para("Et punkt om samarbejde", item, bulletText="•")]

    clear_all()
    expected = render(story(2), layout, fonts)
    clear_all()
    render(story(0), layout, fonts)  # kept as the first marks of the page
    start = tally()
    assert render(story(2), layout, fonts) == expected
    assert _since(start) == {"replayed": 2, "stale": 0, "kept": 1}  # the second lead, the item
    with pikepdf.open(io.BytesIO(expected)) as pdf:
        kinds = {str(o.get("/S")) for o in pdf.objects if isinstance(o, pikepdf.Dictionary)}
    assert "/Lbl" in kinds


def test_a_stream_compressed_again_gets_the_bytes_zlib_gives() -> None:
    clear_all()
    page = "BT /F2+0 10 Tf 72 700 Td (Side 3 af 49) Tj ET\n" * 40
    first = KEPT_FLATE.encode(page)
    assert KEPT_FLATE.encode(page.encode("utf-8")) is first  # kept, not compressed again
    assert first == zlib.compress(page.encode("utf-8"))
    assert zlib.decompress(KEPT_FLATE.encode(b"anden side")) == b"anden side"


def test_the_kept_filter_is_used_for_the_render_only() -> None:
    before = pdfdoc.PDFZCompress
    with binary_streams():
        assert pdfdoc.PDFZCompress is KEPT_FLATE
    assert pdfdoc.PDFZCompress is before


def _long_table(layout: Layout, fonts: Fonts, style: ParagraphStyle, rows: int) -> Any:
    data = TableData(
        ("Område", "Andel", "n"),
        tuple((f"Arbejdsplads nr. {i} – æøå", f"{i % 97},5 %", str(100 + i)) for i in range(rows)),
        frozenset(),
        ("innov",),
    )
    return styled_table(data, layout, style, fonts.heading.bold, 400, show_n=False, key="tab-x")


def test_a_table_split_over_pages_replays_its_parts_with_this_documents_marks(
    layout: Layout, fonts: Fonts, styles: dict[str, dict[str, ParagraphStyle]]
) -> None:
    style = styles["da"]["table"]
    clear_all()
    fresh = render([_long_table(layout, fonts, style, 140)], layout, fonts)
    start = tally()
    again = render([_long_table(layout, fonts, style, 140)], layout, fonts)
    assert again == fresh  # structure tree, marked-content ids and all
    assert _since(start)["replayed"] >= 3  # every part of the table
    with pikepdf.open(io.BytesIO(again)) as pdf:
        assert len(pdf.pages) >= 3
        assert pdf.Root.StructTreeRoot.ParentTreeNextKey >= len(pdf.pages)


def test_a_table_after_more_marked_content_gets_the_next_ids(
    layout: Layout, fonts: Fonts, styles: dict[str, dict[str, ParagraphStyle]]
) -> None:
    style = styles["da"]["table"]

    def story(paragraphs: int) -> list[Any]:
        text = "Plain ASCII text in the table's own font, so fonts are numbered alike."
        return [
            *(Para(text, style) for _ in range(paragraphs)),
            _long_table(layout, fonts, style, 8),
        ]

    clear_all()
    expected = render(story(3), layout, fonts)
    clear_all()
    render(story(1), layout, fonts)  # the table kept after one marked paragraph
    start = tally()
    again = render(story(3), layout, fonts)
    assert _since(start)["replayed"] >= 4  # three paragraphs and the table (two ids later)
    assert again == expected


def test_a_paragraph_split_over_pages_replays_each_part(
    layout: Layout, fonts: Fonts, styles: dict[str, dict[str, ParagraphStyle]]
) -> None:
    body = styles["da"]["body"]

    def story() -> list[Any]:
        return [Para(PLAIN * 60, body), Para(BOLD, body)]

    clear_all()
    fresh = render(story(), layout, fonts)
    start = tally()
    again = render(story(), layout, fonts)
    assert again == fresh
    with pikepdf.open(io.BytesIO(again)) as pdf:
        assert len(pdf.pages) >= 2  # the long paragraph runs over a page break
    assert _since(start)["replayed"] >= 3  # both parts, and the paragraph after them
