"""Stage 10, postprocess: metadata from the report date, text that extracts, PDF/A."""

from __future__ import annotations

import datetime as dt
import io
import zlib

import pikepdf
from reportlab.lib.styles import ParagraphStyle
from stage_helpers import META, pdf_text

from rapport.archive import make_srgb_profile, srgb_profile
from rapport.flowables import Para
from rapport.layout.model import Layout
from rapport.postprocess import finish_pdf
from rapport.render import Running, render_pdf
from rapport.styles import Fonts


def _raw(
    layout: Layout, fonts: Fonts, styles: dict[str, dict[str, ParagraphStyle]]
) -> tuple[bytes, object]:
    para = Para("Æbler, øl og åer – 62 %", styles["da"]["body"])
    raw, _, hint = render_pdf([para], layout, fonts, META, Running())
    return raw, hint.tags


def test_metadata_comes_from_the_report_date_not_the_clock(
    layout: Layout, fonts: Fonts, styles: dict[str, dict[str, ParagraphStyle]]
) -> None:
    raw, tags = _raw(layout, fonts, styles)
    one = finish_pdf(raw, dt.date(2015, 4, 21), META, tags)  # type: ignore[arg-type]
    two = finish_pdf(raw, dt.date(2015, 4, 21), META, tags)  # type: ignore[arg-type]
    assert one == two
    pdf = pikepdf.open(io.BytesIO(one))
    assert str(pdf.docinfo["/Title"]) == "Prøve"
    assert str(pdf.docinfo["/CreationDate"]).startswith("D:20150421")
    with pdf.open_metadata(set_pikepdf_as_editor=False) as xmp:
        assert xmp["dc:title"] == "Prøve"
    later = finish_pdf(raw, dt.date(2016, 1, 1), META, tags)  # type: ignore[arg-type]
    assert later != one


def test_text_extracts_with_danish_letters(
    layout: Layout, fonts: Fonts, styles: dict[str, dict[str, ParagraphStyle]]
) -> None:
    raw, tags = _raw(layout, fonts, styles)
    pdf = finish_pdf(raw, dt.date(2015, 4, 21), META, tags)  # type: ignore[arg-type]
    assert "Æbler, øl og åer – 62 %" in pdf_text(pdf)[0]


def test_archival_copies_declare_pdf_a(
    layout: Layout, fonts: Fonts, styles: dict[str, dict[str, ParagraphStyle]]
) -> None:
    raw, tags = _raw(layout, fonts, styles)
    pdf = pikepdf.open(
        io.BytesIO(finish_pdf(raw, dt.date(2015, 4, 21), META, tags, pdfa=True))  # type: ignore[arg-type]
    )
    with pdf.open_metadata(set_pikepdf_as_editor=False) as xmp:
        assert xmp["pdfaid:part"] == "2"
    assert len(pdf.Root.OutputIntents) == 1


def test_the_shipped_srgb_profile_is_the_one_littlecms_makes(
    layout: Layout, fonts: Fonts, styles: dict[str, dict[str, ParagraphStyle]]
) -> None:
    shipped = srgb_profile()
    assert shipped == make_srgb_profile()
    assert shipped[36:40] == b"acsp"  # an ICC profile's signature
    raw, tags = _raw(layout, fonts, styles)
    pdf = pikepdf.open(
        io.BytesIO(finish_pdf(raw, dt.date(2015, 4, 21), META, tags, pdfa=True))  # type: ignore[arg-type]
    )
    assert pdf.Root.OutputIntents[0].DestOutputProfile.read_bytes() == shipped


def test_streams_are_saved_as_reportlab_compressed_them(
    layout: Layout, fonts: Fonts, styles: dict[str, dict[str, ParagraphStyle]]
) -> None:
    """reportlab names its filter as ``[/FlateDecode]``; saving keeps the compressed data
    as it is (recompressing every stream was most of the time saving took)."""
    raw, tags = _raw(layout, fonts, styles)
    source = pikepdf.open(io.BytesIO(raw))
    content = source.pages[0].obj.Contents
    assert content.Filter == pikepdf.Array([pikepdf.Name.FlateDecode])  # as reportlab writes
    packed = zlib.compress(content.read_bytes(), 1)  # not what a save at level 6 would give
    content.write(packed, filter=pikepdf.Name.FlateDecode)
    content.Filter = pikepdf.Array([pikepdf.Name.FlateDecode])
    out = io.BytesIO()
    source.save(out, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.none)
    for pdfa in (False, True):
        done = finish_pdf(out.getvalue(), dt.date(2015, 4, 21), META, tags, pdfa=pdfa)  # type: ignore[arg-type]
        finished = pikepdf.open(io.BytesIO(done))
        kept = finished.pages[0].obj.Contents
        assert kept.Filter == pikepdf.Name.FlateDecode
        assert kept.read_raw_bytes() == packed
        assert "Æbler, øl og åer – 62 %" in pdf_text(done)[0]
