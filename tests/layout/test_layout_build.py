"""A layout copied with ``layouts init`` and edited changes the built PDF accordingly."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from rapport.build import BuildOptions, build_report
from rapport.layout.cli import make_layouts
from rapport.layout.model import MM
from rapport.resources import data_dir, fonts_dir


def edited_layout(folder: Path) -> Path:
    """``layouts init rapport`` + edits of page size, colours, fonts and header text."""
    path = folder / "hus.yaml"
    result = CliRunner().invoke(make_layouts(), ["init", "rapport", str(path)])
    assert result.exit_code == 0, result.output
    (folder / "husfont").mkdir()
    for face in ("Regular", "Bold", "Italic", "BoldItalic"):
        source = fonts_dir() / "liberation-sans" / f"LiberationSans-{face}.ttf"
        shutil.copyfile(source, folder / "husfont" / f"Hus-{face}.ttf")
    text = path.read_text(encoding="utf-8")
    edits = {
        "  size: A4 ": "  size: custom\n  width: 170mm\n  height: 240mm\n  #",
        '  accent: "#0b4f6c"': '  accent: "#7a1f5c"',
        "regular: liberation-serif/LiberationSerif-Regular.ttf": "regular: husfont/Hus-Regular.ttf",
        "bold: liberation-serif/LiberationSerif-Bold.ttf": "bold: husfont/Hus-Bold.ttf",
        "italic: liberation-serif/LiberationSerif-Italic.ttf": "italic: husfont/Hus-Italic.ttf",
        "bold_italic: liberation-serif/LiberationSerif-BoldItalic.ttf": (
            "bold_italic: husfont/Hus-BoldItalic.ttf"
        ),
        "name: Liberation Serif": "name: Hus Sans",
        'header_left: "{title}"': 'header_left: "Husets udgave af {title}"',
        "chapter:  {header: false,": "chapter:  {header: true,",
    }
    for old, new in edits.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> PdfReader:
    folder = tmp_path_factory.mktemp("edited")
    project = folder / "projekt"
    shutil.copytree(data_dir() / "skabelon", project)
    layout = edited_layout(folder)
    result = build_report(
        BuildOptions(project=project, layout=str(layout), cache_dir=folder / "cache")
    )
    assert result.layout.name == "hus"
    return PdfReader(io.BytesIO(result.pdf))


def test_page_size_is_the_media_box(built: PdfReader) -> None:
    box = built.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx((170 * MM, 240 * MM), abs=0.5)


def test_body_font_is_the_local_family(built: PdfReader) -> None:
    names = set()
    for page in built.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        names |= {str(font.get_object().get("/BaseFont")) for font in fonts.values()}
    assert not any("Serif" in name for name in names), names
    assert any("LiberationSans" in name for name in names), names


def test_header_text_is_on_the_body_pages(built: PdfReader) -> None:
    texts = [page.extract_text() for page in built.pages]
    assert any("Husets udgave af Min rapport" in text for text in texts)


def fill(hex_colour: str) -> str:
    """The PDF operator reportlab writes to fill with ``hex_colour``."""
    parts = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return " ".join(f"{c:.6f}".lstrip("0") for c in parts) + " rg"


def test_accent_colour_fills_the_cover(built: PdfReader) -> None:
    content = built.pages[0].get_contents().get_data().decode("latin-1")
    assert fill("#7a1f5c") in content
    assert fill("#0b4f6c") not in content
