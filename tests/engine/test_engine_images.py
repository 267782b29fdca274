"""Images in chapters: ```{image} path``` with alt text and a numbered caption, read only
from inside the project."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest
from engine_pdf import page_texts
from PIL import Image

from rapport.build import BuildOptions, build_report
from rapport.errors import ProjectError
from rapport.markdown import ImageBlock, parse_chapter

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">'
    '<rect x="10" y="10" width="80" height="80" fill="#e4572e"/></svg>'
)
PLACED = """

Se @fig:foto.

```{image} billeder/foto.png
:id: foto
:alt: Et blåt rektangel på lys baggrund
:caption: Et fotografi fra biblioteket
:width: 0.5
:source: Eget foto
```

```{image} billeder/diagram.svg
:alt: En rød firkant
:caption: Et diagram
```
"""


def test_image_options_parse() -> None:
    text = "# T\n\n```{image} a/b.png\n:alt: Alt\n:caption: Tekst\n:width: 0,5\n```\n"
    block = parse_chapter(text, Path("k.md")).blocks[1]
    assert block == ImageBlock(3, "a/b.png", "Alt", "Tekst", "image-3", 0.5, "")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (":caption: Tekst\n", "needs a file and :alt:"),
        (":alt: Alt\n", "needs a file and :caption:"),
        (":alt: A\n:caption: T\n:farve: rød\n", "unknown image option ':farve: rød'"),
        (":alt: A\n:caption: T\n:width: 3\n", "is not a share of the text width"),
    ],
)
def test_image_needs_alt_and_caption(body: str, message: str) -> None:
    with pytest.raises(ProjectError, match=message) as info:
        parse_chapter(f"# T\n\n```{{image}} a.png\n{body}```\n", Path("k.md"))
    assert info.value.location.line in (3, 6)


def _project(mini: Path, extra: str = PLACED) -> Path:
    folder = mini / "billeder"
    folder.mkdir()
    Image.new("RGB", (400, 240), (11, 79, 108)).save(folder / "foto.png")
    (folder / "diagram.svg").write_text(SVG, encoding="utf-8")
    chapter = mini / "chapters" / "02.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return mini


def test_images_are_numbered_figures_with_alt_text(mini: Path) -> None:
    pdf = build_report(BuildOptions(project=_project(mini))).pdf
    text = "\n".join(page_texts(pdf))
    assert "Se figur 2.2." in text
    assert "Figur 2.2 Et fotografi fra biblioteket" in text
    assert "Kilde: Eget foto" in text
    assert "Figur 2.3 Et diagram" in text
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        alts = [str(e.Alt) for e in _figures(doc.Root.StructTreeRoot)]
        images = [
            name
            for page in doc.pages
            for name, obj in page.Resources.get("/XObject", {}).items()
            if obj.get("/Subtype") == "/Image"
        ]
    assert "Et blåt rektangel på lys baggrund" in alts
    assert "En rød firkant" in alts
    assert len(images) == 1  # the PNG; the SVG is drawn as vector paths


def test_an_image_outside_the_project_is_an_error_at_its_line(mini: Path, tmp_path: Path) -> None:
    Image.new("RGB", (10, 10)).save(tmp_path / "ude.png")
    project = _project(mini, "\n\n```{image} ../ude.png\n:alt: A\n:caption: C\n```\n")
    with pytest.raises(ProjectError, match="points outside the project folder") as info:
        build_report(BuildOptions(project=project))
    assert info.value.location.file.name == "02.md"
    assert info.value.location.line is not None


def test_an_svg_that_refers_to_another_file_is_refused(mini: Path) -> None:
    project = _project(mini, "\n\n```{image} billeder/ond.svg\n:alt: A\n:caption: C\n```\n")
    (project / "billeder" / "ond.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<image xlink:href="/etc/hosts" width="10" height="10"/></svg>',
        encoding="utf-8",
    )
    with pytest.raises(ProjectError, match="refers to another file or URL"):
        build_report(BuildOptions(project=project))


def _figures(node: pikepdf.Object) -> list[pikepdf.Dictionary]:
    found = []
    kids = node.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary):
            if kid.get("/S") == "/Figure" and "/Alt" in kid:
                found.append(kid)
            found += _figures(kid)
    return found


PAGE_BREAK = "\n\n```{pagebreak}\n```\n\nMere tekst.\n"


def _page_images(pdf: bytes) -> list[int]:
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        return [
            sum(
                1
                for obj in page.Resources.get("/XObject", {}).values()
                if obj.get("/Subtype") == "/Image"
            )
            for page in doc.pages
        ]


def test_layout_logo_on_cover_back_page_and_running_head(mini: Path) -> None:
    Image.new("RGB", (300, 100), (228, 87, 46)).save(mini / "logo.png")
    chapter = mini / "chapters" / "02.md"  # a body page, with a running head
    chapter.write_text(chapter.read_text(encoding="utf-8") + PAGE_BREAK, encoding="utf-8")
    layout = mini / "logo.yaml"
    layout.write_text(
        "extends: rapport\ncover: {logo: logo.png, logo_width: 30mm}\nrunning: {logo: right}\n",
        encoding="utf-8",
    )
    pdf = build_report(BuildOptions(project=mini, layout=str(layout))).pdf
    plain = build_report(BuildOptions(project=mini)).pdf
    with_logo, without = _page_images(pdf), _page_images(plain)
    assert with_logo[0] == 1  # cover
    assert with_logo[-1] == 1  # back page
    body = next(i for i, t in enumerate(page_texts(pdf)) if "Mere tekst" in t)
    assert with_logo[body] == 1  # at the header's right, in place of the chapter name
    assert "Testrapport" in page_texts(pdf)[body]
    assert "Metode" not in page_texts(pdf)[body]  # header_right gave way to the logo
    assert sum(without) == 0


@pytest.mark.parametrize(
    ("logo", "message"),
    [("../ude.png", "points outside the layout file's folder"), ("mangler.svg", "not an existing")],
)
def test_a_logo_must_be_an_image_beside_the_layout(tmp_path: Path, logo: str, message: str) -> None:
    from rapport.errors import LayoutError
    from rapport.layout.load import load_layout

    folder = tmp_path / "layout"
    folder.mkdir()
    Image.new("RGB", (10, 10)).save(tmp_path / "ude.png")
    (folder / "l.yaml").write_text(f"extends: rapport\ncover: {{logo: {logo}}}\n", encoding="utf-8")
    with pytest.raises(LayoutError) as info:
        load_layout(folder / "l.yaml")
    problem = (info.value.problems or (info.value,))[0]
    assert message in str(problem)
    assert problem.location.line == 2
