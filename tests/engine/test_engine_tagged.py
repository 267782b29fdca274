"""Tagged PDF: every glyph is marked content or an artifact; the structure tree is complete."""

from __future__ import annotations

import io
from collections import Counter

import pikepdf
import pytest

from rapport.build import BuildResult

TEXT_OPS = {"Tj", "TJ", "'", '"'}


@pytest.fixture(scope="module")
def pdf(mini_build: BuildResult) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(mini_build.pdf))


def _elements(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    out: list[pikepdf.Dictionary] = []

    def walk(node: object) -> None:
        if isinstance(node, pikepdf.Dictionary) and node.get("/Type") == "/StructElem":
            out.append(node)
            walk(node.get("/K"))
        elif isinstance(node, pikepdf.Array):
            for child in node:
                walk(child)

    walk(pdf.Root.StructTreeRoot.K)
    return out


def test_catalogue_says_tagged_and_pdf_ua(pdf: pikepdf.Pdf) -> None:
    assert bool(pdf.Root.MarkInfo.Marked)
    assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
    assert str(pdf.Root.Lang) == "da-DK"
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
        assert xmp.get("{http://www.aiim.org/pdfua/ns/id/}part") == "1"


def test_structure_has_every_kind_of_block(pdf: pikepdf.Pdf) -> None:
    elems = _elements(pdf)
    kinds = Counter(str(e.S)[1:] for e in elems)
    for kind in (
        "Document",
        "H1",
        "H2",
        "P",
        "Caption",
        "Figure",
        "Table",
        "TR",
        "TH",
        "TD",
        "TOC",
        "TOCI",
        "L",
        "LI",
        "LBody",
        "Link",
    ):
        assert kinds[kind] > 0, kind
    figures = [e for e in elems if e.S == "/Figure"]
    assert all(str(e.Alt).startswith("Figuren ") for e in figures)
    assert all(e.A.Scope in ("/Column", "/Row") for e in elems if e.S == "/TH")
    assert all(e.S == "/TR" for e in elems if e.get("/S") == "/TR")


def test_all_text_is_marked_or_artifact(pdf: pikepdf.Pdf) -> None:
    for number, page in enumerate(pdf.pages):
        depth, mcids = 0, 0
        for operands, operator in pikepdf.parse_content_stream(page):
            op = str(operator)
            if op in ("BDC", "BMC"):
                depth += 1
                mcids += op == "BDC"
            elif op == "EMC":
                depth -= 1
            elif op in TEXT_OPS:
                assert depth > 0, f"unmarked text on page {number + 1}: {operands}"
        assert depth == 0
        parents = pdf.Root.StructTreeRoot.ParentTree.Nums[2 * number + 1]
        assert int(page.obj.StructParents) == number
        assert len(parents) == mcids
        assert page.obj.Tabs == "/S"


def test_links_are_in_the_structure(pdf: pikepdf.Pdf) -> None:
    links = [
        a for page in pdf.pages for a in page.obj.get("/Annots", []) if a.get("/Subtype") == "/Link"
    ]
    assert links
    assert all("/StructParent" in a and str(a.Contents) for a in links)
