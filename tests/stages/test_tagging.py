"""Stage 9/10, tagging: what rendering marks, and the structure tree built from it."""

from __future__ import annotations

import io

import pikepdf
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Table
from stage_helpers import META, render

from rapport.flowables import Para
from rapport.layout.model import Layout
from rapport.render import Running, render_pdf
from rapport.styles import Fonts
from rapport.tagging import table_tagger


def _story(styles: dict[str, dict[str, ParagraphStyle]]) -> list[object]:
    body = styles["da"]["body"]
    heading = Para('<a name="sec-a"/>Overskrift', styles["da"]["chapter"])
    heading.rapport_role = "H1"  # type: ignore[attr-defined]
    text = Para('Brødtekst med <a href="#sec-a">et link</a>.', body)
    text.rapport_role = "P"  # type: ignore[attr-defined]
    table = Table([["Procent", "I alt"], ["Ja", "62"]])
    table._renderCB = table_tagger("data", "tab-t")
    return [heading, text, table]


def _elements(pdf: pikepdf.Pdf) -> list[str]:
    out: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, pikepdf.Dictionary) and node.get("/Type") == "/StructElem":
            out.append(str(node.S))
            walk(node.get("/K"))
        elif isinstance(node, pikepdf.Array):
            for child in node:
                walk(child)

    walk(pdf.Root.StructTreeRoot.K)
    return out


def test_rendering_records_one_mark_per_drawn_element(
    layout: Layout, fonts: Fonts, styles: dict[str, dict[str, ParagraphStyle]]
) -> None:
    _, _, hint = render_pdf(_story(styles), layout, fonts, META, Running())
    marks = hint.tags.marks
    roles = [m.role for m in marks]
    assert roles[0] == "H1"
    link = [m for m in marks if m.path and m.path[-1][0] == "Link"]
    assert len(link) == 1
    assert link[0].path[0][0] == "P"  # the link's text sits inside its paragraph
    assert roles.count("TH") == 3  # the header row and the row's first cell
    assert roles.count("TD") == 1
    assert all(m.page == 0 for m in hint.tags.marks)
    assert [m.mcid for m in hint.tags.marks] == list(range(len(roles)))


def test_the_structure_tree_nests_the_table_and_links(
    layout: Layout, fonts: Fonts, styles: dict[str, dict[str, ParagraphStyle]]
) -> None:
    pdf = pikepdf.open(io.BytesIO(render(_story(styles), layout, fonts)))
    assert bool(pdf.Root.MarkInfo.Marked)
    kinds = _elements(pdf)
    assert kinds[0] == "/Document"
    assert kinds.index("/H1") < kinds.index("/P") < kinds.index("/Table")
    assert kinds.count("/TR") == 2
    assert {"/TH", "/TD", "/Link"} <= set(kinds)
    assert len(pdf.Root.StructTreeRoot.ParentTree.Nums) >= 2
